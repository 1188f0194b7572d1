import { runProcess } from './processRunner';

/** An engine executable and the environment every one of its processes gets. */
export interface Engine {
  path: string;
  env: NodeJS.ProcessEnv;
}

/** Podman names what it builds `localhost/<name>`, keeps HEALTHCHECK only in the docker format, and runs health checks only when asked. */
export function isPodman(engine: Pick<Engine, 'path'>): boolean {
  return /^podman/.test(engine.path.slice(engine.path.lastIndexOf('/') + 1));
}

export interface ImageFacts {
  id: string;
  size: number;
  repoDigests: string[];
}

const REMOVAL_WAIT_MS = 15_000;
const REMOVAL_POLL_MS = 100;

export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function inspectImage(engine: Engine, ref: string): Promise<ImageFacts | undefined> {
  const r = await runProcess(engine.path, ['image', 'inspect', ref], { env: engine.env, collectStdout: true });
  if (r.code !== 0) return undefined;
  try {
    const [image] = JSON.parse(r.stdout) as Array<{ Id?: string; Size?: number; RepoDigests?: string[] | null }>;
    // Podman prints the image id without its algorithm.
    const id = /^[0-9a-f]{64}$/.test(image.Id ?? '') ? `sha256:${image.Id}` : (image.Id ?? '');
    return { id, size: image.Size ?? 0, repoDigests: image.RepoDigests ?? [] };
  } catch {
    return undefined;
  }
}

function repositoryOf(ref: string): string {
  const name = ref.split('@')[0];
  const colon = name.lastIndexOf(':');
  const repo = colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
  return repo.replace(/^(docker\.io|index\.docker\.io)\//, '').replace(/^library\//, '');
}

/** The digest of `ref` among an image's RepoDigests (`repo@sha256:…`), which name the repository in short form. */
export function digestForReference(ref: string, repoDigests: readonly string[]): string | undefined {
  const pinned = /@(sha256:[0-9a-f]{64})$/.exec(ref);
  if (pinned) return pinned[1];
  const repo = repositoryOf(ref);
  const match = repoDigests.find((d) => repositoryOf(d) === repo) ?? (repoDigests.length === 1 ? repoDigests[0] : undefined);
  return match?.split('@')[1];
}

async function containerExists(engine: Engine, nameOrId: string): Promise<boolean> {
  const r = await runProcess(engine.path, ['container', 'inspect', '--format', '{{.Id}}', nameOrId], { env: engine.env });
  return r.code === 0;
}

/**
 * Force-removes containers and waits until the engine no longer lists them: after a cancelled
 * build the daemon removes its intermediate container on its own, a moment later, and
 * `rm -f` then answers "removal already in progress".
 */
export async function removeContainers(engine: Engine, namesOrIds: readonly string[]): Promise<void> {
  if (namesOrIds.length === 0) return;
  await runProcess(engine.path, ['rm', '-f', ...namesOrIds], { env: engine.env });
  const deadline = Date.now() + REMOVAL_WAIT_MS;
  for (const id of namesOrIds) {
    while ((await containerExists(engine, id)) && Date.now() < deadline) {
      await runProcess(engine.path, ['rm', '-f', id], { env: engine.env });
      await delay(REMOVAL_POLL_MS);
    }
  }
}

export async function removeImages(engine: Engine, refs: readonly string[]): Promise<void> {
  if (refs.length === 0) return;
  await runProcess(engine.path, ['image', 'rm', ...refs], { env: engine.env });
}

/**
 * Tags (`repo:tag`) the engine holds in exactly one repository, named as we name it. `image ls
 * <repo>` on Podman prints `localhost/<repo>` and every other name of the same images, a user's
 * own tag included: only names of this repository, with the `localhost/` Podman adds removed, are
 * returned.
 */
export async function listRepositoryTags(engine: Engine, repository: string): Promise<string[]> {
  const r = await runProcess(engine.path, ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', repository], {
    env: engine.env,
    collectStdout: true,
  });
  if (r.code !== 0) return [];
  return r.stdout
    .split('\n')
    .map((l) => l.trim().replace(/^localhost\//, ''))
    .filter((l) => l && !l.endsWith(':<none>') && l.slice(0, l.lastIndexOf(':')) === repository);
}
