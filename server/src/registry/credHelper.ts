import { spawn } from 'node:child_process';
import type { Credentials } from './dockerConfig';

const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_OUTPUT = 64 * 1024;

/**
 * Runs `docker-credential-<name> get` with the server URL on stdin (the helper protocol). Found on
 * the PATH of `env`. A missing helper, a "credentials not found" answer, a timeout or garbage all
 * mean "no credentials"; the helper's output is never logged since it holds the secret.
 */
export function runCredentialHelper(
  name: string,
  serverUrl: string,
  source: { env: NodeJS.ProcessEnv; helperTimeoutMs: number; log: (line: string) => void },
): Promise<Credentials | undefined> {
  if (!HELPER_NAME.test(name)) {
    source.log(`ignoring credential helper "${name}": not a valid helper name`);
    return Promise.resolve(undefined);
  }
  const program = `docker-credential-${name}`;
  return new Promise((resolve) => {
    let settled = false;
    const done = (value: Credentials | undefined, note?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (note) source.log(`${program}: ${note}`);
      resolve(value);
    };
    const child = spawn(program, ['get'], { env: source.env, stdio: ['pipe', 'pipe', 'ignore'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(undefined, `no answer within ${source.helperTimeoutMs} ms; continuing without credentials`);
    }, source.helperTimeoutMs);
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (output.length > MAX_OUTPUT) child.kill('SIGKILL');
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      done(undefined, err.code === 'ENOENT' ? 'not found on PATH; continuing without credentials' : `could not run (${err.code ?? 'error'})`);
    });
    child.on('close', (code) => {
      if (code !== 0) {
        // Exit 1 with "credentials not found in native keychain" on stdout is the normal "none".
        done(undefined, /not found/i.test(output) ? undefined : `exited with status ${code}; continuing without credentials`);
        return;
      }
      try {
        const parsed = JSON.parse(output) as { Username?: string; Secret?: string };
        if (typeof parsed.Secret !== 'string' || parsed.Secret === '') return done(undefined, 'answered without a secret');
        if (parsed.Username === '<token>') return done({ identityToken: parsed.Secret });
        done({ username: parsed.Username, password: parsed.Secret });
      } catch {
        done(undefined, 'answered with something that is not JSON');
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(serverUrl);
  });
}
