import { isIP } from 'node:net';

export interface RegistrySetting {
  /** Where to send requests for this registry: a mirror, a pull-through cache or a local registry. */
  endpoint?: string;
  /** Allows plain http (and credentials over it) for a registry that is not on loopback. */
  insecure?: boolean;
}

/** Where a registry's API is reached and which credentials key it uses. */
export interface Endpoint {
  /** The registry as written in image references: `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  registry: string;
  /** Base URL without trailing slash: `https://registry-1.docker.io`. */
  base: string;
  url: URL;
  insecure: boolean;
  /** Key of docker's config.json (`auths`, `credHelpers`) whose credentials may go to this endpoint. */
  credentialKey: string;
}

export const DOCKER_HUB_ENDPOINT = 'https://registry-1.docker.io';
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

export function endpointFor(registry: string, settings: Record<string, RegistrySetting> = {}): Endpoint {
  const setting = settings[registry];
  const insecure = setting?.insecure === true;
  let base: string;
  if (setting?.endpoint) {
    base = setting.endpoint.replace(/\/+$/, '');
  } else if (registry === 'docker.io') {
    base = DOCKER_HUB_ENDPOINT;
  } else {
    // Docker itself talks plain http to loopback registries without being told.
    const plain = insecure || isLoopbackHost(hostOf(registry));
    base = `${plain ? 'http' : 'https'}://${registry}`;
  }
  const url = new URL(base);
  const isDefault = !setting?.endpoint;
  // Docker Hub credentials must never be sent to a mirror: a configured endpoint uses its own key.
  const credentialKey = isDefault ? (registry === 'docker.io' ? DOCKER_HUB_CONFIG_KEY : registry) : url.host;
  return { registry, base, url, insecure, credentialKey };
}

function hostOf(hostPort: string): string {
  if (hostPort.startsWith('[')) return hostPort.slice(1, hostPort.indexOf(']'));
  const colon = hostPort.lastIndexOf(':');
  return colon > 0 ? hostPort.slice(0, colon) : hostPort;
}

/** `localhost`, 127.0.0.0/8 and ::1, with or without IPv6 brackets. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * Whether credentials may be sent to `target`. Over https: the registry's own endpoint, and a token
 * realm on the registry's own registrable domain (`auth.docker.io` for `registry-1.docker.io`,
 * `gitlab.com` for `registry.gitlab.com`); a challenge naming any other host is a registry trying
 * to collect credentials that are not its own, and gets none. Over plain http: only the endpoint's
 * own host (any port: a local token service beside a local registry), and only on loopback or when
 * the registry is configured insecure.
 */
/**
 * The domain a host belongs to, as a registrar sells it: the last two labels, or three under a
 * two-level public suffix (`registry.example.co.uk` → `example.co.uk`). An IP address is itself.
 */
export function registrableDomain(host: string): string {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (isIP(h)) return h;
  const labels = h.split('.');
  if (labels.length <= 2) return h;
  const suffix = labels.slice(-2).join('.');
  const keep = TWO_LEVEL_SUFFIX.test(suffix) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** Second-level public suffixes registries are hosted under (co.uk, com.au, …): a country code after a generic label. */
const TWO_LEVEL_SUFFIX = /^(co|com|net|org|gov|edu|ac|or|ne|go)\.[a-z]{2}$/;

export function credentialsAllowed(target: URL, endpoint: Endpoint, role: 'registry' | 'realm'): boolean {
  if (role === 'registry' && target.origin !== endpoint.url.origin) return false;
  if (role === 'realm' && registrableDomain(target.hostname) !== registrableDomain(endpoint.url.hostname)) return false;
  if (target.protocol === 'https:') return true;
  if (target.protocol !== 'http:') return false;
  if (target.hostname !== endpoint.url.hostname) return false;
  return endpoint.insecure || isLoopbackHost(target.hostname);
}
