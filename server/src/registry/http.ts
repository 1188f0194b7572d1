import type * as Undici from 'undici';
import { RegistryError } from './errors';
import { KeyedLimiter } from './limiter';
import { LIMITS } from './mediaTypes';
import { proxyFor } from './proxy';

export type RequestKind = 'token' | 'manifest' | 'tags' | 'blob';

export interface TransportOptions {
  /** Deadline for one logical request, retries and redirects included. */
  timeoutMs: number;
  concurrencyPerHost: number;
  retries: number;
  retryBaseMs: number;
  /** A 429 asking us to wait longer than this is reported at once instead of waited out. */
  maxRetryAfterMs: number;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** `host:port` of registries configured insecure: their TLS certificates are not verified, as docker does. */
  insecureHosts?: Set<string>;
}

export interface SendOptions {
  registry: string;
  kind: RequestKind;
  method: 'GET' | 'HEAD' | 'POST';
  url: URL;
  headers?: Record<string, string>;
  /** Sent only to the origin of `url`; a redirect to another origin goes without it. */
  authorization?: string;
  body?: string;
  maxBytes: number;
  /** What is fetched, for messages: `the manifest of docker.io/library/node:20`. */
  what: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: Buffer;
  url: URL;
}

/** A failure worth another attempt: the connection broke, nothing was decided. */
class NetworkFailure extends Error {
  constructor(message: string, readonly timedOut = false) {
    super(message);
  }
}

let undiciModule: typeof Undici | undefined;
/** undici is a megabyte of code: a run that never reaches a registry (`--offline`, a workspace
 * without FROMs yet) does not pay for loading it. */
function undici(): typeof Undici {
  return (undiciModule ??= require('undici') as typeof Undici);
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);
/** The longest a 429 keeps a host off limits, whatever its Retry-After says. */
const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * The one place that speaks HTTP: timeouts, bounded concurrency per host, retries with jitter,
 * 429 back-off, redirects, size caps and request counting.
 */
export class Transport {
  readonly counts = new Map<RequestKind, number>();
  private readonly limiter: KeyedLimiter;
  private readonly agents = new Map<string, Undici.Dispatcher>();
  private readonly rateLimitedUntil = new Map<string, number>();

  constructor(private readonly options: TransportOptions) {
    this.limiter = new KeyedLimiter(Math.max(1, options.concurrencyPerHost));
  }

