import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Runs `node <cli> ...args` and resolves with its wall time in ms. Rejects on a non-zero exit, or
 * when stderr matches `failOnStderr`, with the start of stderr so the reason shows.
 */
export function timeCli(cli: string, args: string[], opts: { env: NodeJS.ProcessEnv; stdout: number | 'ignore'; failOnStderr?: RegExp }): Promise<number> {
  const began = performance.now();
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', opts.stdout, 'pipe'], env: opts.env });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && !opts.failOnStderr?.test(stderr)) resolve(performance.now() - began);
      else reject(new Error(`node ${cli} ${args.join(' ')} exited with ${code}: ${stderr.slice(0, 2000)}`));
    });
  });
}

/**
 * The same as timeCli, and the process's peak resident memory in MB, from GNU time's %M (the
 * kernel's maxrss of the child, worker threads included); undefined without /usr/bin/time.
 */
export function timeCliWithPeak(cli: string, args: string[], opts: { env: NodeJS.ProcessEnv; stdout: number | 'ignore' }): Promise<{ ms: number; peakMb?: number }> {
  const gnuTime = existsSync('/usr/bin/time');
  const began = performance.now();
  const command = gnuTime ? '/usr/bin/time' : process.execPath;
  const argv = gnuTime ? ['-f', 'dph-maxrss-kb=%M', process.execPath, cli, ...args] : [cli, ...args];
  const child = spawn(command, argv, { stdio: ['ignore', opts.stdout, 'pipe'], env: opts.env });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - began;
      const kb = /dph-maxrss-kb=(\d+)/.exec(stderr)?.[1];
      if (code === 0) resolve({ ms, peakMb: kb ? Number(kb) / 1024 : undefined });
      else reject(new Error(`node ${cli} ${args.join(' ')} exited with ${code}: ${stderr.slice(0, 2000)}`));
    });
  });
}
