/**
 * The `dockerfilePatchHygiene/checkFreshness` request, shared by the server and the VS Code client.
 * No imports: the client bundles this file without pulling in the server.
 */
export const CHECK_FRESHNESS_METHOD = 'dockerfilePatchHygiene/checkFreshness';

export interface CheckFreshnessParams {
  /** Dockerfiles to check: open documents are read from the editor, others from disk (`file:` only). */
  uris: string[];
}

/** A tag in use whose image changed under it, reported once per new digest. */
export interface MovedTag {
  /** The reference as the first file using it writes it, without digest: `node:20-alpine`. */
  ref: string;
  /** Where the tag points now. */
  digest: string;
  /** Where it pointed when last seen, or the digest a file pins. */
  previousDigest?: string;
  /** When the image the tag points to now was built (config `created`), ISO 8601. */
  pushedAt?: string;
  /** Files that would get the new image: those that use the tag without a pin, or pin an older digest. */
  uris: string[];
  /** Those of `uris` that pin a digest, so a Refresh digest applies to them. */
  pinnedUris: string[];
}

export interface CheckFreshnessResult {
  moved: MovedTag[];
}
