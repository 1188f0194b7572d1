import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runCredentialHelper } from './credHelper';

/** What docker's config gives for one registry. Never logged, never put in a message. */
export interface Credentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (`identitytoken`, or a helper's answer with username `<token>`). */
  identityToken?: string;
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

export interface CredentialSource {
  configDir?: string;
  env: NodeJS.ProcessEnv;
  helperTimeoutMs: number;
  /** False: skip `credsStore`/`credHelpers` and use only `auths`. */
  helpers?: boolean;
  log: (line: string) => void;
}

/** `$DOCKER_CONFIG/config.json`, or `~/.docker/config.json`. */
export function dockerConfigPath(source: Pick<CredentialSource, 'configDir' | 'env'>): string {
  const dir = source.configDir ?? source.env.DOCKER_CONFIG ?? join(source.env.HOME ?? homedir(), '.docker');
  return join(dir, 'config.json');
}

/**
 * Finds credentials for a config key (`https://index.docker.io/v1/` for Docker Hub, else the host),
 * the way docker does: a `credHelpers` entry, else `credsStore`, else `auths`.
 */
export async function findCredentials(key: string, source: CredentialSource): Promise<Credentials | undefined> {
  const path = dockerConfigPath(source);
  let config: DockerConfigFile;
  try {
    config = JSON.parse(await readFile(path, 'utf8')) as DockerConfigFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') source.log(`ignoring ${path}: it is not readable JSON`);
    return undefined;
  }
  if (typeof config !== 'object' || config === null) return undefined;
  const wanted = normaliseKey(key);
  const helper = findByKey(config.credHelpers, wanted) ?? config.credsStore;
  if (typeof helper === 'string' && helper !== '' && source.helpers === false) {
    source.log(`not running docker-credential-${helper}: credential helpers are disabled here; using only "auths" of ${path}`);
  } else if (typeof helper === 'string' && helper !== '') {
    const fromHelper = await runCredentialHelper(helper, key, source);
    if (fromHelper) return fromHelper;
  }
  const entry = findByKey(config.auths, wanted);
  if (!entry || typeof entry !== 'object') return undefined;
  if (entry.identitytoken) return { username: entry.username ?? decodeAuth(entry.auth)?.username, identityToken: entry.identitytoken };
  if (entry.auth) return decodeAuth(entry.auth);
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return undefined;
}

function decodeAuth(auth: string | undefined): Credentials | undefined {
  if (!auth) return undefined;
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

function findByKey<T>(map: Record<string, T> | undefined, wanted: string): T | undefined {
  if (!map || typeof map !== 'object') return undefined;
  for (const [k, v] of Object.entries(map)) if (normaliseKey(k) === wanted) return v;
  return undefined;
}

/** `https://index.docker.io/v1/`, `index.docker.io` and `docker.io` all mean Docker Hub; others: the host. */
const HUB_ALIASES = new Set(['index.docker.io', 'docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

function normaliseKey(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  return HUB_ALIASES.has(host) ? 'docker.io' : host;
}
