import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as http from 'node:http';
import * as path from 'node:path';

/** A private dockerd: its own socket, data-root, exec-root and pidfile, no bridge network. */
export interface TestDockerd {
  /** `unix:///tmp/dph-dockerd-…/docker.sock`, for `docker -H` or DOCKER_HOST. */
  host: string;
  socketPath: string;
  startupMs: number;
  /** Runs the docker CLI against this daemon; never throws on a non-zero exit. */
  docker(args: string[], opts?: { timeoutMs?: number }): Promise<{ code: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

/** Debian's client matches dockerd 20.10; the newer CLI on some machines negotiates down anyway. */
export const DOCKER_CLI = '/usr/bin/docker';

/**
 * Starts dockerd as root with no bridge, iptables or masquerading, so it adds no interface or
 * firewall rule to the machine; loopback registries (127.0.0.0/8) are trusted without TLS by default.
 */
export async function startDockerd(opts: { readyTimeoutMs?: number } = {}): Promise<TestDockerd> {
  // Unix socket paths are limited to 108 bytes, so the dir stays short and under /tmp.
  const dir = await mkdtemp('/tmp/dph-dockerd-');
  const socketPath = path.join(dir, 'docker.sock');
  const host = `unix://${socketPath}`;
  const began = performance.now();
  const child = spawn(
    'dockerd',
    [
      '--bridge=none', '--iptables=false', '--ip-masq=false',
      '--data-root', path.join(dir, 'data'),
      '--exec-root', path.join(dir, 'exec'),
      '--pidfile', path.join(dir, 'dockerd.pid'),
      // dockerd reuses a system containerd when one is running; own namespaces keep instances apart.
      '--containerd-namespace', `dph-${path.basename(dir)}`,
      '--containerd-plugins-namespace', `dph-${path.basename(dir)}-plugins`,
      '-H', host,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let tail = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (tail = (tail + chunk).slice(-16_384)));
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    child.on('error', (err) => {
      tail += `\nspawn dockerd failed: ${err.message}`;
      resolve();
    });
  });
  // SIGTERM, not SIGKILL: a killed dockerd leaves its containerd and shims running.
  const termOnExit = (): void => void child.kill('SIGTERM');
  process.on('exit', termOnExit);

  const stop = async (): Promise<void> => {
    process.off('exit', termOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      // dockerd stops its containers and its managed containerd on SIGTERM; that can take a while.
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        void killManagedContainerd(dir);
      }, 30_000);
      await exited;
      clearTimeout(timer);
    }
    try {
      await rm(dir, { recursive: true, force: true });
    } catch (err) {
      // A dockerd that died hard can leave overlay mounts behind; a stray temp dir must not fail the test.
      process.stderr.write(`startDockerd: could not remove ${dir}: ${(err as Error).message}\n`);
    }
  };

  try {
    await waitForPing(socketPath, exited, () => tail, opts.readyTimeoutMs ?? 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    host,
    socketPath,
    startupMs: Math.round(performance.now() - began),
    docker: (args, runOpts) => runDocker(host, path.join(dir, 'cli-config'), args, runOpts?.timeoutMs ?? 120_000),
    stop,
  };
}

async function killManagedContainerd(dir: string): Promise<void> {
  try {
    const pid = Number((await readFile(path.join(dir, 'exec', 'containerd', 'containerd.pid'), 'utf8')).trim());
    if (pid > 0) process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone, or dockerd never started one.
  }
}

async function waitForPing(socketPath: string, exited: Promise<void>, tail: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
    if (gone) throw new Error(`dockerd exited before answering:\n${tail()}`);
    if (await ping(socketPath)) return;
    if (Date.now() > deadline) throw new Error(`dockerd did not answer /_ping within ${timeoutMs} ms:\n${tail()}`);
    await Promise.race([new Promise((r) => setTimeout(r, delay)), exited]);
  }
}

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: '/_ping', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

function runDocker(host: string, configDir: string, args: string[], timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      DOCKER_CLI,
      ['-H', host, ...args],
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, DOCKER_CONFIG: configDir } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
