/** How a rebuild-and-test run ended. */
export type RebuildOutcome = 'passed' | 'tests-failed' | 'build-failed' | 'cancelled' | 'engine-unavailable';

/** Which test ran: a configured command, a `test` build stage, the final stage's HEALTHCHECK, or none (build only). */
export type TestKind = 'command' | 'target' | 'healthcheck' | 'none';

/** Options of one rebuild-and-test run. Paths may be relative to the process's working directory. */
export interface RebuildOptions {
  dockerfile: string;
  /** Build context; defaults to the Dockerfile's own directory. */
  context?: string;
  /** Shell command run inside the built image (`sh -c`). */
  test?: string;
  /** Build target; its stage is then the "final" stage (HEALTHCHECK, base image). */
  target?: string;
  noCache?: boolean;
  buildArgs?: Record<string, string>;
  platform?: string;
  /** `docker` (default), `podman`, `nerdctl`, or a path to one of them. */
  engine?: string;
  /** `--network` for build and test containers; unset leaves the engine's default. */
  network?: string;
  /** Directory of the patch history file; no history is written or read without it. */
  historyDir?: string;
  /** Environment of every engine process (DOCKER_HOST, DOCKER_CONTEXT… pass through as they are). */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How long a HEALTHCHECK may take to report healthy; default 60 s. */
  healthTimeoutMs?: number;
}

/** Size and base digest of an earlier run of the same Dockerfile. */
export interface PreviousRun {
  time: string;
  outcome: RebuildOutcome;
  imageId?: string;
  imageSize?: number;
  baseImage?: string;
  baseDigest?: string;
}

/** What a rebuild-and-test run produced. */
export interface RebuildResult {
  outcome: RebuildOutcome;
  testKind: TestKind;
  /** One line a user can act on (why it failed, what to do). */
  message: string;
  /** 1-based Dockerfile line of the step that failed the build. */
  failingLine?: number;
  durations: { buildMs: number; testMs: number };
  /** Tag given to the image of this run (`dph-rebuild/<name>:<run id>`). */
  image?: string;
  imageId?: string;
  imageSize?: number;
  /** FROM reference of the final stage (through stage aliases), after build-arg substitution. */
  baseImage?: string;
  /** Digest the engine holds for the base after `--pull` (from RepoDigests). */
  baseDigest?: string;
  previous?: PreviousRun;
}

/** Whether a container engine can be used, and what to do if not. */
export interface EngineStatus {
  ok: boolean;
  /** Resolved executable path (or the name as given when it could not be found). */
  path: string;
  message: string;
}

/** One line of the patch history file (JSON lines). */
export interface HistoryRecord {
  time: string;
  dockerfile: string;
  outcome: RebuildOutcome;
  testKind: TestKind;
  image?: string;
  imageId?: string;
  imageSize?: number;
  baseImage?: string;
  baseDigest?: string;
  failingLine?: number;
  durations: { buildMs: number; testMs: number };
}
