import { gunzipSync, gzipSync } from 'node:zlib';
import { MEDIA, sha256Digest, type ManifestFlavour } from './media-types';
import { getBlob, getManifest, pushBlob, putManifest } from './registry-http';
import type { TestRegistry } from './start-registry';
import { ustar, withParentDirs, type TarEntry } from './tar';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** Docker's image-config healthcheck; durations in nanoseconds. */
export interface Healthcheck {
  Test: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  Retries?: number;
}

export interface PushImageOptions {
  /** Gzipped layer tarballs to put first (e.g. `await busyboxLayer()`). */
  layers?: Buffer[];
  /** An uncompressed tarball to add as a layer after `layers`. */
  layerTar?: Buffer;
  /** Files for a last layer; paths relative to the image root. Default: one file naming repo:tag, so tags differ. */
  files?: Record<string, Buffer | string>;
  /** The config's `created`. Default 2024-01-01T00:00:00Z, so the same content gives the same digest. */
  created?: string;
  platform?: Platform;
  mediaType?: ManifestFlavour;
  cmd?: string[];
  entrypoint?: string[];
  env?: string[];
  healthcheck?: Healthcheck;
  labels?: Record<string, string>;
  user?: string;
  workingDir?: string;
  exposedPorts?: string[];
}

/** What a push produced; enough to put the image into an index. */
export interface PushedImage {
  repo: string;
  /** The tag pushed, or null when pushed by digest only. */
  tag: string | null;
  digest: string;
  mediaType: string;
  manifestBytes: Buffer;
  size: number;
  configDigest: string;
  config: ImageConfig;
  platform: Platform;
}

export interface ImageConfig {
  architecture: string;
  os: string;
  variant?: string;
  created: string;
  config: Record<string, unknown>;
  rootfs: { type: 'layers'; diff_ids: string[] };
  history: { created: string; created_by: string; empty_layer?: boolean }[];
}

export const DEFAULT_CREATED = '2024-01-01T00:00:00Z';
export const DEFAULT_PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Uploads layers and config, then PUTs the manifest under `tag` (or by digest when tag is null). */
export async function pushImage(
  reg: TestRegistry,
  repo: string,
  tag: string | null,
  opts: PushImageOptions = {},
): Promise<PushedImage> {
  const platform = opts.platform ?? { os: 'linux', architecture: 'amd64' };
  const created = opts.created ?? DEFAULT_CREATED;
  const layers = [...(opts.layers ?? [])];
  if (opts.layerTar) layers.push(gzipSync(opts.layerTar));
  if (opts.files || layers.length === 0) {
    layers.push(filesLayer(opts.files ?? { [`etc/fixture-image`]: `${repo}:${tag ?? 'untagged'}\n` }));
  }
  const config: ImageConfig = {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    created,
    config: containerConfig(opts),
    rootfs: { type: 'layers', diff_ids: layers.map((gz) => sha256Digest(gunzipSync(gz))) },
    history: layers.map(() => ({ created, created_by: 'dph test harness' })),
  };
  return pushWithConfig(reg, repo, tag, config, layers, opts.mediaType ?? 'docker');
}

export function filesLayer(files: Record<string, Buffer | string>): Buffer {
  const entries: TarEntry[] = Object.keys(files)
    .sort()
    .map((p) => ({ type: 'file', path: p.replace(/^\/+/, ''), content: files[p] }));
  return gzipSync(ustar(withParentDirs(entries)));
}

function containerConfig(opts: PushImageOptions): Record<string, unknown> {
  const c: Record<string, unknown> = { Env: opts.env ?? [DEFAULT_PATH_ENV] };
  if (opts.entrypoint) c.Entrypoint = opts.entrypoint;
  c.Cmd = opts.cmd ?? (opts.entrypoint ? null : ['sh']);
  if (opts.healthcheck) c.Healthcheck = opts.healthcheck;
  if (opts.labels) c.Labels = opts.labels;
  if (opts.user) c.User = opts.user;
  if (opts.workingDir) c.WorkingDir = opts.workingDir;
  if (opts.exposedPorts) c.ExposedPorts = Object.fromEntries(opts.exposedPorts.map((p) => [p, {}]));
  return c;
}

async function pushWithConfig(
  reg: TestRegistry,
  repo: string,
  tag: string | null,
  config: ImageConfig,
  layers: Buffer[],
  flavour: ManifestFlavour,
): Promise<PushedImage> {
  const configBytes = Buffer.from(JSON.stringify(config));
  const layerDescriptors = [];
  for (const gz of layers) {
    const digest = await pushBlob(reg, repo, gz);
    layerDescriptors.push({ mediaType: flavour === 'oci' ? MEDIA.ociLayer : MEDIA.dockerLayer, size: gz.length, digest });
  }
  const configDigest = await pushBlob(reg, repo, configBytes);
  const mediaType = flavour === 'oci' ? MEDIA.ociManifest : MEDIA.dockerManifest;
  const manifestBytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: {
        mediaType: flavour === 'oci' ? MEDIA.ociConfig : MEDIA.dockerConfig,
        size: configBytes.length,
        digest: configDigest,
      },
      layers: layerDescriptors,
    }),
  );
  const digest = await putManifest(reg, repo, tag ?? sha256Digest(manifestBytes), manifestBytes, mediaType);
  const platform: Platform = { os: config.os, architecture: config.architecture };
  if (config.variant) platform.variant = config.variant;
  return { repo, tag, digest, mediaType, manifestBytes, size: manifestBytes.length, configDigest, config, platform };
}

