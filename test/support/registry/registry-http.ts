import { ACCEPT_ALL_MANIFESTS, sha256Digest } from './media-types';
import type { TestRegistry } from './start-registry';

/** Calls the registry directly (not through the request log) as the harness admin. */
export async function adminFetch(
  reg: TestRegistry,
  repo: string | undefined,
  method: string,
  pathOrUrl: string,
  init: { headers?: Record<string, string>; body?: Buffer } = {},
): Promise<Response> {
  const url = new URL(pathOrUrl, reg.directUrl);
  return fetch(url, {
    method,
    headers: { ...reg.adminHeaders(repo), ...init.headers },
    body: init.body,
    redirect: 'manual',
  });
}

export async function expectStatus(response: Response, expected: number, what: string): Promise<Response> {
  if (response.status !== expected) {
    throw new Error(`${what}: expected HTTP ${expected}, got ${response.status}: ${await response.text()}`);
  }
  return response;
}

/** Monolithic upload (POST then PUT ?digest=), skipped when the repository already links the blob. */
export async function pushBlob(reg: TestRegistry, repo: string, bytes: Buffer): Promise<string> {
  const digest = sha256Digest(bytes);
  const head = await adminFetch(reg, repo, 'HEAD', `/v2/${repo}/blobs/${digest}`);
  if (head.status === 200) return digest;
  const started = await expectStatus(
    await adminFetch(reg, repo, 'POST', `/v2/${repo}/blobs/uploads/`),
    202,
    `start upload to ${repo}`,
  );
  const location = new URL(started.headers.get('location')!, reg.directUrl);
  location.searchParams.set('digest', digest);
  await expectStatus(
    await adminFetch(reg, repo, 'PUT', location.toString(), {
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    }),
    201,
    `finish upload of ${digest} to ${repo}`,
  );
  return digest;
}

/** PUTs manifest bytes as given and checks the registry computed the same digest. */
export async function putManifest(
  reg: TestRegistry,
  repo: string,
  reference: string,
  bytes: Buffer,
  mediaType: string,
): Promise<string> {
  const digest = sha256Digest(bytes);
  const res = await expectStatus(
    await adminFetch(reg, repo, 'PUT', `/v2/${repo}/manifests/${reference}`, {
      headers: { 'content-type': mediaType },
      body: bytes,
    }),
    201,
    `put manifest ${repo}:${reference}`,
  );
  const served = res.headers.get('docker-content-digest');
  if (served !== digest) throw new Error(`registry digested ${repo}:${reference} as ${served}, expected ${digest}`);
  return digest;
}

export interface FetchedManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
  json: any;
}

export async function getManifest(reg: TestRegistry, repo: string, reference: string): Promise<FetchedManifest> {
  const res = await expectStatus(
    await adminFetch(reg, repo, 'GET', `/v2/${repo}/manifests/${reference}`, {
      headers: { accept: ACCEPT_ALL_MANIFESTS },
    }),
    200,
    `get manifest ${repo}:${reference}`,
  );
  const bytes = Buffer.from(await res.arrayBuffer());
  return { digest: sha256Digest(bytes), mediaType: res.headers.get('content-type') ?? '', bytes, json: JSON.parse(bytes.toString('utf8')) };
}

/** The Docker-Content-Digest a HEAD with all four manifest types accepted returns, or null on 404. */
export async function headDigest(reg: TestRegistry, repo: string, reference: string): Promise<string | null> {
  const res = await adminFetch(reg, repo, 'HEAD', `/v2/${repo}/manifests/${reference}`, {
    headers: { accept: ACCEPT_ALL_MANIFESTS },
  });
  if (res.status === 404) return null;
  await expectStatus(res, 200, `head manifest ${repo}:${reference}`);
  return res.headers.get('docker-content-digest');
}

export async function getBlob(reg: TestRegistry, repo: string, digest: string): Promise<Buffer> {
  const res = await expectStatus(
    await adminFetch(reg, repo, 'GET', `/v2/${repo}/blobs/${digest}`),
    200,
    `get blob ${digest} from ${repo}`,
  );
  return Buffer.from(await res.arrayBuffer());
}

/** All tags, following `Link` pagination. */
export async function listTags(reg: TestRegistry, repo: string): Promise<string[]> {
  const tags: string[] = [];
  let next: string | null = `/v2/${repo}/tags/list?n=100`;
  while (next) {
    const res = await expectStatus(await adminFetch(reg, repo, 'GET', next), 200, `list tags of ${repo}`);
    tags.push(...(((await res.json()) as { tags: string[] | null }).tags ?? []));
    next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
  }
  return tags;
}

/** Distribution deletes manifests, not tags: every tag pointing at this digest goes with it. */
export async function deleteManifest(reg: TestRegistry, repo: string, digest: string): Promise<void> {
  await expectStatus(
    await adminFetch(reg, repo, 'DELETE', `/v2/${repo}/manifests/${digest}`),
    202,
    `delete ${repo}@${digest}`,
  );
}

/** Deletes the manifest the tag points at (and with it any other tag sharing that digest). */
export async function deleteTag(reg: TestRegistry, repo: string, tag: string): Promise<string> {
  const digest = await headDigest(reg, repo, tag);
  if (!digest) throw new Error(`${repo}:${tag} does not exist`);
  await deleteManifest(reg, repo, digest);
  return digest;
}
