import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import type { CodeServerInstall } from './codeServerInstall';
import { freePort } from './freePort';
import { killGroup } from './processTree';

export interface CodeServerProcess {
  url: string;
  /** Rejects when code-server exits before stop(): lets waits fail fast instead of timing out. */
  died: Promise<never>;
  stop(): Promise<void>;
}

export interface StartOptions {
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  env: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
  /** Keep VS Code's workspace trust on (Restricted Mode tests); off by default. */
  workspaceTrust?: boolean;
}

export function codeServerArgs(install: CodeServerInstall, o: { userDataDir: string; extensionsDir: string }): string[] {
  return [install.entry, '--user-data-dir', o.userDataDir, '--extensions-dir', o.extensionsDir,
    '--disable-telemetry', '--disable-update-check'];
}

/** Starts code-server on a free loopback port in its own process group; resolves once it listens. */
export async function startCodeServer(install: CodeServerInstall, o: StartOptions): Promise<CodeServerProcess> {
  const port = await freePort();
  const log = fs.createWriteStream(o.logFile);
  const child = spawn(install.node, [...codeServerArgs(install, o), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    ...(o.workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override'], {
    env: o.env,
    detached: true, // own process group, so stop() reaches the extension host and language servers too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stopping = false;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const died = exited.then((code): never => {
    throw new Error(stopping ? 'code-server stopped' : `code-server exited early with code ${code}; log: ${o.logFile}`);
  });
  died.catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      output += chunk.toString();
      if (/HTTP server listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', reject);
    died.catch(reject);
    const timer = setTimeout(() => reject(new Error(`code-server did not listen within ${o.readyTimeoutMs ?? 60_000} ms; log: ${o.logFile}`)), o.readyTimeoutMs ?? 60_000);
  }).catch(async (err) => {
    await stopChild(child, exited);
    throw err;
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    died,
    async stop() {
      stopping = true;
      await stopChild(child, exited);
      log.end();
    },
  };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.pid !== undefined) await killGroup(child.pid, exited);
}
