import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { Credentials } from './token-server';

const run = promisify(execFile);

/** An htpasswd file body with bcrypt entries, which is the only hash distribution's htpasswd backend accepts. */
export async function htpasswdFile(users: Credentials[]): Promise<string> {
  const lines = await Promise.all(
    users.map(async ({ user, password }) => {
      const { stdout } = await run('htpasswd', ['-B', '-b', '-n', user, password]);
      return stdout.trim();
    }),
  );
  return lines.join('\n') + '\n';
}

/** A self-signed P-256 certificate and key; the certificate becomes the registry's rootcertbundle. */
export async function tokenSigningCertificate(dir: string): Promise<{ keyPath: string; certPath: string }> {
  const keyPath = `${dir}/token-key.pem`;
  const certPath = `${dir}/token-cert.pem`;
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=dph-test-token-issuer',
  ]);
  return { keyPath, certPath };
}

export function adminCredentials(): Credentials {
  return { user: 'harness-admin', password: randomBytes(12).toString('hex') };
}
