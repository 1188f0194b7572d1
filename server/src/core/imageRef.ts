/** An image reference as Docker reads it: `[host[:port]/]path[:tag][@digest]`. */
export interface ImageRef {
  /** The text as written (after ARG substitution). */
  raw: string;
  /** Registry host as Docker addresses it; `docker.io` for Docker Hub. */
  registry: string;
  /** Repository path on that registry; Docker Hub's official images get `library/`. */
  repository: string;
  /** The path as the user wrote it, without host, tag or digest (`node`, `bitnami/redis`). */
  path: string;
  tag?: string;
  digest?: string;
  /** Offsets into `raw`: where the tag (without `:`) and digest (without `@`) start and end. */
  offsets: { path: [number, number]; tag?: [number, number]; digest?: [number, number] };
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

export const DOCKER_HUB = 'docker.io';

/** Parses a reference, or returns undefined when Docker would reject it. */
export function parseImageRef(raw: string): ImageRef | undefined {
  if (raw.length === 0 || raw.length > 4096 || /\s/.test(raw)) return undefined;
  let rest = raw;
  let digest: string | undefined;
  let digestOffsets: [number, number] | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    if (!DIGEST.test(digest)) return undefined;
    digestOffsets = [at + 1, raw.length];
    rest = rest.slice(0, at);
  }
  let host: string | undefined;
  let pathStart = 0;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    // Docker treats the first component as a host only when it looks like one.
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      if (!/^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-fA-F:]+\](?::\d{1,5})?$/.test(first)) return undefined;
      host = first;
      pathStart = slash + 1;
    }
  }
  // A colon after the last slash is a tag; a colon in the host part is a port.
  let tag: string | undefined;
  let tagOffsets: [number, number] | undefined;
  let pathEnd = rest.length;
  const colon = rest.lastIndexOf(':');
  if (colon > pathStart - 1 && colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    if (!TAG.test(tag)) return undefined;
    tagOffsets = [colon + 1, colon + 1 + tag.length];
    pathEnd = colon;
  }
  const path = rest.slice(pathStart, pathEnd);
  if (path.length === 0 || !path.split('/').every((c) => PATH_COMPONENT.test(c))) return undefined;
  const registry = normaliseRegistry(host);
  const repository = registry === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path;
  return {
    raw,
    registry,
    repository,
    path,
    tag,
    digest,
    offsets: { path: [pathStart, pathEnd], tag: tagOffsets, digest: digestOffsets },
  };
}

function normaliseRegistry(host: string | undefined): string {
  if (host === undefined) return DOCKER_HUB;
  if (host === 'index.docker.io' || host === 'registry-1.docker.io' || host === 'registry.hub.docker.com') {
    return DOCKER_HUB;
  }
  return host;
}

/** The last path component, which is what people call the image (`node`, `redis`). */
export function imageName(ref: Pick<ImageRef, 'path'>): string {
  const parts = ref.path.split('/');
  return parts[parts.length - 1];
}


/** Re-assembles a reference with another tag and/or digest, keeping how the user wrote the rest. */
/** `node`, `library/node`, or `<anything>/library/node`: how official images and their mirrors are named. */
export function isOfficialLike(ref: Pick<ImageRef, 'path'>): boolean {
  const name = imageName(ref);
  return ref.path === name || ref.path === `library/${name}` || ref.path.endsWith(`/library/${name}`);
}

export function formatImageRef(ref: ImageRef, change: { tag?: string | null; digest?: string | null }): string {
  const prefix = ref.raw.slice(0, ref.offsets.path[1]);
  const tag = change.tag === null ? undefined : (change.tag ?? ref.tag);
  const digest = change.digest === null ? undefined : (change.digest ?? ref.digest);
  return prefix + (tag !== undefined ? `:${tag}` : '') + (digest !== undefined ? `@${digest}` : '');
}

/** A canonical key for caches and de-duplication: `docker.io/library/node:20`. */
export function canonicalRef(ref: Pick<ImageRef, 'registry' | 'repository' | 'tag' | 'digest'>): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
