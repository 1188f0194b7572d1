import { parseChallenges, type Challenge } from './challenge';
import type { CredentialSource, Credentials } from './dockerConfig';
import { findCredentials } from './dockerConfig';
import { credentialsAllowed, type Endpoint } from './endpoints';
import { RegistryError } from './errors';
import type { Transport } from './http';
import { InFlight } from './limiter';
import { LIMITS } from './mediaTypes';
import type { Secrets } from './secrets';

interface CachedToken {
  header: string;
  expiresAt: number;
}

/** Docker's own default when a token response has no `expires_in`. */
const DEFAULT_TOKEN_SECONDS = 60;
const CLIENT_ID = 'dockerfile-patch-hygiene';

/**
 * The `WWW-Authenticate` dance: remembers each endpoint's challenge, so later requests authenticate
 * up front, and caches bearer tokens per realm, service and scope until they expire.
 */
export class Authenticator {
  private readonly challenges = new Map<string, Challenge>();
  private readonly tokens = new Map<string, CachedToken>();
  private readonly credentials = new Map<string, Promise<Credentials | undefined>>();
  private readonly inFlight = new InFlight();

  constructor(
    private readonly transport: Transport,
    private readonly source: CredentialSource,
    private readonly secrets: Secrets,
  ) {}

  /** The Authorization header for a request, from a challenge seen before; no request when none was. */
  async authorization(ep: Endpoint, scope: string): Promise<string | undefined> {
    const challenge = this.challenges.get(ep.base);
    return challenge ? this.answer(ep, scope, challenge) : undefined;
  }

  /** Remembers the challenge of a 401, so later requests to the endpoint authenticate up front. */
  learn(ep: Endpoint, header: string | undefined): Challenge | undefined {
    const list = parseChallenges(header);
    const challenge = list.find((c) => c.scheme === 'bearer' && c.params.realm) ?? list.find((c) => c.scheme === 'basic');
    if (challenge) this.challenges.set(ep.base, challenge);
    return challenge;
  }

  /** After a 401: the header to retry with, or undefined when there is nothing new to try. */
  async afterUnauthorized(ep: Endpoint, scope: string, header: string | undefined, tried: string | undefined): Promise<string | undefined> {
    const challenge = this.learn(ep, header);
    if (!challenge) return undefined;
    if (tried) for (const [key, token] of this.tokens) if (token.header === tried) this.tokens.delete(key);
    const next = await this.answer(ep, scope, challenge);
    return next === tried ? undefined : next;
  }

  /** Whether docker's config holds credentials for this endpoint (for messages). */
  async hasCredentials(ep: Endpoint): Promise<boolean> {
    return (await this.credentialsFor(ep)) !== undefined;
  }

  private credentialsFor(ep: Endpoint): Promise<Credentials | undefined> {
    let found = this.credentials.get(ep.credentialKey);
    if (!found) {
      found = findCredentials(ep.credentialKey, this.source).then((c) => {
        if (c) this.secrets.add(c.password, c.identityToken, basicHeader(c)?.slice('Basic '.length));
        return c;
      });
      this.credentials.set(ep.credentialKey, found);
    }
    return found;
  }

  private async answer(ep: Endpoint, scope: string, challenge: Challenge): Promise<string | undefined> {
    if (challenge.scheme === 'basic') {
      if (!credentialsAllowed(ep.url, ep, 'registry')) return undefined;
      const creds = await this.credentialsFor(ep);
      return creds ? basicHeader(creds) : undefined;
    }
    return this.bearer(ep, scope, challenge);
  }

  private async bearer(ep: Endpoint, scope: string, challenge: Challenge): Promise<string> {
    let realm: URL;
    try {
      realm = new URL(challenge.params.realm);
      if (realm.protocol !== 'https:' && realm.protocol !== 'http:') throw new Error('scheme');
    } catch {
      throw new RegistryError(ep.registry, 'bad-response', `${ep.registry} named an invalid token realm in its WWW-Authenticate challenge.`);
    }
    const service = challenge.params.service ?? '';
    const key = `${realm.href}|${service}|${scope}`;
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.header;
    return this.inFlight.run(key, async () => {
      const token = await this.fetchToken(ep, realm, service, scope);
      this.tokens.set(key, token);
      return token.header;
    });
  }

  private async fetchToken(ep: Endpoint, realm: URL, service: string, scope: string): Promise<CachedToken> {
    let creds: Credentials | undefined;
    if (credentialsAllowed(realm, ep, 'realm')) {
      creds = await this.credentialsFor(ep);
    } else if (await this.hasCredentials(ep)) {
      this.source.log(`not sending credentials for ${ep.registry} to ${realm.origin}: the token realm is outside the registry's own domain, or plain http to another host`);
    }
    const what = `a token for ${scope} from ${realm.origin}`;
    let res;
    if (creds?.identityToken) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, service, scope, client_id: CLIENT_ID });
      res = await this.transport.send({
        registry: ep.registry, kind: 'token', method: 'POST', url: realm, what, maxBytes: LIMITS.tokenBytes,
        headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(),
      });
      // Token servers without the OAuth2 endpoint take the identity token as a password, as docker does.
      if (res.status === 404 || res.status === 405) res = undefined;
    }
    if (!res) {
      const url = new URL(realm);
      if (service) url.searchParams.set('service', service);
      url.searchParams.set('scope', scope);
      const authorization = creds ? basicHeader(creds) : undefined;
      res = await this.transport.send({ registry: ep.registry, kind: 'token', method: 'GET', url, what, maxBytes: LIMITS.tokenBytes, authorization });
    }
    if (res.status === 401 || res.status === 403) {
      throw new RegistryError(ep.registry, 'auth', creds
        ? `The token service for ${ep.registry} (${realm.origin}) refused the credentials in docker's config; run \`docker login ${ep.registry}\` again.`
        : `The token service for ${ep.registry} (${realm.origin}) requires credentials; run \`docker login ${ep.registry}\`.`, { status: res.status });
    }
    if (res.status < 200 || res.status >= 300) {
      throw new RegistryError(ep.registry, 'bad-response', `The token service for ${ep.registry} (${realm.origin}) answered HTTP ${res.status}.`, { status: res.status });
    }
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(res.body.toString('utf8')) as typeof body;
    } catch {
      throw new RegistryError(ep.registry, 'bad-response', `The token service for ${ep.registry} (${realm.origin}) answered with something that is not JSON.`);
    }
    const token = typeof body.token === 'string' && body.token ? body.token : body.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new RegistryError(ep.registry, 'bad-response', `The token service for ${ep.registry} (${realm.origin}) answered without a token.`);
    }
    this.secrets.add(token);
    const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_SECONDS;
    // A little early, so a token does not expire between the cache and the registry.
    return { header: `Bearer ${token}`, expiresAt: Date.now() + seconds * 1000 - Math.min(5_000, seconds * 100) };
  }
}

function basicHeader(creds: Credentials): string | undefined {
  const secret = creds.password ?? creds.identityToken;
  if (!secret) return undefined;
  return `Basic ${Buffer.from(`${creds.username ?? ''}:${secret}`).toString('base64')}`;
}
