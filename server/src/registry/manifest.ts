import { createHash } from 'node:crypto';
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST, isIndexMediaType } from './mediaTypes';

/** What we keep of a manifest: for an index its children by platform, for an image its config. */
export type ManifestSummary =
  | { kind: 'index'; mediaType: string; manifests: Array<{ digest: string; platform?: string }> }
  | { kind: 'image'; mediaType: string; config?: string };

const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export function isDigest(value: unknown): value is string {
  return typeof value === 'string' && DIGEST.test(value);
}

/** The digest of bytes with the algorithm of `like` (sha256 unless `like` says sha512). */
export function digestOf(bytes: Buffer, like = 'sha256:'): string {
  const algorithm = like.startsWith('sha512:') ? 'sha512' : 'sha256';
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** Parses manifest bytes; throws a plain Error with the reason when they are not a usable manifest. */
export function summariseManifest(bytes: Buffer, contentType?: string): ManifestSummary {
  let doc: { mediaType?: unknown; schemaVersion?: unknown; manifests?: unknown; config?: { digest?: unknown } };
  try {
    doc = JSON.parse(bytes.toString('utf8')) as typeof doc;
  } catch {
    throw new Error('a manifest that is not valid JSON');
  }
  if (typeof doc !== 'object' || doc === null) throw new Error('a manifest that is not a JSON object');
  const declared = typeof doc.mediaType === 'string' ? doc.mediaType : contentType?.split(';')[0].trim();
  if (Array.isArray(doc.manifests) && (declared === undefined || isIndexMediaType(declared) || !declared.includes('manifest.v'))) {
    const manifests = doc.manifests.flatMap((m: { digest?: unknown; platform?: { os?: unknown; architecture?: unknown; variant?: unknown } }) => {
      if (!m || !isDigest(m.digest)) return [];
      return [{ digest: m.digest, platform: platformString(m.platform) }];
    });
    return { kind: 'index', mediaType: declared && isIndexMediaType(declared) ? declared : OCI_INDEX, manifests };
  }
  if (doc.schemaVersion === 1) throw new Error('a schema 1 manifest, which is deprecated and not supported');
  if (doc.config !== undefined && !isDigest(doc.config?.digest)) throw new Error('a manifest whose config has no valid digest');
  const mediaType = declared === DOCKER_MANIFEST || declared === OCI_MANIFEST ? declared : declared === DOCKER_MANIFEST_LIST ? OCI_MANIFEST : (declared ?? OCI_MANIFEST);
  return { kind: 'image', mediaType, config: doc.config?.digest as string | undefined };
}

/** `os/arch[/variant]`, or undefined for entries that are not images (buildx attestations). */
export function platformString(p: { os?: unknown; architecture?: unknown; variant?: unknown } | undefined): string | undefined {
  if (!p || typeof p.os !== 'string' || typeof p.architecture !== 'string') return undefined;
  if (p.os === 'unknown' || p.architecture === 'unknown') return undefined;
  return [p.os, p.architecture, typeof p.variant === 'string' && p.variant ? p.variant : undefined].filter(Boolean).join('/');
}

/**
 * The index entry for a platform as `FROM --platform` names it. `linux/arm64` matches an entry with
 * variant v8, as docker does; a variant asked for must match.
 */
export function pickPlatform(manifests: Array<{ digest: string; platform?: string }>, wanted: string): { digest: string; platform?: string } | undefined {
  const [os, arch, variant] = wanted.toLowerCase().split('/');
  return manifests.find((m) => {
    if (!m.platform) return false;
    const [mOs, mArch, mVariant] = m.platform.toLowerCase().split('/');
    if (mOs !== os || mArch !== arch) return false;
    return variant === undefined || variant === mVariant || (mVariant === undefined && arch === 'arm64' && variant === 'v8');
  });
}

/** The config's `created`, when it is a date. */
export function createdOf(bytes: Buffer): { created?: string; platform?: string } {
  let doc: { created?: unknown; os?: unknown; architecture?: unknown; variant?: unknown };
  try {
    doc = JSON.parse(bytes.toString('utf8')) as typeof doc;
  } catch {
    throw new Error('an image config that is not valid JSON');
  }
  const created = typeof doc?.created === 'string' && !Number.isNaN(Date.parse(doc.created)) ? doc.created : undefined;
  return { created, platform: platformString(doc) };
}
