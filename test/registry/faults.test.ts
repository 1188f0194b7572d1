import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { createRegistryClient, RegistryError, type RegistryClient } from '../../server/src/registry';
import { fakeImage, imageRegistry, selfSignedCertificate, sendJson, sendManifest, sha256, startFaultServer, type FaultServer } from '../support/faultServers';

const REPO = 'library/app';

describe('registry client against misbehaving servers', function () {
  this.timeout(20_000);
  let servers: FaultServer[] = [];
  let clients: RegistryClient[] = [];
  let lines: string[] = [];

  async function serve(handler: Parameters<typeof startFaultServer>[0]): Promise<FaultServer> {
    const server = await startFaultServer(handler);
    servers.push(server);
    return server;
  }

  function client(options: Parameters<typeof createRegistryClient>[0] = {}): RegistryClient {
    const c = createRegistryClient({ timeoutMs: 3_000, retryBaseMs: 10, env: {}, log: (l) => lines.push(l), ...options });
    clients.push(c);
    return c;
  }

  async function rejection(promise: Promise<unknown>): Promise<RegistryError> {
    try {
      await promise;
    } catch (err) {
      assert.ok(err instanceof RegistryError, `expected a RegistryError, got ${String(err)}`);
      return err;
    }
    assert.fail('expected a rejection, but it resolved');
  }

  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
    clients = [];
    lines = [];
  });

  it('a well-behaved server gives digest, created date and platform', async () => {
    const image = fakeImage('2024-05-01T10:00:00Z');
    const server = await serve(imageRegistry(REPO, '1.0', image));
    const facts = await client().imageFacts({ registry: server.host, repository: REPO, tag: '1.0' });
    assert.deepEqual(facts, { digest: image.digest, created: '2024-05-01T10:00:00Z', platforms: ['linux/amd64'] });
  });

  it('a server that never answers ends in a timeout problem, without hanging', async () => {
    const server = await serve(() => undefined);
    const started = Date.now();
    const facts = await client({ timeoutMs: 400 }).imageFacts({ registry: server.host, repository: REPO, tag: '1.0' });
    assert.equal(facts.problem?.kind, 'timeout');
    assert.match(facts.problem!.message, /did not answer within 0\.4 s/);
    assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
    assert.equal(facts.digest, undefined);
  });

  it('a 500 followed by success is retried and succeeds', async () => {
    const image = fakeImage();
    let failures = 1;
    const server = await serve(imageRegistry(REPO, '1.0', image, (_req, res) => {
      if (failures-- > 0) sendJson(res, 500, { errors: [{ code: 'UNKNOWN' }] });
    }));
    const c = client();
    assert.equal(await c.resolveDigest({ registry: server.host, repository: REPO, tag: '1.0' }), image.digest);
    assert.equal(server.count('/manifests/1.0'), 2);
  });

  it('a server failing with 500 every time gives up after bounded retries', async () => {
    const server = await serve((_req, res) => sendJson(res, 503, {}));
    const c = client({ retries: 2 });
    const err = await rejection(c.resolveDigest({ registry: server.host, repository: REPO, tag: '1.0' }));
    assert.equal(err.kind, 'unreachable');
    assert.match(err.message, /HTTP 503 .*3 attempts/);
    assert.equal(server.requests.length, 3);
  });

  it('a 429 with Retry-After is waited out once, then succeeds', async () => {
    const image = fakeImage();
    let limited = 1;
    const server = await serve(imageRegistry(REPO, '1.0', image, (_req, res) => {
      if (limited-- > 0) sendJson(res, 429, { errors: [{ code: 'TOOMANYREQUESTS' }] }, { 'retry-after': '1' });
    }));
    const started = Date.now();
    assert.equal(await client().resolveDigest({ registry: server.host, repository: REPO, tag: '1.0' }), image.digest);
    assert.ok(Date.now() - started >= 900, 'the client waited for Retry-After');
  });

  it('a 429 asking for a long wait is reported as rate limiting at once', async () => {
    const said = 'You have reached your unauthenticated pull rate limit. https://example.invalid/increase-rate-limit';
    const server = await serve((_req, res) => sendJson(res, 429, { errors: [{ code: 'TOOMANYREQUESTS', message: said }] }, { 'retry-after': '3600' }));
    const started = Date.now();
    const facts = await client().imageFacts({ registry: server.host, repository: REPO, tag: '1.0' });
    assert.equal(facts.problem?.kind, 'rate-limited');
    // The registry's own words, its Retry-After, and what to do: this request went without credentials.
    assert.equal(
      facts.problem!.message,
      `${server.host} is rate limiting requests (HTTP 429) for the manifest of ${server.host}/${REPO}:1.0 ("${said}"); try again in 3600 s. Anonymous requests get the lowest limit; \`docker login ${server.host}\` raises it.`,
    );
    assert.ok(Date.now() - started < 2_000);
    assert.equal(server.requests.length, 1);
  });

  it('after a long Retry-After the registry is left alone until it passes', async () => {
    const server = await serve((_req, res) => sendJson(res, 429, {}, { 'retry-after': '3600' }));
    const c = client();
    await c.imageFacts({ registry: server.host, repository: REPO, tag: '1.0' });
    const again = await c.imageFacts({ registry: server.host, repository: REPO, tag: '2.0' });
    assert.equal(again.problem?.kind, 'rate-limited');
    assert.match(again.problem!.message, /not asking .* again for 900 s/);
    assert.equal(server.requests.length, 1);
  });

  it('goes through the HTTP_PROXY of the environment it is given', async () => {
    const image = fakeImage();
    const registry = await serve(imageRegistry(REPO, '1.0', image));
    const tunnels: string[] = [];
    const sockets = new Set<Socket>();
    const proxy = createServer();
    proxy.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      tunnels.push(req.url ?? '');
      sockets.add(socket);
      // Whatever host was asked for, the tunnel ends at the loopback registry: nothing leaves the machine.
      const upstream = connect(Number(registry.host.split(':')[1]), '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const c = client({ env: { HTTP_PROXY: proxyUrl }, registries: { 'registry.test:5000': { endpoint: 'http://registry.test:5000', insecure: true } } });
      const facts = await c.imageFacts({ registry: 'registry.test:5000', repository: REPO, tag: '1.0' });
      assert.equal(facts.digest, image.digest);
      assert.ok(tunnels.length >= 1 && tunnels.every((t) => t === 'registry.test:5000'), tunnels.join(', '));
      await c.close();
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('a self-signed https registry is refused with a hint, and accepted when configured insecure', async () => {
    const image = fakeImage();
    const server = await startFaultServer(imageRegistry(REPO, '1.0', image), '127.0.0.1', await selfSignedCertificate());
    servers.push(server);
    const registries = (insecure: boolean) => ({ [server.host]: { endpoint: server.url, insecure } });
    const strict = await client({ retries: 0, registries: registries(false) }).imageFacts({ registry: server.host, repository: REPO, tag: '1.0' });
    assert.equal(strict.problem?.kind, 'unreachable');
    assert.match(strict.problem!.message, /mark it "insecure" in the registries setting/);
    const relaxed = await client({ registries: registries(true) }).imageFacts({ registry: server.host, repository: REPO, tag: '1.0' });
    assert.equal(relaxed.digest, image.digest);
  });

  it('a body cut off before its Content-Length is a clear failure, not a crash', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.docker.distribution.manifest.v2+json', 'content-length': 1000 });
      res.write('{"schemaVersion":2,');
      setImmediate(() => res.destroy());
    });
    const facts = await client({ retries: 1 }).imageFacts({ registry: server.host, repository: REPO, tag: '1.0' });
    assert.equal(facts.problem?.kind, 'unreachable');
    assert.match(facts.problem!.message, /closed before the whole response arrived/);
    assert.equal(server.requests.length, 2);
  });

  it('an oversized manifest is refused, declared or streamed', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 0x20);
    const declared = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': big.length });
      res.end(big);
    });
    const streamed = await serve((_req, res) => {
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      res.end(big);
    });
    for (const server of [declared, streamed]) {
      const err = await rejection(client().resolveDigest({ registry: server.host, repository: REPO, tag: '1.0' }));
      assert.equal(err.kind, 'bad-response');
      assert.match(err.message, /more than 4 MiB/);
    }
  });

  it('a Docker-Content-Digest that lies about the bytes is never pinned', async () => {
    const real = fakeImage('2024-01-01T00:00:00Z');
    const claimed = sha256('something else entirely');
    const server = await serve(imageRegistry(REPO, '1.0', real, (_req, res, seen) => {
      if (seen.path.includes('/manifests/')) sendManifest(res, seen.method, real.manifest, claimed);
    }));
    const c = client();
    const err = await rejection(c.resolveDigest({ registry: server.host, repository: REPO, tag: '1.0' }));
    assert.equal(err.kind, 'bad-response');
    assert.ok(err.message.includes(claimed) && err.message.includes(real.digest), err.message);
    assert.match(err.message, /not using a digest/);
    const facts = await c.imageFacts({ registry: server.host, repository: REPO, tag: '1.0' });
    assert.equal(facts.digest, undefined);
    assert.equal(facts.problem?.kind, 'bad-response');
  });

  it('a HEAD digest that the manifest bytes do not back up gives a problem, not that digest', async () => {
    const real = fakeImage();
    const claimed = sha256('a digest the registry cannot back up');
    const cacheDir = await mkdtemp(join(tmpdir(), 'dph-cache-'));
    try {
      const server = await serve(imageRegistry(REPO, '1.0', real, (_req, res, seen) => {
        if (seen.method === 'HEAD') sendManifest(res, 'HEAD', real.manifest, claimed);
        else if (seen.path.endsWith(claimed)) sendManifest(res, 'GET', real.manifest, claimed);
      }));
      // A stale cache entry makes the client re-check the tag with HEAD.
      await client({ cacheDir, cacheTtlMs: 0 }).imageFacts({ registry: server.host, repository: REPO, tag: '1.0' });
      const facts = await client({ cacheDir, cacheTtlMs: 0 }).imageFacts({ registry: server.host, repository: REPO, tag: '1.0' });
      assert.equal(server.count('/manifests/1.0', 'HEAD'), 1);
      assert.equal(facts.problem?.kind, 'bad-response');
      assert.equal(facts.digest, undefined);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('a redirect loop on a blob stops after a bounded number of hops', async () => {
    const image = fakeImage();
    const server = await serve(imageRegistry(REPO, '1.0', image, (_req, res, seen) => {
      if (seen.path.includes('/blobs/')) {
        res.writeHead(307, { location: seen.path });
        res.end();
      }
    }));
    const facts = await client().imageFacts({ registry: server.host, repository: REPO, tag: '1.0' });
    assert.equal(facts.problem?.kind, 'bad-response');
    assert.match(facts.problem!.message, /redirected more than 5 times/);
    assert.equal(server.count('/blobs/'), 6);
  });

  it('a manifest that is not JSON is a bad response', async () => {
    const server = await serve((_req, res, seen) => sendManifest(res, seen.method, Buffer.from('<html>gateway</html>')));
    const err = await rejection(client().resolveDigest({ registry: server.host, repository: REPO, tag: '1.0' }));
    assert.equal(err.kind, 'bad-response');
    assert.match(err.message, /not valid JSON/);
  });

  it('MANIFEST_UNKNOWN and NAME_UNKNOWN become notFound tag and repository', async () => {
    const server = await serve(imageRegistry(REPO, '1.0'));
    const c = client();
    assert.deepEqual(await c.imageFacts({ registry: server.host, repository: REPO, tag: '9.9' }), { notFound: 'tag' });
    assert.deepEqual(await c.imageFacts({ registry: server.host, repository: 'library/nope', tag: '1.0' }), { notFound: 'repository' });
    const err = await rejection(c.resolveDigest({ registry: server.host, repository: REPO, tag: '9.9' }));
    assert.equal(err.notFound, 'tag');
    assert.match(err.message, /has no tag "9.9"/);
  });

  it('follows Link pagination with n=2 to the last page', async () => {
    const all = ['1.0', '1.1', '2.0', '2.1', '3.0'];
    const server = await serve((_req, res, seen) => {
      const url = new URL(seen.path, 'http://x');
      const n = Number(url.searchParams.get('n'));
      const last = url.searchParams.get('last');
      const start = last ? all.indexOf(last) + 1 : 0;
      const page = all.slice(start, start + n);
      const more = start + n < all.length;
      sendJson(res, 200, { name: REPO, tags: page }, more ? { link: `</v2/${REPO}/tags/list?n=${n}&last=${page[page.length - 1]}>; rel="next"` } : {});
    });
    const c = client({ tagsPageSize: 2 });
    assert.deepEqual(await c.listTags({ registry: server.host, repository: REPO }), all);
    assert.deepEqual(server.requests.map((r) => r.path), [
      `/v2/${REPO}/tags/list?n=2`,
      `/v2/${REPO}/tags/list?n=2&last=1.1`,
      `/v2/${REPO}/tags/list?n=2&last=2.1`,
    ]);
    assert.deepEqual(c.stats().byKind.tags, 3);
  });

  it('tag pagination that never ends is capped', async () => {
    let page = 0;
    const server = await serve((_req, res) => {
      page++;
      sendJson(res, 200, { name: REPO, tags: [`t${page}a`, `t${page}b`] }, { link: `</v2/${REPO}/tags/list?n=2&last=t${page}b>; rel="next"` });
    });
    const tags = await client({ tagsPageSize: 2 }).listTags({ registry: server.host, repository: REPO });
    assert.equal(server.requests.length, 20);
    assert.equal(tags.length, 40);
  });

  it('a tag list cut off by the page cap is marked incomplete in the facts; a list that ends is not', async () => {
    let page = 0;
    const endless = await serve(imageRegistry(REPO, '1.0', fakeImage(), (_req, res, seen) => {
      if (!seen.path.includes('/tags/list')) return false;
      page++;
      sendJson(res, 200, { name: REPO, tags: [`1.${page}.0`, `1.${page}.1`] }, { link: `</v2/${REPO}/tags/list?n=2&last=1.${page}.1>; rel="next"` });
      return true;
    }));
    const capped = await client({ tagsPageSize: 2 }).imageFacts({ registry: endless.host, repository: REPO, tag: '1.0' }, { tags: true });
    assert.equal(capped.tags?.length, 40);
    assert.equal(capped.tagsIncomplete, true);
    const ending = await serve(imageRegistry(REPO, '1.0'));
    const whole = await client().imageFacts({ registry: ending.host, repository: REPO, tag: '1.0' }, { tags: true });
    assert.ok(whole.tags && whole.tags.length > 0, JSON.stringify(whole));
    assert.equal(whole.tagsIncomplete, undefined);
  });

  it('a Link to another origin is not followed', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { tags: ['a'] }, { link: '<http://127.0.0.2:1/v2/x/tags/list?last=a>; rel="next"' }));
    assert.deepEqual(await client().listTags({ registry: server.host, repository: REPO }), ['a']);
    assert.equal(server.requests.length, 1);
  });

  it('an unreachable registry is reported as such', async () => {
    const server = await serve(() => undefined);
    const host = server.host;
    await server.close();
    servers = [];
    const facts = await client({ retries: 0 }).imageFacts({ registry: host, repository: REPO, tag: '1.0' });
    assert.equal(facts.problem?.kind, 'unreachable');
    assert.match(facts.problem!.message, /Could not reach 127\.0\.0\.1:\d+ .*ECONNREFUSED/);
  });

  it('offline mode answers from the disk cache and reports a miss as not-cached', async () => {
    const image = fakeImage();
    const cacheDir = await mkdtemp(join(tmpdir(), 'dph-cache-'));
    try {
      const server = await serve(imageRegistry(REPO, '1.0', image));
      const ref = { registry: server.host, repository: REPO, tag: '1.0' };
      const online = await client({ cacheDir }).imageFacts(ref);
      const offline = client({ cacheDir, offline: true });
      const before = server.requests.length;
      assert.deepEqual(await offline.imageFacts(ref), online);
      assert.equal(await offline.resolveDigest(ref), image.digest);
      const miss = await offline.imageFacts({ ...ref, tag: '2.0' });
      assert.equal(miss.problem?.kind, 'not-cached');
      assert.equal(server.requests.length, before);
      assert.equal(offline.stats().requests, 0);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('corrupt cache files are ignored and rewritten', async () => {
    const image = fakeImage();
    const cacheDir = await mkdtemp(join(tmpdir(), 'dph-cache-'));
    try {
      const server = await serve(imageRegistry(REPO, '1.0', image));
      const ref = { registry: server.host, repository: REPO, tag: '1.0' };
      await client({ cacheDir }).imageFacts(ref);
      const files = (await readdir(cacheDir)).filter((f) => f.endsWith('.json'));
      assert.ok(files.length >= 3, `cache files: ${files.join(', ')}`);
      for (const f of files) await writeFile(join(cacheDir, f), '{"key": truncated');
      const facts = await client({ cacheDir }).imageFacts(ref);
      assert.equal(facts.digest, image.digest);
      assert.ok(lines.some((l) => /corrupt registry cache/.test(l)));
      assert.deepEqual((await readdir(cacheDir)).filter((f) => f.endsWith('.tmp')), []);
      const warm = client({ cacheDir, offline: true });
      assert.equal((await warm.imageFacts(ref)).digest, image.digest);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
