import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { adminCredentials, htpasswdFile, tokenSigningCertificate } from './credentials';
import { freeLoopbackPort } from './free-port';
import { es256Signer } from './jwt';
import { startRecordingProxy, type RecordedRequest } from './recording-proxy';
import { spawnRegistry, trackTempDir, waitUntilAnswering, type RunningRegistry } from './registry-process';
import { registryTempRoot } from './temp-root';
import { startTokenServer, type Credentials, type TokenRequestRecord, type TokenServer } from './token-server';

export type AuthMode = 'none' | 'basic' | 'token';

export interface StartRegistryOptions {
  auth?: AuthMode;
  /** Users the registry (basic) or the token endpoint (token) accepts, besides the harness's own admin. */
  users?: Credentials[];
  /** Token mode: whether the endpoint hands pull-only tokens to callers without credentials. Default true. */
  anonymousPull?: boolean;
  /** Token mode: the `expires_in` of issued tokens. Default 300. */
  tokenExpiresInSeconds?: number;
}

export interface TokenAuthInfo {
  realm: string;
  service: string;
  issuer: string;
  anonymousPull: boolean;
}

/** A live CNCF distribution registry on 127.0.0.1, fronted by a request recorder. */
export interface TestRegistry {
  /** `127.0.0.1:<port>`: what goes in an image reference and in `FROM`. */
  host: string;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The registry itself, bypassing the request log; the seeding helpers use it. */
  directUrl: string;
  authMode: AuthMode;
  /** Every accepted user, the admin included. */
  users: Credentials[];
  /** The harness's own user (null without auth); seeding authenticates as this user. */
  admin: Credentials | null;
  token: TokenAuthInfo | null;
  /** Requests that came through `url`, in arrival order. */
  requests: RecordedRequest[];
  /** Token endpoint calls, in arrival order (always empty unless authMode is 'token'). */
  tokenRequests: TokenRequestRecord[];
  /** How many token requests asked for exactly this scope (e.g. `repository:library/node:pull`). */
  tokenRequestCount(scope: string): number;
  /** Forgets recorded requests and token requests, e.g. after seeding or a warm-up. */
  clearRequests(): void;
  /** Headers that authorise the admin for `repo` (pull, push, delete) and the catalog. */
  adminHeaders(repo?: string): Record<string, string>;
  /** Milliseconds from spawn to the first answer on /v2/. */
  startupMs: number;
  stop(): Promise<void>;
}

const SERVICE = 'dph-test-registry';
const ISSUER = 'dph-test-token-issuer';

/** Starts `docker-registry serve` with filesystem storage in a fresh temp dir and deletes enabled. */
export async function startRegistry(options: StartRegistryOptions = {}): Promise<TestRegistry> {
  const authMode = options.auth ?? 'none';
  const dir = await mkdtemp(path.join(registryTempRoot(), 'dph-registry-'));
  const removeDir = trackTempDir(dir);
  const admin = authMode === 'none' ? null : adminCredentials();
  const users = [...(options.users ?? []), ...(admin ? [admin] : [])];
  let tokenServer: TokenServer | null = null;
  let registry: RunningRegistry | null = null;
  try {
    const { auth, tokens } = await authSection(authMode, dir, users, options);
    tokenServer = tokens;
    const started = await startOnFreePort(dir, auth);
    registry = started.registry;
    const proxy = await startRecordingProxy(started.port);
    const host = `127.0.0.1:${proxy.port}`;
    const tokenInfo: TokenAuthInfo | null = tokens
      ? { realm: tokens.realm, service: SERVICE, issuer: ISSUER, anonymousPull: options.anonymousPull ?? true }
      : null;
    const running = registry;
    return {
      host,
      url: `http://${host}`,
      directUrl: `http://127.0.0.1:${started.port}`,
      authMode,
      users,
      admin,
      token: tokenInfo,
      requests: proxy.requests,
      tokenRequests: tokens?.requests ?? [],
      tokenRequestCount: (scope) => (tokens?.requests ?? []).filter((r) => r.scopes.includes(scope)).length,
      clearRequests() {
        proxy.requests.length = 0;
        if (tokens) tokens.requests.length = 0;
      },
      adminHeaders: (repo) => adminHeaders(authMode, admin, tokens, repo),
      startupMs: started.startupMs,
      async stop() {
        await proxy.close();
        await running.stop();
        await tokens?.close();
        removeDir();
      },
    };
  } catch (err) {
    await registry?.stop();
    await tokenServer?.close();
    removeDir();
    throw err;
  }
}

async function authSection(
  mode: AuthMode,
  dir: string,
  users: Credentials[],
  options: StartRegistryOptions,
): Promise<{ auth?: object; tokens: TokenServer | null }> {
  if (mode === 'basic') {
    const htpasswdPath = path.join(dir, 'htpasswd');
    await writeFile(htpasswdPath, await htpasswdFile(users));
    return { auth: { htpasswd: { realm: 'dph-test-registry', path: htpasswdPath } }, tokens: null };
  }
  if (mode === 'token') {
    const { keyPath, certPath } = await tokenSigningCertificate(dir);
    const server = await startTokenServer({
      issuer: ISSUER,
      service: SERVICE,
      signer: es256Signer(await readFile(keyPath, 'utf8')),
      users,
      anonymousPull: options.anonymousPull ?? true,
      expiresInSeconds: options.tokenExpiresInSeconds ?? 300,
    });
    const token = { realm: server.realm, service: SERVICE, issuer: ISSUER, rootcertbundle: certPath };
    return { auth: { token }, tokens: server };
  }
  return { tokens: null };
}

async function startOnFreePort(
  dir: string,
  auth: object | undefined,
): Promise<{ registry: RunningRegistry; port: number; startupMs: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const configPath = path.join(dir, 'config.yml');
    // JSON is valid YAML, so the config needs no YAML writer.
    await writeFile(configPath, JSON.stringify(registryConfig(dir, port, auth), null, 2));
    const began = performance.now();
    const registry = spawnRegistry(configPath);
    try {
      await waitUntilAnswering(`http://127.0.0.1:${port}/v2/`, registry);
      return { registry, port, startupMs: Math.round(performance.now() - began) };
    } catch (err) {
      await registry.stop();
      const portTaken = /address already in use/.test(registry.stderrTail());
      if (!portTaken || attempt >= 3) throw err;
    }
  }
}

function registryConfig(dir: string, port: number, auth: object | undefined): object {
  return {
    version: '0.1',
    log: { level: 'info', formatter: 'text', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: path.join(dir, 'storage') },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: { addr: `127.0.0.1:${port}`, secret: randomBytes(16).toString('hex') },
    ...(auth ? { auth } : {}),
  };
}

function adminHeaders(
  mode: AuthMode,
  admin: Credentials | null,
  tokens: TokenServer | null,
  repo: string | undefined,
): Record<string, string> {
  if (mode === 'basic' && admin) {
    return { authorization: 'Basic ' + Buffer.from(`${admin.user}:${admin.password}`).toString('base64') };
  }
  if (mode === 'token' && admin && tokens) {
    const access = [{ type: 'registry', name: 'catalog', actions: ['*'] }];
    if (repo) access.push({ type: 'repository', name: repo, actions: ['pull', 'push', 'delete'] });
    return { authorization: 'Bearer ' + tokens.mint(admin.user, access) };
  }
  return {};
}
