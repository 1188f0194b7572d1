import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import * as path from 'node:path';
import { runProcess } from './processRunner';
import type { EngineStatus } from './types';

const VERSION_TIMEOUT_MS = 20_000;

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Resolves an engine name on the PATH of `env`, or checks a path as given. */
export async function resolveEngineExecutable(engine: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (engine.includes('/') || engine.includes(path.sep)) {
    return (await isExecutable(engine)) ? path.resolve(engine) : undefined;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, engine);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function startHint(name: string): string {
  if (name.includes('podman')) return 'start the Podman service (systemctl start podman.socket) or check CONTAINER_HOST/connection';
  if (name.includes('nerdctl')) return 'start containerd and buildkitd (systemctl start containerd buildkit) or check CONTAINERD_ADDRESS';
  return 'start the Docker daemon (systemctl start docker) or check DOCKER_HOST/context';
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

/**
 * Checks that the engine binary exists and its daemon answers. `engine` is `docker` (default),
 * `podman`, `nerdctl` or a path; the environment (DOCKER_HOST, docker context) is used as it is.
 */
export async function detectEngine(engine?: string, env: NodeJS.ProcessEnv = process.env): Promise<EngineStatus> {
  const name = engine?.trim() || 'docker';
  const file = await resolveEngineExecutable(name, env);
  if (!file) {
    return {
      ok: false,
      path: name,
      message: `Container engine "${name}" was not found: install Docker Engine (or Podman/nerdctl) or set the engine path (--engine or the rebuild engine setting).`,
    };
  }
  // `version` exits non-zero when the client cannot reach its daemon, for docker, podman-remote and nerdctl.
  const probe = await runProcess(file, ['version'], { env, timeoutMs: VERSION_TIMEOUT_MS });
  if (probe.code === 0) return { ok: true, path: file, message: `Using ${file}.` };
  const why = probe.startError?.message ?? (probe.timedOut ? `no answer within ${VERSION_TIMEOUT_MS / 1000} s` : lastLine(probe.stderr));
  return {
    ok: false,
    path: file,
    message: `The ${path.basename(file)} daemon is not reachable (${why}): ${startHint(path.basename(file))}.`,
  };
}
