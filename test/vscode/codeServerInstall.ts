import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CodeServerInstall {
  version: string;
  /** Node 24 binary code-server needs (Node 20 is too old for 4.139). */
  node: string;
  /** code-server's out/node/entry.js, started with `node`. */
  entry: string;
}

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
const installScript = path.join(repoRoot, 'scripts', 'install-code-server.sh');

/** Path of the manifest scripts/install-code-server.sh writes; CODE_SERVER_DIR moves the cache. */
export function manifestPath(): string {
  const dir = process.env.CODE_SERVER_DIR ?? path.join(repoRoot, '.vscode-test', 'code-server');
  return path.join(dir, 'install.json');
}

/** Runs the (idempotent, cached) install script and returns what it installed. */
export async function ensureCodeServer(): Promise<CodeServerInstall> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [installScript], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${installScript} exited with ${code}`))));
  });
  return JSON.parse(fs.readFileSync(manifestPath(), 'utf8')) as CodeServerInstall;
}
