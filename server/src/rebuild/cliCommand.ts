import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rebuildAndTest } from './rebuildAndTest';
import type { RebuildOptions, RebuildResult } from './types';

/** Where the CLI front end prints; `process.stdout`/`process.stderr` fit. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env?: NodeJS.ProcessEnv;
  /** Cancels the run; without it, SIGINT/SIGTERM of this process cancel it. */
  signal?: AbortSignal;
}

export const REBUILD_USAGE = `Usage: rebuild <Dockerfile> [--context DIR] [--test CMD] [--target T] [--no-cache]
               [--engine NAME|PATH] [--build-arg K=V]... [--platform P] [--network N]
               [--history-dir DIR] [--health-timeout SECONDS] [--json]
Rebuilds the image on a freshly pulled base and runs its tests (the --test command in the image,
else a "test" stage, else the HEALTHCHECK). Exit 0: passed; 1: build or tests failed; 2: usage
error or no usable engine; 130: cancelled (Ctrl-C), with every container removed.`;

class UsageError extends Error {}

interface Parsed {
  options: RebuildOptions;
  json: boolean;
}

function parse(argv: readonly string[], env: NodeJS.ProcessEnv): Parsed {
  const options: Partial<RebuildOptions> & { buildArgs: Record<string, string> } = { buildArgs: {} };
  let json = false;
  const rest = [...argv];
  const value = (flag: string): string => {
    const v = rest.shift();
    if (v === undefined) throw new UsageError(`${flag} needs a value.`);
    return v;
  };
  const positional: string[] = [];
  while (rest.length > 0) {
    const arg = rest.shift() as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      rest.unshift(arg.slice(eq + 1));
    }
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    switch (flag) {
      case '--context': options.context = value(flag); break;
      case '--test': options.test = value(flag); break;
      case '--target': options.target = value(flag); break;
      case '--no-cache': options.noCache = true; break;
      case '--engine': options.engine = value(flag); break;
      case '--platform': options.platform = value(flag); break;
      case '--network': options.network = value(flag); break;
      case '--history-dir': options.historyDir = value(flag); break;
      case '--json': json = true; break;
      case '--health-timeout': {
        const seconds = Number(value(flag));
        if (!(seconds > 0)) throw new UsageError('--health-timeout takes a number of seconds, e.g. --health-timeout 90.');
        options.healthTimeoutMs = seconds * 1000;
        break;
      }
      case '--build-arg': {
        const pair = value(flag);
        const at = pair.indexOf('=');
        if (at <= 0) throw new UsageError(`--build-arg takes KEY=VALUE, got "${pair}".`);
        options.buildArgs[pair.slice(0, at)] = pair.slice(at + 1);
        break;
      }
      case '--': positional.push(...rest.splice(0)); break;
      default:
        if (flag.startsWith('-') && flag !== '-') throw new UsageError(`Unknown option ${flag}.`);
        positional.push(arg);
    }
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'Name the Dockerfile to rebuild.' : `Rebuild one Dockerfile at a time, got ${positional.length}.`);
  const dockerfile = positional[0];
  if (!existsSync(dockerfile)) throw new UsageError(`${dockerfile} does not exist.`);
  if (options.context !== undefined && !existsSync(options.context)) throw new UsageError(`Build context ${options.context} does not exist.`);
  options.historyDir ??= defaultHistoryDir(env);
  return { options: { ...options, dockerfile }, json };
}

/** Patch history lives with other per-user state, not in the project. */
function defaultHistoryDir(env: NodeJS.ProcessEnv): string {
  const state = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(state, 'dockerfile-patch-hygiene');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function short(digest: string | undefined): string {
  return digest ? digest.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, '$1…') : 'unknown';
}

function summary(r: RebuildResult): string {
  const lines = [`${r.outcome.toUpperCase()}: ${r.message}`];
  lines.push(`test: ${r.testKind}; build ${(r.durations.buildMs / 1000).toFixed(1)} s, test ${(r.durations.testMs / 1000).toFixed(1)} s`);
  if (r.imageSize !== undefined) {
    const before = r.previous?.imageSize;
    const delta = before !== undefined ? ` (was ${megabytes(before)})` : '';
    lines.push(`image ${r.image} ${short(r.imageId)}, ${megabytes(r.imageSize)}${delta}`);
  }
  if (r.baseImage) {
    const before = r.previous?.baseDigest;
    const change = before === undefined ? '' : before === r.baseDigest ? ' (unchanged)' : ` (was ${short(before)})`;
    lines.push(`base ${r.baseImage} @ ${short(r.baseDigest)}${change}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The `rebuild` subcommand: 0 passed, 1 build or tests failed, 2 usage error or no engine, 130 cancelled. */
export async function runRebuildCli(argv: string[], io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${REBUILD_USAGE}\n`);
    return 0;
  }
  let parsed: Parsed;
  try {
    parsed = parse(argv, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`${err.message}\n${REBUILD_USAGE}\n`);
    return 2;
  }
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  if (io.signal) io.signal.addEventListener('abort', onSignal, { once: true });
  else {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  const out = parsed.json ? io.stderr : io.stdout;
  try {
    const result = await rebuildAndTest({
      ...parsed.options,
      env,
      signal: controller.signal,
      onOutput: (line) => out.write(`${line}\n`),
    });
    if (parsed.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else (result.outcome === 'passed' ? io.stdout : io.stderr).write(summary(result));
    if (result.outcome === 'passed') return 0;
    if (result.outcome === 'engine-unavailable') return 2;
    if (result.outcome === 'cancelled') return 130;
    return 1;
  } finally {
    io.signal?.removeEventListener('abort', onSignal);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
