import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Resolves with the path once `file` exists. Watches its folder (inotify) and also polls,
 * because a watcher can miss a rename that lands before it is armed.
 * Rejects after timeoutMs, or as soon as `abort` rejects (e.g. the server exited).
 */
export function waitForFile(file: string, timeoutMs: number, abort?: Promise<never>): Promise<string> {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      watcher.close();
      clearInterval(poll);
      clearTimeout(deadline);
      if (err) reject(err);
      else resolve(file);
    };
    const check = () => {
      if (fs.existsSync(file)) finish();
    };
    const watcher = fs.watch(dir, check);
    const poll = setInterval(check, 250);
    const deadline = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${file}`)), timeoutMs);
    abort?.catch((err: Error) => finish(err));
    check();
  });
}
