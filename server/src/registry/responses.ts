import type { Endpoint } from './endpoints';
import { RegistryError } from './errors';
import type { HttpResponse } from './http';
import { isDigest, type ManifestSummary } from './manifest';

/** A repository on a registry, as the client addresses it. */
export interface ImageLookup {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export interface Target {
  ep: Endpoint;
  repo: string;
  /** `docker.io/library/node` for messages and cache keys. */
  name: string;
}

/** `registry/repository[:tag][@digest]` for messages and keys. */
export function describe(ref: ImageLookup): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** Registry error codes from a JSON error body; the registry's free text is never repeated. */
export function errorCodes(res: HttpResponse): string[] {
  try {
    const body = JSON.parse(res.body.toString('utf8')) as { errors?: Array<{ code?: unknown }> };
    return (body.errors ?? []).flatMap((e) => (typeof e?.code === 'string' && /^[A-Z_]{1,64}$/.test(e.code) ? [e.code] : []));
  } catch {
    return [];
  }
}

export function notFound(t: Target, res: HttpResponse, reference?: string): RegistryError {
  const codes = errorCodes(res);
  if (codes.includes('NAME_UNKNOWN') || reference === undefined) {
    return new RegistryError(t.ep.registry, 'bad-response', `${t.name} does not exist on ${t.ep.registry}; check the image name.`, { notFound: 'repository', status: 404 });
  }
  const shown = isDigest(reference) ? `digest ${reference}` : `tag "${reference}"`;
  return new RegistryError(t.ep.registry, 'bad-response', `${t.name} has no ${shown} on ${t.ep.registry}; check the tag, or list the tags the repository has.`, { notFound: 'tag', status: 404 });
}

export function unexpected(t: Target, res: HttpResponse, what: string): RegistryError {
  const codes = errorCodes(res);
  return new RegistryError(t.ep.registry, 'bad-response', `${t.ep.registry} answered HTTP ${res.status}${codes.length ? ` (${codes.join(', ')})` : ''} for ${what}.`, { status: res.status });
}

export function noSuchPlatform(t: Target, ref: ImageLookup, platform: string, summary: ManifestSummary & { kind: 'index' }): RegistryError {
  const have = summary.manifests.flatMap((m) => (m.platform ? [m.platform] : [])).join(', ') || 'no platforms';
  return new RegistryError(t.ep.registry, 'bad-response', `${describe(ref)} has no ${platform} image (it has ${have}); change FROM --platform or pick another tag.`);
}

/** The `rel="next"` URL of a tags/list page, only when it stays on the registry's origin. */
export function nextLink(header: string | undefined, base: URL, ep: Endpoint): URL | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!m || !/rel="?next"?/i.test(m[2])) continue;
    try {
      const next = new URL(m[1], base);
      return next.origin === ep.url.origin ? next : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