  async send(o: SendOptions): Promise<HttpResponse> {
    const blocked = this.rateLimitedUntil.get(o.url.host) ?? 0;
    if (blocked > Date.now()) {
      // Asking again before Retry-After has passed only extends the ban on registries like Docker Hub.
      throw new RegistryError(o.registry, 'rate-limited', `${o.registry} is rate limiting requests; not asking for ${o.what} again for ${seconds(Math.ceil((blocked - Date.now()) / 1000) * 1000)}.${rateLimitHint(o)}`);
    }
    const deadline = Date.now() + this.options.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.options.retries;
      let res: HttpResponse;
      try {
        res = await this.followRedirects(o, deadline);
      } catch (err) {
        if (!(err instanceof NetworkFailure)) throw err;
        if (err.timedOut || Date.now() >= deadline) {
          throw new RegistryError(o.registry, 'timeout', `${o.registry} did not answer within ${seconds(this.options.timeoutMs)} while fetching ${o.what}; check the network or proxy, or raise the registry timeout.`);
        }
        if (canRetry && (await this.pause(backoff(attempt, this.options.retryBaseMs), deadline))) continue;
        throw new RegistryError(o.registry, 'unreachable', `Could not reach ${o.registry} for ${o.what}: ${err.message}.`);
      }
      if (res.status === 429) {
        const wait = retryAfterMs(res.headers['retry-after']) ?? backoff(attempt, this.options.retryBaseMs);
        if (canRetry && wait <= this.options.maxRetryAfterMs && (await this.pause(wait, deadline))) continue;
        const after = retryAfterMs(res.headers['retry-after']);
        if (after !== undefined) this.rateLimitedUntil.set(o.url.host, Date.now() + Math.min(after, MAX_BACKOFF_MS));
        const said = registryMessage(res.body);
        throw new RegistryError(o.registry, 'rate-limited', `${o.registry} is rate limiting requests (HTTP 429) for ${o.what}${said ? ` ("${said}")` : ''}; try again${after !== undefined ? ` in ${seconds(after)}` : ' later'}.${rateLimitHint(o)}`, { status: 429 });
      }
      if (res.status >= 500) {
        if (canRetry && (await this.pause(backoff(attempt, this.options.retryBaseMs), deadline))) continue;
        throw new RegistryError(o.registry, 'unreachable', `${o.registry} answered HTTP ${res.status} for ${o.what} (${attempt + 1} attempts); the registry is failing, try again later.`, { status: res.status });
      }
      return res;
    }
  }

  /** Sleeps unless that would pass the deadline; says whether it slept. */
  private async pause(ms: number, deadline: number): Promise<boolean> {
    if (Date.now() + ms >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return true;
  }

  private async followRedirects(o: SendOptions, deadline: number): Promise<HttpResponse> {
    let url = o.url;
    let method = o.method;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { ...o.headers };
      // Blob GETs redirect to storage elsewhere; the registry's credentials stay with the registry.
      if (o.authorization && url.origin === o.url.origin) headers.authorization = o.authorization;
      const res = await this.once(o, method, url, headers, deadline);
      const location = res.headers.location;
      if (!REDIRECT.has(res.status) || !location) return res;
      if (hop >= LIMITS.redirects) {
        throw new RegistryError(o.registry, 'bad-response', `${o.registry} redirected more than ${LIMITS.redirects} times while fetching ${o.what}; the registry or its storage is misconfigured.`);
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new RegistryError(o.registry, 'bad-response', `${o.registry} redirected to an invalid location while fetching ${o.what}.`);
      }
      if (next.protocol !== 'https:' && next.protocol !== 'http:') {
        throw new RegistryError(o.registry, 'bad-response', `${o.registry} redirected to an unsupported ${next.protocol} URL while fetching ${o.what}.`);
      }
      if (res.status === 303 && method === 'POST') method = 'GET';
      url = next;
    }
  }

  private async once(o: SendOptions, method: string, url: URL, headers: Record<string, string>, deadline: number): Promise<HttpResponse> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new NetworkFailure('timed out', true);
    const signal = AbortSignal.timeout(remaining);
    const release = await this.limiter.acquire(url.host);
    const started = Date.now();
    this.counts.set(o.kind, (this.counts.get(o.kind) ?? 0) + 1);
    // Storage redirects carry signed query strings, which are short-lived credentials: not logged.
    const query = o.kind === 'tags' || o.kind === 'token' ? url.search : url.search ? '?…' : '';
    const shown = `${method} ${url.origin}${url.pathname}${query}`;
    try {
      const res = await undici().request(url, {
        method: method as Undici.Dispatcher.HttpMethod,
        headers,
        body: method === 'POST' ? o.body : undefined,
        signal,
        dispatcher: this.dispatcherFor(url),
      }).catch((err: unknown) => {
        throw networkFailure(err, signal);
      });
      const flat = flattenHeaders(res.headers);
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      const body = method === 'HEAD' || REDIRECT.has(res.statusCode)
        ? await res.body.dump().then(() => Buffer.alloc(0))
        : await readCapped(res.body, flat['content-length'], ok ? o.maxBytes : LIMITS.errorBodyBytes, ok, signal).catch((err: unknown) => {
            if (err instanceof Overflow) {
              throw new RegistryError(o.registry, 'bad-response', `${o.registry} sent more than ${mebibytes(o.maxBytes)} for ${o.what}; refusing to read it.`);
            }
            throw networkFailure(err, signal, 'the connection closed before the whole response arrived');
          });
      this.options.log(`${shown} → ${res.statusCode} (${Date.now() - started} ms)`);
      return { status: res.statusCode, headers: flat, body, url };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.options.log(`${shown} failed: ${reason} (${Date.now() - started} ms)`);
      throw err;
    } finally {
      release();
    }
  }

  private dispatcherFor(url: URL): Undici.Dispatcher {
    const proxy = proxyFor(url, this.options.env);
    const unverified = url.protocol === 'https:' && this.options.insecureHosts?.has(url.host) === true;
    const key = `${proxy ?? 'direct'}|${unverified ? 'unverified' : 'verified'}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const connect = { timeout: Math.min(this.options.timeoutMs, 10_000), ...(unverified ? { rejectUnauthorized: false } : {}) };
      agent = proxy
        ? new (undici().ProxyAgent)({ uri: proxy, connect: { timeout: connect.timeout }, requestTls: unverified ? { rejectUnauthorized: false } : undefined })
        : new (undici().Agent)({ connect, headersTimeout: this.options.timeoutMs, bodyTimeout: this.options.timeoutMs });
      this.agents.set(key, agent);
    }
    return agent;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.agents.values()].map((a) => a.close()));
  }
}

class Overflow extends Error {}

async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown },
  contentLength: string | undefined,
  cap: number,
  failOnOverflow: boolean,
  signal: AbortSignal,
): Promise<Buffer> {
  if (failOnOverflow && contentLength !== undefined && Number(contentLength) > cap) {
    body.destroy();
    throw new Overflow();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > cap) {
      body.destroy();
      if (failOnOverflow) throw new Overflow();
      chunks.push(chunk.subarray(0, chunk.length - (size - cap)));
      return Buffer.concat(chunks);
    }
    chunks.push(chunk);
  }
  if (signal.aborted) throw new NetworkFailure('timed out', true);
  return Buffer.concat(chunks);
}

function networkFailure(err: unknown, signal: AbortSignal, fallback?: string): Error {
  if (err instanceof RegistryError || err instanceof NetworkFailure) return err;
  const code = (err as { code?: string } | undefined)?.code ?? '';
  if (signal.aborted || /TIMEOUT/.test(code)) return new NetworkFailure('timed out', true);
  if (fallback) return new NetworkFailure(fallback);
  const text = err instanceof Error ? err.message : String(err);
  const hint = /CERT|SELF_SIGNED|TLS|SSL/.test(code)
    ? '; if this registry uses a self-signed or private certificate, mark it "insecure" in the registries setting'
    : '';
  return new NetworkFailure(`${code ? `${code} (${text})` : text}${hint}`);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * What to do about a rate limit besides waiting. Registries limit anonymous pulls harder than
 * logged-in ones (Docker Hub, ghcr.io, quay.io, ECR Public): without credentials, logging in is the
 * fix; with them, the limit is the account's.
 */
function rateLimitHint(o: SendOptions): string {
  const login = o.registry === 'docker.io' ? 'docker login' : `docker login ${o.registry}`;
  if (o.authorization === undefined) return ` Anonymous requests get the lowest limit; \`${login}\` raises it.`;
  // Anonymous pulls get a bearer token too: the header does not say whether someone is logged in.
  return ` If you pull anonymously, \`${login}\` raises the limit; if you are logged in, the limit is your account's.`;
}

/** The first `errors[].message` of a registry's JSON error body, cut to one short line. */
function registryMessage(body: Buffer): string | undefined {
  try {
    const message = (JSON.parse(body.toString('utf8')) as { errors?: Array<{ message?: unknown }> }).errors?.[0]?.message;
    if (typeof message !== 'string') return undefined;
    const line = message.replace(/\s+/g, ' ').trim();
    return line.length > 200 ? `${line.slice(0, 199)}…` : line || undefined;
  } catch {
    return undefined;
  }
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential back-off with full jitter, so many clients retrying do not arrive together. */
function backoff(attempt: number, baseMs: number): number {
  return Math.round(baseMs * 2 ** attempt * (0.5 + Math.random() / 2));
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function mebibytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
