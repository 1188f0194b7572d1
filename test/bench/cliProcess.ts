import { spawn } from 'node:child_process';

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
