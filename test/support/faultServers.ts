import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';

/** One request a fault server saw, with the headers the client sent. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FaultServer {
  /** `127.0.0.1:<port>`, usable as a registry name (loopback, so plain http). */
  host: string;
  url: string;
  requests: SeenRequest[];
  /** Requests whose path matches, e.g. `/manifests/`. */
  count(pathPart: string, method?: string): number;
  close(): Promise<void>;
}

export type FaultHandler = (req: http.IncomingMessage, res: http.ServerResponse, seen: SeenRequest) => void;

/**
 * A real HTTP server on loopback whose behaviour the test writes: slow, failing, lying. `bindHost`
 * may be another loopback address (127.0.0.2) to play "another host".
 */
export async function startFaultServer(handler: FaultHandler, bindHost = '127.0.0.1', tls?: { key: string; cert: string }): Promise<FaultServer> {
  const requests: SeenRequest[] = [];
  const listener: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      try {
        handler(req, res, seen);
      } catch (err) {
        res.statusCode = 599;
        res.end(String(err));
      }
    });
  };
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, bindHost, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = `${bindHost}:${port}`;
  return {
    host,
    url: `${tls ? 'https' : 'http'}://${host}`,
    requests,
    count: (part, method) => requests.filter((r) => r.path.includes(part) && (!method || r.method === method)).length,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sha256(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** A small, valid single-platform image: config bytes and a Docker v2 manifest pointing at them. */
export function fakeImage(created = '2024-05-01T10:00:00Z', platform = { os: 'linux', architecture: 'amd64' }) {
  const config = Buffer.from(JSON.stringify({ created, ...platform, config: {}, rootfs: { type: 'layers', diff_ids: [] } }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: sha256(config) },
    layers: [],
  }));
  return { config, configDigest: sha256(config), manifest, digest: sha256(manifest) };
}

/** Answers a manifest request the way distribution does: content type and Docker-Content-Digest. */
export function sendManifest(res: http.ServerResponse, method: string, bytes: Buffer, digest = sha256(bytes)): void {
  res.writeHead(200, {
    'content-type': 'application/vnd.docker.distribution.manifest.v2+json',
    'content-length': bytes.length,
    'docker-content-digest': digest,
  });
  res.end(method === 'HEAD' ? undefined : bytes);
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length, ...headers });
  res.end(bytes);
}

/**
 * A well-behaved little registry for one image at `repo:tag`, so fault tests can start from
 * something that works and break one thing. `override` sees each request first and returns true
 * when it answered.
 */
export function imageRegistry(repo: string, tag: string, image = fakeImage(), override?: FaultHandler): FaultHandler {
  return (req, res, seen) => {
    if (override) {
      override(req, res, seen);
      if (res.headersSent || res.writableEnded || res.destroyed) return;
    }
    const path = seen.path.split('?')[0];
    if (path === `/v2/${repo}/manifests/${tag}` || path === `/v2/${repo}/manifests/${image.digest}`) {
      return sendManifest(res, seen.method, image.manifest);
    }
    if (path === `/v2/${repo}/blobs/${image.configDigest}`) {
      res.writeHead(200, { 'content-length': image.config.length });
      return res.end(image.config);
    }
    if (path === `/v2/${repo}/tags/list`) return sendJson(res, 200, { name: repo, tags: [tag] });
    if (path.startsWith(`/v2/${repo}/manifests/`)) {
      return sendJson(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
    }
    sendJson(res, 404, { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] });
  };
}

/** A throwaway self-signed certificate for 127.0.0.1, made with openssl (argument array, no shell). */
export async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'dph-tls-'));
  try {
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1',
    ]);
    return { key: await readFile(join(dir, 'key.pem'), 'utf8'), cert: await readFile(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
