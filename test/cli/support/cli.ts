import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

/** The repository root, from build/test/cli/support/. */
export const ROOT = path.resolve(__dirname, '../../../..');
export const CLI = path.join(ROOT, 'server/out/cli.js');

// A root hook: the CLI is bundled once per mocha run, from the current sources, before any test.
before(async function () {
  this.timeout(120_000);
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
});

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  stdin?: string;
  /** Added to an environment whose HOME, cache and docker config point into `cwd`'s sandbox. */
  env?: NodeJS.ProcessEnv;
}

/** Runs `node server/out/cli.js ...args` as a real process and waits for it to exit. */
export function runCli(args: string[], opts: RunOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const sandbox = path.join(opts.cwd, '.sandbox');
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd,
      env: {
        PATH: process.env.PATH,
        HOME: sandbox,
        XDG_CACHE_HOME: path.join(sandbox, 'cache'),
        DOCKER_CONFIG: path.join(sandbox, 'docker'),
        ...opts.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}

/** A fresh directory holding `files` (relative path → content); removed by `cleanup`. */
export async function workspace(files: Record<string, string | Buffer>): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dph-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Text lines of a compiler-style report, without the blank line and the summary. */
export function findingLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l));
}
