import { spawn } from 'node:child_process';

export interface ProcessOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  signal?: AbortSignal;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Keep stdout in the result (for `inspect`-style commands). */
  collectStdout?: boolean;
  timeoutMs?: number;
  /** How long SIGTERM may take before SIGKILL; 0 kills at once. */
  killGraceMs?: number;
}

export interface ProcessResult {
  /** Exit code, or null when the process could not start or was killed. */
  code: number | null;
  cancelled: boolean;
  timedOut: boolean;
  /** Set when the executable could not be started (ENOENT, EACCES). */
  startError?: NodeJS.ErrnoException;
  stdout: string;
  stderr: string;
}

const KILL_GRACE_MS = 3000;
const STDERR_KEEP = 16 * 1024;

/** Runs an executable with an argument array (never a shell), streaming its output line by line. */
export function runProcess(file: string, args: readonly string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const result: ProcessResult = { code: null, cancelled: false, timedOut: false, stdout: '', stderr: '' };
    if (options.signal?.aborted) {
      result.cancelled = true;
      resolve(result);
      return;
    }
    const child = spawn(file, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      const grace = options.killGraceMs ?? KILL_GRACE_MS;
      if (grace === 0) {
        child.kill('SIGKILL');
        return;
      }
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), grace);
    };
    const onAbort = () => {
      result.cancelled = true;
      stop();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timeout = options.timeoutMs
      ? setTimeout(() => {
          result.timedOut = true;
          stop();
        }, options.timeoutMs)
      : undefined;

    const pending = { stdout: '', stderr: '' };
    const feed = (stream: 'stdout' | 'stderr', chunk: string, flush: boolean) => {
      if (stream === 'stdout' && options.collectStdout) result.stdout += chunk;
      if (stream === 'stderr') result.stderr = (result.stderr + chunk).slice(-STDERR_KEEP);
      const text = pending[stream] + chunk;
      const lines = text.split(/\r?\n|\r/);
      pending[stream] = flush ? '' : (lines.pop() ?? '');
      if (!options.onLine) return;
      for (const line of lines) if (!flush || line !== '') options.onLine(line, stream);
    };
    child.stdout.setEncoding('utf8').on('data', (c: string) => feed('stdout', c, false));
    child.stderr.setEncoding('utf8').on('data', (c: string) => feed('stderr', c, false));

    let finished = false;
    // A spawn failure emits 'error' and may still emit 'close'; resolve once.
    const finish = () => {
      if (finished) return;
      finished = true;
      options.signal?.removeEventListener('abort', onAbort);
      if (timeout) clearTimeout(timeout);
      if (killTimer) clearTimeout(killTimer);
      feed('stdout', '', true);
      feed('stderr', '', true);
      resolve(result);
    };
    child.on('error', (err: NodeJS.ErrnoException) => {
      result.startError = err;
      finish();
    });
    child.on('close', (code) => {
      result.code = code;
      finish();
    });
  });
}
