import { delay, isPodman, removeContainers, type Engine } from './engineCommands';
import { runProcess } from './processRunner';

export interface TestRun {
  status: 'passed' | 'failed' | 'cancelled';
  message: string;
}

export interface ContainerRequest {
  image: string;
  containerName: string;
  platform?: string;
  network?: string;
  signal?: AbortSignal;
  onOutput: (line: string, stream: 'stdout' | 'stderr') => void;
}

function runFlags(request: ContainerRequest): string[] {
  const flags = ['--name', request.containerName];
  if (request.platform) flags.push('--platform', request.platform);
  if (request.network) flags.push('--network', request.network);
  return flags;
}

/**
 * Runs the test command in the built image with `sh -c`. The entrypoint is replaced by `sh`,
 * or an image with `ENTRYPOINT ["node"]` would run `node sh -c …`. Killing the client does
 * not stop the container, so it is removed by name whatever happens.
 */
export async function runTestCommand(engine: Engine, request: ContainerRequest, command: string): Promise<TestRun> {
  const args = ['run', '--rm', ...runFlags(request), '--entrypoint', 'sh', request.image, '-c', command];
  try {
    // `docker run` forwards SIGTERM to the container, where a shell as PID 1 ignores it; the
    // container is removed by name below, so the client can simply be killed.
    const r = await runProcess(engine.path, args, { env: engine.env, signal: request.signal, onLine: request.onOutput, killGraceMs: 0 });
    if (r.cancelled) return { status: 'cancelled', message: 'Cancelled while the test command ran.' };
    if (r.code === 0) return { status: 'passed', message: `Test command passed: ${command}` };
    return { status: 'failed', message: `Test command exited with code ${r.code ?? 'unknown'}: ${command}` };
  } finally {
    await removeContainers(engine, [request.containerName]);
  }
}

interface ContainerState {
  Status?: string;
  Running?: boolean;
  ExitCode?: number;
  Health?: { Status?: string; FailingStreak?: number; Log?: Array<{ ExitCode?: number; Output?: string }> | null };
}

async function containerState(engine: Engine, name: string): Promise<ContainerState | undefined> {
  const r = await runProcess(engine.path, ['container', 'inspect', '--format', '{{json .State}}', name], {
    env: engine.env,
    collectStdout: true,
  });
  if (r.code !== 0) return undefined;
  try {
    return JSON.parse(r.stdout) as ContainerState;
  } catch {
    return undefined;
  }
}

const HEALTH_POLL_MS = 250;

/** Docker's HEALTHCHECK defaults: every 30 s, unhealthy after 3 failures in a row. */
const DEFAULT_INTERVAL_MS = 30_000;
const DEFAULT_RETRIES = 3;

/** When and how often the image's HEALTHCHECK runs, from the container's config (durations in nanoseconds). */
async function healthSchedule(engine: Engine, name: string): Promise<{ intervalMs: number; retries: number }> {
  const r = await runProcess(engine.path, ['container', 'inspect', '--format', '{{json .Config.Healthcheck}}', name], { env: engine.env, collectStdout: true });
  try {
    const config = JSON.parse(r.stdout) as { Interval?: number; Retries?: number } | null;
    return { intervalMs: config?.Interval ? config.Interval / 1e6 : DEFAULT_INTERVAL_MS, retries: config?.Retries || DEFAULT_RETRIES };
  } catch {
    return { intervalMs: DEFAULT_INTERVAL_MS, retries: DEFAULT_RETRIES };
  }
}

/** Starts the image detached and waits for its HEALTHCHECK to report healthy or unhealthy. */
export async function runHealthcheck(engine: Engine, request: ContainerRequest, timeoutMs: number): Promise<TestRun> {
  const started = await runProcess(engine.path, ['run', '-d', ...runFlags(request), request.image], {
    env: engine.env,
    signal: request.signal,
    onLine: request.onOutput,
  });
  try {
    if (started.cancelled) return { status: 'cancelled', message: 'Cancelled while the container started.' };
    if (started.code !== 0) return { status: 'failed', message: `The container did not start (exit code ${started.code ?? 'unknown'}).` };
    const deadline = Date.now() + timeoutMs;
    // Without systemd Podman runs a container's health check only when asked: we ask on the
    // HEALTHCHECK's own schedule (first after one interval, as Docker does), and each run updates its state.
    const schedule = isPodman(engine) ? await healthSchedule(engine, request.containerName) : undefined;
    let nextCheck = schedule ? Date.now() + schedule.intervalMs : Infinity;
    const podman = schedule !== undefined;
    for (;;) {
      if (request.signal?.aborted) return { status: 'cancelled', message: 'Cancelled while waiting for the HEALTHCHECK.' };
      if (schedule && Date.now() >= nextCheck) {
        await runProcess(engine.path, ['healthcheck', 'run', request.containerName], { env: engine.env, signal: request.signal });
        nextCheck = Date.now() + schedule.intervalMs;
      }
      const state = await containerState(engine, request.containerName);
      const health = state?.Health?.Status;
      if (health === 'healthy') return { status: 'passed', message: 'HEALTHCHECK reported healthy.' };
      // An exited container reads as unhealthy with an empty log; its exit code says more.
      if (!state || state.Running === false) {
        await streamLogs(engine, request);
        return { status: 'failed', message: `The container exited with code ${state?.ExitCode ?? '?'} before its HEALTHCHECK reported healthy.` };
      }
      // One failed check is not a verdict: Docker waits for `retries` (3 by default) in a row, and so do we on Podman.
      if (health === 'unhealthy' && (!podman || (state?.Health?.FailingStreak ?? 0) >= (schedule?.retries ?? 1))) {
        const last = state?.Health?.Log?.at(-1);
        await streamLogs(engine, request);
        const output = last?.Output?.trim();
        return { status: 'failed', message: `HEALTHCHECK reported unhealthy (exit code ${last?.ExitCode ?? '?'}${output ? `: ${output}` : ''}).` };
      }
      if (Date.now() >= deadline) {
        await streamLogs(engine, request);
        return { status: 'failed', message: `HEALTHCHECK did not report healthy within ${Math.round(timeoutMs / 1000)} s (status: ${health ?? 'none'}); raise the health timeout if the service starts slowly.` };
      }
      await delay(HEALTH_POLL_MS, request.signal);
    }
  } finally {
    await removeContainers(engine, [request.containerName]);
  }
}

async function streamLogs(engine: Engine, request: ContainerRequest): Promise<void> {
  await runProcess(engine.path, ['logs', request.containerName], { env: engine.env, onLine: request.onOutput });
}
