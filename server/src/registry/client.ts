import type { ImageFacts } from '../core/types';
import { Authenticator } from './auth';
import { FactCache } from './cache';
import { endpointFor, type Endpoint, type RegistrySetting } from './endpoints';
import { RegistryError, asRegistryError } from './errors';
import { Transport, type HttpResponse, type RequestKind } from './http';
import { InFlight } from './limiter';
import { createdOf, digestOf, isDigest, pickPlatform, summariseManifest, type ManifestSummary } from './manifest';
import { LIMITS, MANIFEST_ACCEPT } from './mediaTypes';
import { describe, errorCodes, nextLink, noSuchPlatform, notFound, unexpected, type ImageLookup, type Target } from './responses';
import { Secrets } from './secrets';

export interface RegistryClientOptions {
  /** Registry host → endpoint: a mirror, a pull-through cache or a local registry. */
  registries?: Record<string, RegistrySetting>;
  /** Directory for the on-disk cache; memory only without it. */
  cacheDir?: string;
  /** How long a tag's digest and tag lists stay fresh. Content-addressed data never goes stale. */
  cacheTtlMs?: number;
  /** Answer from the cache only; a miss is a `not-cached` problem. */
  offline?: boolean;
  /** Directory holding docker's config.json; default `$DOCKER_CONFIG` or `~/.docker`. */
  dockerConfigDir?: string;
  /** Deadline for one registry request, retries included. */
  timeoutMs?: number;
  /** Receives one line per request and per notable event; never a credential. */
  log?: (line: string) => void;
  concurrencyPerHost?: number;
  /** Environment for proxies, `DOCKER_CONFIG`, `HOME` and the PATH of credential helpers. */
  env?: NodeJS.ProcessEnv;
  /** Retries after a 5xx, a network error or a 429 (default 2). */
  retries?: number;
  retryBaseMs?: number;
  /** Longest `Retry-After` waited out; longer ones are reported as rate limiting at once. */
  maxRetryAfterMs?: number;
  /** `n` of each tags/list page. */
  tagsPageSize?: number;
  credentialHelperTimeoutMs?: number;
  /** False: never run `docker-credential-*` helpers (an untrusted workspace must not start processes). Default true. */
  credentialHelpers?: boolean;
}

export type { ImageLookup } from './responses';

export interface RegistryClient {
  /**
   * What the registry says about a reference: the digest its tag points to now (the index's, or
   * the platform's manifest's when `platform` is given), when it was built, its platforms and, when
   * asked, the repository's tags. Never throws: failures become `problem`, absence `notFound`.
   */
  imageFacts(ref: ImageLookup, opts?: { platform?: string; tags?: boolean }): Promise<ImageFacts>;
  /**
   * The digest to pin: the sha256 of the manifest bytes the registry serves now, checked against
   * the registry's `Docker-Content-Digest`. Throws a RegistryError with a message for the user.
   */
  resolveDigest(ref: ImageLookup, opts?: { platform?: string }): Promise<string>;
  /** The repository's tags, following `Link` pagination up to a cap. */
  listTags(ref: ImageLookup): Promise<string[]>;
  /** HTTP requests made so far, by kind: `token`, `manifest`, `tags`, `blob`. */
  stats(): { requests: number; byKind: Record<string, number> };
  close(): Promise<void>;
}

/** Creates a client; usable from the CLI and the language server alike (no vscode). */
export function createRegistryClient(options: RegistryClientOptions = {}): RegistryClient {
  return new DistributionClient(options);
}


