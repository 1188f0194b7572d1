import * as path from 'node:path';
import type { DockerfileFacts, StageFacts } from './dockerfileFacts';
import type { Engine } from './engineCommands';
import { BaseDigestTracker } from './baseDigest';
import { isPodman } from './engineCommands';
import { FailingLineTracker } from './failingLine';
import { runProcess } from './processRunner';

export interface BuildRequest {
  dockerfile: string;
  context: string;
  tag: string;
  pull: boolean;
  noCache?: boolean;
  target?: string;
  platform?: string;
  network?: string;
  buildArgs?: Record<string, string>;
}

export interface BuildOutcome {
  ok: boolean;
  cancelled: boolean;
  exitCode: number | null;
  failingLine?: number;
  /** The last output line that looks like the reason ("returned a non-zero code", "ERROR: …"). */
  reason?: string;
  /** The bases the build used, as it printed them. */
  bases: BaseDigestTracker;
  /** A registry was asked over HTTPS and answered in plain HTTP: the engine needs it marked insecure. */
  plainHttpRegistry?: string;
}

export function buildArguments(engine: Engine, request: BuildRequest): string[] {
  const args = ['build', '-f', request.dockerfile, '-t', request.tag];
  if (request.pull) args.push('--pull');
  // Podman writes OCI images by default, and the OCI format has no HEALTHCHECK.
  if (isPodman(engine)) args.push('--format', 'docker');
  // The classic builder keeps the container of a failed RUN step unless told otherwise.
  if (!path.basename(engine.path).startsWith('nerdctl')) args.push('--force-rm');
  if (request.noCache) args.push('--no-cache');
  if (request.target) args.push('--target', request.target);
  if (request.platform) args.push('--platform', request.platform);
  if (request.network) args.push('--network', request.network);
  for (const [key, value] of Object.entries(request.buildArgs ?? {})) args.push('--build-arg', `${key}=${value}`);
  // A context starting with "-" would read as a flag.
  args.push(request.context.startsWith('-') ? `./${request.context}` : request.context);
  return args;
}

const REASON = /returned a non-zero code|did not complete successfully|^ERROR|ERROR:|error:|failed to/i;

/** Runs one `build`, streaming its lines, and removes any step container a cancellation left behind. */
export async function buildImage(
  engine: Engine,
  request: BuildRequest,
  facts: DockerfileFacts,
  finalStage: StageFacts | undefined,
  signal: AbortSignal | undefined,
  onOutput: (line: string, stream: 'stdout' | 'stderr') => void,
): Promise<BuildOutcome & { leftovers: string[] }> {
  const tracker = new FailingLineTracker(facts, path.basename(request.dockerfile), finalStage);
  const stepContainers = new Set<string>();
  const bases = new BaseDigestTracker();
  let plainHttpRegistry: string | undefined;
  let reason: string | undefined;
  let lastStderr: string | undefined;
  const result = await runProcess(engine.path, buildArguments(engine, request), {
    env: engine.env,
    signal,
    onLine: (line, stream) => {
      tracker.feed(line);
      bases.feed(line);
      const plain = /https?:\/\/([^/\s"]+)\/v2\/.*(?:server gave HTTP response to HTTPS client|http: server gave HTTP)/.exec(line);
      if (plain) plainHttpRegistry = plain[1];
      const running = /^ ---> Running in ([0-9a-f]{12,64})$/.exec(line);
      if (running) stepContainers.add(running[1]);
      const removed = /^Removing intermediate container ([0-9a-f]{12,64})$/.exec(line);
      if (removed) stepContainers.delete(removed[1]);
      if (REASON.test(line)) reason = line.trim();
      if (stream === 'stderr' && line.trim()) lastStderr = line.trim();
      onOutput(line, stream);
    },
  });
  const ok = result.code === 0 && !result.cancelled;
  return {
    ok,
    cancelled: result.cancelled,
    exitCode: result.code,
    failingLine: ok ? undefined : tracker.line,
    reason: ok ? undefined : (reason ?? lastStderr ?? result.startError?.message),
    leftovers: [...stepContainers],
    bases,
    plainHttpRegistry,
  };
}