export interface IndexEntry {
  digest: string;
  size: number;
  platform: Platform;
  /** Default: the docker or OCI manifest type matching the index flavour. */
  mediaType?: string;
}

export interface PushedIndex {
  digest: string;
  mediaType: string;
  manifestBytes: Buffer;
}

/** A multi-arch index; its entries must already be in `repo` (distribution refuses dangling references). */
export async function pushIndex(
  reg: TestRegistry,
  repo: string,
  tag: string,
  manifests: IndexEntry[],
  flavour: ManifestFlavour = 'docker',
): Promise<PushedIndex> {
  const mediaType = flavour === 'oci' ? MEDIA.ociIndex : MEDIA.dockerIndex;
  const childType = flavour === 'oci' ? MEDIA.ociManifest : MEDIA.dockerManifest;
  const manifestBytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      manifests: manifests.map((m) => ({ mediaType: m.mediaType ?? childType, size: m.size, digest: m.digest, platform: m.platform })),
    }),
  );
  const digest = await putManifest(reg, repo, tag, manifestBytes, mediaType);
  return { digest, mediaType, manifestBytes };
}

/** One image per platform (pushed by digest), then the index under `tag`. */
export async function pushMultiArch(
  reg: TestRegistry,
  repo: string,
  tag: string,
  platforms: Platform[],
  opts: PushImageOptions = {},
): Promise<PushedIndex & { images: PushedImage[] }> {
  const images: PushedImage[] = [];
  for (const platform of platforms) {
    const arch = [platform.architecture, platform.variant].filter(Boolean).join('/');
    const files = opts.files ?? { 'etc/fixture-image': `${repo}:${tag} ${arch}\n` };
    images.push(await pushImage(reg, repo, null, { ...opts, files, platform }));
  }
  const index = await pushIndex(
    reg,
    repo,
    tag,
    images.map((i) => ({ digest: i.digest, size: i.size, platform: i.platform, mediaType: i.mediaType })),
    opts.mediaType ?? 'docker',
  );
  return { ...index, images };
}

/** Puts the manifest `from` already points at under `tag` too (an alias, as `node:20` and `node:20.18.1` are). */
export async function tagExisting(reg: TestRegistry, repo: string, from: string, tag: string): Promise<string> {
  const manifest = await getManifest(reg, repo, from);
  return putManifest(reg, repo, tag, manifest.bytes, manifest.mediaType);
}

export interface Repushed {
  previousDigest: string;
  digest: string;
}

/**
 * "The tag was re-pushed with patches": the same layers plus one patch layer and a later `created`,
 * per platform for an index. The old manifest stays reachable by digest, as on Docker Hub.
 */
export async function repushWithPatches(
  reg: TestRegistry,
  repo: string,
  tag: string,
  opts: { created?: string; patch?: string } = {},
): Promise<Repushed> {
  const current = await getManifest(reg, repo, tag);
  const created = opts.created ?? new Date().toISOString();
  const patch = opts.patch ?? `patched ${created}`;
  if (current.mediaType === MEDIA.dockerIndex || current.mediaType === MEDIA.ociIndex) {
    const children: IndexEntry[] = [];
    for (const entry of current.json.manifests as { digest: string; mediaType: string; platform: Platform }[]) {
      const image = await repatchImage(reg, repo, null, entry.digest, created, patch);
      children.push({ digest: image.digest, size: image.size, platform: entry.platform, mediaType: image.mediaType });
    }
    const flavour = current.mediaType === MEDIA.ociIndex ? 'oci' : 'docker';
    const index = await pushIndex(reg, repo, tag, children, flavour);
    return { previousDigest: current.digest, digest: index.digest };
  }
  const image = await repatchImage(reg, repo, tag, tag, created, patch);
  return { previousDigest: current.digest, digest: image.digest };
}

async function repatchImage(
  reg: TestRegistry,
  repo: string,
  tag: string | null,
  reference: string,
  created: string,
  patch: string,
): Promise<PushedImage> {
  const manifest = await getManifest(reg, repo, reference);
  const flavour: ManifestFlavour = manifest.mediaType === MEDIA.ociManifest ? 'oci' : 'docker';
  const config = JSON.parse((await getBlob(reg, repo, manifest.json.config.digest)).toString('utf8')) as ImageConfig;
  const layers: Buffer[] = [];
  for (const layer of manifest.json.layers as { digest: string }[]) {
    layers.push(await getBlob(reg, repo, layer.digest));
  }
  const patchLayer = filesLayer({ 'etc/fixture-patch': patch + '\n' });
  layers.push(patchLayer);
  config.created = created;
  config.rootfs.diff_ids.push(sha256Digest(gunzipSync(patchLayer)));
  config.history.push({ created, created_by: 'dph test harness: security patch' });
  return pushWithConfig(reg, repo, tag, config, layers, flavour);
}