class DistributionClient implements RegistryClient {
  private readonly secrets = new Secrets();
  private readonly transport: Transport;
  private readonly auth: Authenticator;
  private readonly cache: FactCache;
  private readonly inFlight = new InFlight();
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly contacts = new Map<string, Promise<HttpResponse>>();
  private readonly ttl: number;
  private readonly offline: boolean;
  private readonly pageSize: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: RegistryClientOptions) {
    const sink = options.log;
    this.log = (line) => sink?.(this.secrets.redact(line));
    const env = options.env ?? process.env;
    this.ttl = options.cacheTtlMs ?? 10 * 60_000;
    this.offline = options.offline === true;
    this.pageSize = options.tagsPageSize ?? 1000;
    this.transport = new Transport({
      timeoutMs: options.timeoutMs ?? 10_000,
      concurrencyPerHost: options.concurrencyPerHost ?? 4,
      retries: options.retries ?? 2,
      retryBaseMs: options.retryBaseMs ?? 200,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 10_000,
      env,
      log: this.log,
      insecureHosts: insecureHosts(options.registries),
    });
    this.auth = new Authenticator(
      this.transport,
      { configDir: options.dockerConfigDir, env, helperTimeoutMs: options.credentialHelperTimeoutMs ?? 5_000, helpers: options.credentialHelpers !== false, log: this.log },
      this.secrets,
    );
    this.cache = new FactCache(options.cacheDir, this.log);
  }

  imageFacts(ref: ImageLookup, opts: { platform?: string; tags?: boolean } = {}): Promise<ImageFacts> {
    const key = `facts|${describe(ref)}|${opts.platform ?? ''}|${opts.tags ? 'tags' : ''}`;
    return this.inFlight.run(key, async () => {
      try {
        return await this.facts(ref, opts);
      } catch (err) {
        const e = this.clean(asRegistryError(ref.registry, err));
        return e.notFound ? { notFound: e.notFound } : { problem: e.toProblem() };
      }
    });
  }

  async resolveDigest(ref: ImageLookup, opts: { platform?: string } = {}): Promise<string> {
    try {
      const t = this.target(ref);
      const tag = tagOf(ref);
      let top: string;
      let summary: ManifestSummary;
      if (tag !== undefined && !this.offline) {
        ({ digest: top, summary } = await this.inFlight.run(`get|${t.name}:${tag}`, () => this.fetchManifest(t, tag)));
      } else {
        top = tag !== undefined ? await this.tagDigest(t, tag) : ref.digest!;
        summary = await this.manifest(t, top);
      }
      if (!opts.platform || summary.kind === 'image') return top;
      const chosen = pickPlatform(summary.manifests, opts.platform);
      if (!chosen) throw noSuchPlatform(t, ref, opts.platform, summary);
      await this.manifest(t, chosen.digest);
      return chosen.digest;
    } catch (err) {
      throw this.clean(asRegistryError(ref.registry, err));
    }
  }

  async listTags(ref: ImageLookup): Promise<string[]> {
    try {
      return (await this.tags(this.target(ref))).tags;
    } catch (err) {
      throw this.clean(asRegistryError(ref.registry, err));
    }
  }

  stats(): { requests: number; byKind: Record<string, number> } {
    const byKind: Record<string, number> = { token: 0, manifest: 0, tags: 0, blob: 0 };
    let requests = 0;
    for (const [kind, n] of this.transport.counts) {
      byKind[kind] = n;
      requests += n;
    }
    return { requests, byKind };
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private async facts(ref: ImageLookup, opts: { platform?: string; tags?: boolean }): Promise<ImageFacts> {
    const t = this.target(ref);
    const tag = tagOf(ref);
    const tagsPromise = opts.tags ? this.tags(t).catch((err: unknown) => {
      this.log(`tags of ${t.name} not listed: ${asRegistryError(ref.registry, err).message}`);
      return undefined;
    }) : undefined;
    const top = tag !== undefined ? await this.tagDigest(t, tag) : ref.digest!;
    const summary = await this.manifest(t, top);
    const facts: ImageFacts = { digest: top };
    let image: string | undefined = top;
    let imageSummary: ManifestSummary | undefined = summary;
    if (summary.kind === 'index') {
      facts.platforms = [...new Set(summary.manifests.flatMap((m) => (m.platform ? [m.platform] : [])))];
      const chosen = opts.platform
        ? pickPlatform(summary.manifests, opts.platform)
        : (pickPlatform(summary.manifests, 'linux/amd64') ?? summary.manifests.find((m) => m.platform));
      if (opts.platform) facts.digest = chosen?.digest;
      image = chosen?.digest;
      imageSummary = image ? await this.manifest(t, image) : undefined;
    }
    if (imageSummary?.kind === 'image' && imageSummary.config) {
      const config = await this.config(t, imageSummary.config);
      facts.created = config.created;
      if (!facts.platforms && config.platform) facts.platforms = [config.platform];
    }
    if (tagsPromise) {
      const listed = await tagsPromise;
      if (listed) facts.tags = listed.tags;
      if (listed?.incomplete) facts.tagsIncomplete = true;
    }
    return facts;
  }

  private target(ref: ImageLookup): Target {
    let ep = this.endpoints.get(ref.registry);
    if (!ep) {
      try {
        ep = endpointFor(ref.registry, this.options.registries);
      } catch {
        throw new RegistryError(ref.registry, 'unreachable', `The endpoint configured for ${ref.registry} is not a valid URL; fix it in the registries setting.`);
      }
      this.endpoints.set(ref.registry, ep);
    }
    return { ep, repo: ref.repository, name: `${ref.registry}/${ref.repository}` };
  }

  /**
   * The digest a tag points to. A tag never seen is fetched with one GET (its body is needed anyway);
   * a tag seen before is re-checked with a HEAD, which Docker Hub does not count as a pull, falling
   * back to GET when HEAD gives no digest.
   */
  private async tagDigest(t: Target, tag: string): Promise<string> {
    const key = `tag|${t.ep.base}|${t.repo}|${tag}`;
    const cached = await this.cache.lookup<string>(key);
    if (cached?.fresh) return cached.value;
    this.requireOnline(t, `${t.name}:${tag}`);
    return this.inFlight.run(key, async () => {
      if (cached) {
        const res = await this.call(t, 'manifest', 'HEAD', `manifests/${tag}`, `the manifest of ${t.name}:${tag}`, LIMITS.manifestBytes);
        const header = res.headers['docker-content-digest'];
        if (res.status === 200 && isDigest(header)) {
          await this.cache.set(key, header, this.ttl);
          return header;
        }
        if (res.status !== 200 && res.status !== 404) throw unexpected(t, res, `the manifest of ${t.name}:${tag}`);
        // A 404 to HEAD has no body to say whether the tag or the repository is missing: GET says.
      }
      return (await this.fetchManifest(t, tag)).digest;
    });
  }

  /** GETs a manifest and checks that its bytes hash to the digest we are going to report. */
  private async fetchManifest(t: Target, reference: string): Promise<{ digest: string; summary: ManifestSummary }> {
    const shown = isDigest(reference) ? `${t.name}@${reference}` : `${t.name}:${reference}`;
    const what = `the manifest of ${shown}`;
    const res = await this.call(t, 'manifest', 'GET', `manifests/${reference}`, what, LIMITS.manifestBytes);
    if (res.status === 404) throw await this.missing(t, res, reference);
    if (res.status !== 200) throw unexpected(t, res, what);
    const header = res.headers['docker-content-digest'];
    const expected = isDigest(reference) ? reference : isDigest(header) ? header : undefined;
    const actual = digestOf(res.body, expected);
    if (expected !== undefined && actual !== expected) {
      const claim = isDigest(reference) ? `was asked for ${reference}` : `said Docker-Content-Digest ${header}`;
      throw new RegistryError(t.ep.registry, 'bad-response', `${t.ep.registry} ${claim} but served manifest bytes of ${actual} for ${shown}; not using a digest the registry cannot back up. Try again, or check the mirror or proxy in front of ${t.ep.registry}.`);
    }
    let summary: ManifestSummary;
    try {
      summary = summariseManifest(res.body, res.headers['content-type']);
    } catch (err) {
      throw new RegistryError(t.ep.registry, 'bad-response', `${t.ep.registry} returned ${(err as Error).message} for ${shown}.`);
    }
    await this.cache.set(`manifest|${t.ep.base}|${t.repo}|${actual}`, summary);
    if (!isDigest(reference)) await this.cache.set(`tag|${t.ep.base}|${t.repo}|${reference}`, actual, this.ttl);
    return { digest: actual, summary };
  }

  /** A manifest by digest; content-addressed, so cached for good once verified. */
  private async manifest(t: Target, digest: string): Promise<ManifestSummary> {
    const key = `manifest|${t.ep.base}|${t.repo}|${digest}`;
    const cached = await this.cache.get<ManifestSummary>(key);
    if (cached) return cached;
    this.requireOnline(t, `${t.name}@${digest}`);
    return this.inFlight.run(key, async () => (await this.fetchManifest(t, digest)).summary);
  }

  private async config(t: Target, digest: string): Promise<{ created?: string; platform?: string }> {
    const key = `config|${t.ep.base}|${t.repo}|${digest}`;
    const cached = await this.cache.get<{ created?: string; platform?: string }>(key);
    if (cached) return cached;
    this.requireOnline(t, `the config of ${t.name}@${digest}`);
    return this.inFlight.run(key, async () => {
      const what = `the image config ${digest} of ${t.name}`;
      const res = await this.call(t, 'blob', 'GET', `blobs/${digest}`, what, LIMITS.configBytes);
      if (res.status !== 200) throw unexpected(t, res, what);
      if (digestOf(res.body, digest) !== digest) {
        throw new RegistryError(t.ep.registry, 'bad-response', `${t.ep.registry} served bytes that do not hash to ${what}; the blob storage behind the registry is returning something else.`);
      }
      let info: { created?: string; platform?: string };
      try {
        info = createdOf(res.body);
      } catch (err) {
        throw new RegistryError(t.ep.registry, 'bad-response', `${t.ep.registry} returned ${(err as Error).message} for ${t.name}.`);
      }
      await this.cache.set(key, info);
      return info;
    });
  }

  /**
   * The repository's tags, following pagination up to the page and size caps. A list cut off by a
   * cap is marked incomplete: the newest tag may be on a page not read, so nothing may claim it.
   */
  private async tags(t: Target): Promise<{ tags: string[]; incomplete: boolean }> {
    const key = `taglist|${t.ep.base}|${t.repo}`;
    const cached = await this.cache.get<{ tags: string[]; incomplete: boolean }>(key);
    if (cached) return cached;
    this.requireOnline(t, `the tags of ${t.name}`);
    return this.inFlight.run(key, async () => {
      const all: string[] = [];
      let path: string | undefined = `tags/list?n=${this.pageSize}`;
      let url: URL | undefined;
      for (let page = 0; page < LIMITS.tagPages && all.length < LIMITS.tagsTotal && (path || url); page++) {
        const what = `the tags of ${t.name}`;
        const res = await this.call(t, 'tags', 'GET', url ?? path!, what, LIMITS.tagPageBytes);
        if (res.status === 404) throw notFound(t, res);
        if (res.status !== 200) throw unexpected(t, res, what);
        let body: { tags?: unknown };
        try {
          body = JSON.parse(res.body.toString('utf8')) as typeof body;
        } catch {
          throw new RegistryError(t.ep.registry, 'bad-response', `${t.ep.registry} returned a tag list for ${t.name} that is not valid JSON.`);
        }
        if (body?.tags !== null && body?.tags !== undefined && !Array.isArray(body.tags)) {
          throw new RegistryError(t.ep.registry, 'bad-response', `${t.ep.registry} returned a tag list for ${t.name} without a tags array.`);
        }
        for (const tag of (body.tags as unknown[] | null) ?? []) if (typeof tag === 'string') all.push(tag);
        path = undefined;
        url = nextLink(res.headers.link, res.url, t.ep);
      }
      const listed = { tags: all.slice(0, LIMITS.tagsTotal), incomplete: url !== undefined || path !== undefined || all.length > LIMITS.tagsTotal };
      await this.cache.set(key, listed, this.ttl);
      return listed;
    });
  }

  /**
   * A 404 for a manifest. Distribution 2.x answers MANIFEST_UNKNOWN even when the repository does
   * not exist, so for a tag we ask tags/list, whose NAME_UNKNOWN tells the two apart.
   */
  private async missing(t: Target, res: HttpResponse, reference: string): Promise<RegistryError> {
    if (isDigest(reference) || errorCodes(res).includes('NAME_UNKNOWN')) return notFound(t, res, reference);
    const probe = await this.call(t, 'tags', 'GET', 'tags/list?n=1', `the tags of ${t.name}`, LIMITS.tagPageBytes).catch(() => undefined);
    return probe?.status === 404 && errorCodes(probe).includes('NAME_UNKNOWN') ? notFound(t, probe) : notFound(t, res, reference);
  }

  /** One registry request with the auth dance: a 401 teaches the challenge, and we retry once. */
  private async call(t: Target, kind: RequestKind, method: 'GET' | 'HEAD', pathOrUrl: string | URL, what: string, maxBytes: number): Promise<HttpResponse> {
    const url = typeof pathOrUrl === 'string' ? new URL(`${t.ep.base}/v2/${t.repo}/${pathOrUrl}`) : pathOrUrl;
    const scope = `repository:${t.repo}:pull`;
    const headers = kind === 'manifest' ? { accept: MANIFEST_ACCEPT } : undefined;
    const send = (authorization: string | undefined) =>
      this.transport.send({ registry: t.ep.registry, kind, method, url, headers, authorization, maxBytes, what });
    let res = await this.firstContact(t.ep, () => send(undefined));
    let authorization = await this.auth.authorization(t.ep, scope);
    if (res === undefined || (res.status === 401 && authorization !== undefined)) res = await send(authorization);
    if (res.status === 401) {
      const next = await this.auth.afterUnauthorized(t.ep, scope, res.headers['www-authenticate'], authorization);
      if (next !== undefined) {
        authorization = next;
        res = await send(authorization);
      }
    }
    if (res.status === 401 || res.status === 403) {
      const had = await this.auth.hasCredentials(t.ep);
      const advice = had
        ? `the credentials in docker's config for ${t.ep.registry} were not accepted; run \`docker login ${t.ep.registry}\` again`
        : `run \`docker login ${t.ep.registry}\` if the repository is private, or check that ${t.repo} exists`;
      throw new RegistryError(t.ep.registry, 'auth', `${t.ep.registry} refused access to ${t.name} (HTTP ${res.status}); ${advice}.`, { status: res.status });
    }
    return res;
  }

  /**
   * The first request to an endpoint goes alone: its 401 teaches the challenge, so requests started
   * alongside it authenticate up front instead of each collecting a 401 of its own. Returns the
   * response when this call was that first request.
   */
  private async firstContact(ep: Endpoint, send: () => Promise<HttpResponse>): Promise<HttpResponse | undefined> {
    const pending = this.contacts.get(ep.base);
    if (pending) {
      await pending.catch(() => undefined);
      return undefined;
    }
    const first = send().then(async (res) => {
      if (res.status === 401) this.auth.learn(ep, res.headers['www-authenticate']);
      return res;
    });
    this.contacts.set(ep.base, first);
    try {
      return await first;
    } catch (err) {
      // A failed first contact taught nothing; the next request tries again.
      this.contacts.delete(ep.base);
      throw err;
    }
  }

  private requireOnline(t: Target, what: string): void {
    if (this.offline) {
      throw new RegistryError(t.ep.registry, 'not-cached', `${what} is not in the registry cache and offline mode is on; run once with network access to fill the cache.`);
    }
  }

  private clean(err: RegistryError): RegistryError {
    const message = this.secrets.redact(err.message);
    return message === err.message ? err : new RegistryError(err.registry, err.kind, message, { notFound: err.notFound, status: err.status });
  }
}

function insecureHosts(registries: Record<string, RegistrySetting> = {}): Set<string> {
  const hosts = new Set<string>();
  for (const [registry, setting] of Object.entries(registries)) {
    if (!setting?.insecure) continue;
    try {
      hosts.add(endpointFor(registry, registries).url.host);
    } catch {
      // An invalid endpoint is reported when the registry is first used.
    }
  }
  return hosts;
}

function tagOf(ref: ImageLookup): string | undefined {
  return ref.tag ?? (ref.digest ? undefined : 'latest');
}

