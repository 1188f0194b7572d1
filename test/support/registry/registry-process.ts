import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
// A crashed or interrupted mocha run must not leave registries listening or temp trees behind.
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

export function trackTempDir(dir: string): () => void {
  tempDirs.add(dir);
  return () => {
    tempDirs.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}

export interface RunningRegistry {
  child: ChildProcess;
  stderrTail(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function spawnRegistry(configPath: string): RunningRegistry {
  const child = spawn(REGISTRY_BINARY, ['serve', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  let tail = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-16_384);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', (err) => {
      tail += `\nspawn ${REGISTRY_BINARY} failed: ${err.message}`;
      live.delete(child);
      resolve(null);
    });
    child.on('exit', (code) => {
      live.delete(child);
      resolve(code);
    });
  });
  return {
    child,
    stderrTail: () => tail,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || !live.has(child)) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Ready means the HTTP server answers /v2/ at all: with auth on, 401 is the healthy answer.
 * Polls with a growing delay, bounded overall, and fails fast with the registry's stderr if it exits.
 */
export async function waitUntilAnswering(url: string, registry: RunningRegistry, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void registry.exited.then((code) => (exitCode = code));
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    if (exitCode !== undefined) {
      throw new Error(`docker-registry exited (code ${exitCode}) before answering:\n${registry.stderrTail()}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      // Connection refused until the listener is up.
    }
    if (Date.now() > deadline) {
      throw new Error(`docker-registry did not answer ${url} within ${timeoutMs} ms:\n${registry.stderrTail()}`);
    }
    await Promise.race([new Promise((r) => setTimeout(r, delay)), registry.exited]);
  }
}
