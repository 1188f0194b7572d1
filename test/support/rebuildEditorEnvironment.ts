import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DOCKER_CLI, startDockerd, type TestDockerd } from './engine';
import { pushBusybox } from './registry/busybox';
import { startRegistry, type TestRegistry } from './registry/start-registry';

/**
 * What the Rebuild and Test tests inside the editor need: a private dockerd and a loopback registry
 * holding a runnable busybox base. Started from inside the extension host (root, same machine), so
 * the outer harness passes nothing; the extension reads DOCKER_HOST from the extension host's
 * environment at each run, as it would from a user's shell, and it is set here and put back by stop().
 */
export interface RebuildEditorEnvironment {
  dockerd: TestDockerd;
  registry: TestRegistry;
  /** The Debian docker client (20.10, like dockerd), for `dockerfilePatchHygiene.rebuild.engine`. */
  engine: string;
  /** Pushes a busybox image as `<repo>:<tag>` and returns the FROM reference and its digest. */
  pushBase(repo: string, tag: string): Promise<{ ref: string; digest: string }>;
  stop(): Promise<void>;
}

const KEYS = ['DOCKER_HOST', 'DOCKER_CONFIG', 'DOCKER_BUILDKIT', 'DOCKER_CONTEXT'] as const;

export async function startRebuildEditorEnvironment(): Promise<RebuildEditorEnvironment> {
  const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  const configDir = await mkdtemp(path.join(os.tmpdir(), 'dph-editor-docker-'));
  const [dockerd, registry] = await Promise.all([startDockerd(), startRegistry()]);
  process.env.DOCKER_HOST = dockerd.host;
  process.env.DOCKER_CONFIG = configDir;
  // The classic builder: Debian's client has no buildx, and its BuildKit needs --network host here.
  delete process.env.DOCKER_BUILDKIT;
  delete process.env.DOCKER_CONTEXT;
  return {
    dockerd,
    registry,
    engine: DOCKER_CLI,
    async pushBase(repo, tag) {
      const pushed = await pushBusybox(registry, repo, tag);
      return { ref: `${registry.host}/${repo}:${tag}`, digest: pushed.digest };
    },
    async stop() {
      for (const key of KEYS) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      await Promise.allSettled([registry.stop(), dockerd.stop()]);
      await rm(configDir, { recursive: true, force: true });
    },
  };
}
