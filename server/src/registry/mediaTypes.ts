export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** Without all four, registries fall back to schema 1 or serve only one flavour of multi-arch. */
export const MANIFEST_ACCEPT = [DOCKER_MANIFEST_LIST, OCI_INDEX, DOCKER_MANIFEST, OCI_MANIFEST].join(', ');

export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === DOCKER_MANIFEST_LIST || mediaType === OCI_INDEX;
}

/** Caps on what we read, so a hostile or broken registry cannot exhaust memory. */
export const LIMITS = {
  manifestBytes: 4 * 1024 * 1024,
  configBytes: 8 * 1024 * 1024,
  tagPageBytes: 2 * 1024 * 1024,
  tokenBytes: 1024 * 1024,
  errorBodyBytes: 64 * 1024,
  tagPages: 20,
  tagsTotal: 10_000,
  redirects: 5,
} as const;
