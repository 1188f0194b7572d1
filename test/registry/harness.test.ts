import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startDockerd, type TestDockerd } from '../support/engine';
import {
  ACCEPT_ALL_MANIFESTS,
  MEDIA,
  busyboxLayer,
  deleteTag,
  getManifest,
  headDigest,
  listTags,
  pushBusybox,
  pushImage,
  pushMultiArch,
  repushWithPatches,
  seedStandardFixtures,
  sha256Digest,
  startRegistry,
  type TestRegistry,
} from '../support/registry';

const basic = (user: string, password: string) => ({
  authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64'),
});

async function headManifest(reg: TestRegistry, repo: string, ref: string, headers: Record<string, string> = {}) {
  return fetch(`${reg.url}/v2/${repo}/manifests/${ref}`, { method: 'HEAD', headers: { accept: ACCEPT_ALL_MANIFESTS, ...headers } });
}

/** Parses `Bearer realm="…",service="…",scope="…"`. */
function bearerChallenge(header: string | null): Record<string, string> {
  if (!header?.startsWith('Bearer ')) assert.fail(`expected a Bearer challenge, got ${header}`);
  return Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

describe('registry harness: no auth', function () {
  this.timeout(60_000);
  let reg: TestRegistry;
  before(async () => {
    reg = await startRegistry();
  });
  after(async () => reg?.stop());

  it('answers /v2/ on 127.0.0.1 and records the request', async () => {
    assert.match(reg.host, /^127\.0\.0\.1:\d+$/);
    reg.clearRequests();
    const res = await fetch(`${reg.url}/v2/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('docker-distribution-api-version'), 'registry/2.0');
    assert.deepEqual(
      reg.requests.map((r) => [r.method, r.path, r.status]),
      [['GET', '/v2/', 200]],
    );
  });

  it('serves a pushed manifest under the sha256 of its bytes', async () => {
    const pushed = await pushImage(reg, 'team/app', '1.0.0', { files: { 'app/hello.txt': 'hello\n' } });
    assert.equal(pushed.digest, sha256Digest(pushed.manifestBytes));
    const head = await headManifest(reg, 'team/app', '1.0.0');
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('docker-content-digest'), pushed.digest);
    assert.equal(head.headers.get('content-type'), MEDIA.dockerManifest);
    const got = await getManifest(reg, 'team/app', pushed.digest);
    assert.deepEqual(got.bytes, pushed.manifestBytes);
  });

  it('pushes OCI manifests with OCI media types', async () => {
    const pushed = await pushImage(reg, 'team/oci', 'v1', { mediaType: 'oci' });
    const head = await headManifest(reg, 'team/oci', 'v1');
    assert.equal(head.headers.get('content-type'), MEDIA.ociManifest);
    assert.equal(head.headers.get('docker-content-digest'), pushed.digest);
    assert.equal(JSON.parse(pushed.manifestBytes.toString()).config.mediaType, MEDIA.ociConfig);
  });

  it('pushes a multi-arch index whose entries resolve by digest', async () => {
    const index = await pushMultiArch(reg, 'team/multi', '1', [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    const got = await getManifest(reg, 'team/multi', '1');
    assert.equal(got.mediaType, MEDIA.dockerIndex);
    assert.equal(got.digest, index.digest);
    assert.deepEqual(
      got.json.manifests.map((m: { platform: { architecture: string } }) => m.platform.architecture),
      ['amd64', 'arm64'],
    );
    for (const image of index.images) assert.equal(await headDigest(reg, 'team/multi', image.digest), image.digest);
  });

  it('moves the tag to a new digest when it is re-pushed with patches, keeping the old one by digest', async () => {
    const first = await pushImage(reg, 'team/moving', '20', { created: '2024-01-01T00:00:00Z' });
    const moved = await repushWithPatches(reg, 'team/moving', '20', { created: '2024-02-01T00:00:00Z' });
    assert.equal(moved.previousDigest, first.digest);
    assert.notEqual(moved.digest, first.digest);
    assert.equal(await headDigest(reg, 'team/moving', '20'), moved.digest);
    assert.equal(await headDigest(reg, 'team/moving', first.digest), first.digest);
  });

  it('re-pushes every platform of an index', async () => {
    const index = await pushMultiArch(reg, 'team/moving-multi', '1', [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64' },
    ]);
    const moved = await repushWithPatches(reg, 'team/moving-multi', '1');
    assert.equal(moved.previousDigest, index.digest);
    const got = await getManifest(reg, 'team/moving-multi', '1');
    assert.equal(got.digest, moved.digest);
    const children = got.json.manifests.map((m: { digest: string }) => m.digest);
    assert.equal(children.length, 2);
    for (const old of index.images) assert.ok(!children.includes(old.digest));
  });

  it('deletes a tag and lists the rest', async () => {
    await pushImage(reg, 'team/tags', 'a');
    await pushImage(reg, 'team/tags', 'b');
    await deleteTag(reg, 'team/tags', 'a');
    assert.equal(await headDigest(reg, 'team/tags', 'a'), null);
    assert.deepEqual(await listTags(reg, 'team/tags'), ['b']);
  });

  it('builds a busybox layer GNU tar reads, with diff_id = sha256 of the uncompressed tar', async () => {
    const layer = await busyboxLayer();
    const listing = await tarListing(layer);
    assert.match(listing, /^-rwxr-xr-x root\/root +\d+ [\d-]+ [\d:]+ bin\/busybox$/m);
    assert.match(listing, /^lrwxrwxrwx .* bin\/sh -> busybox$/m);
    assert.match(listing, /^drwxrwxrwt .* tmp\/$/m);
    const image = await pushBusybox(reg);
    assert.deepEqual(image.config.rootfs.diff_ids, [sha256Digest(gunzipSync(layer))]);
    assert.deepEqual(image.config.config.Cmd, ['sh']);
    assert.equal(image.config.architecture, 'amd64');
  });
});

describe('registry harness: standard fixtures', function () {
  this.timeout(60_000);
  let reg: TestRegistry;
  before(async () => {
    reg = await startRegistry();
  });
  after(async () => reg?.stop());

  it('seeds the shared tag set with aliases sharing digests and node:20-alpine as an index', async () => {
    const seeded = await seedStandardFixtures(reg);
    assert.deepEqual((await listTags(reg, 'library/node')).sort(), [
      '20', '20-alpine', '20-alpine3.18', '20-alpine3.19', '20-alpine3.20', '20.10.0', '20.10.0-alpine', '20.11.1',
      '20.18.1', '20.18.1-alpine', '22-alpine', '22-slim', '22.0.0-rc.1', '22.1.0', 'latest',
    ]);
    assert.deepEqual((await listTags(reg, 'library/python')).sort(), ['3.12', '3.12-alpine', '3.12-slim', '3.12.1-slim', '3.12.4-slim']);
    assert.deepEqual((await listTags(reg, 'library/debian')).sort(), ['bookworm', 'bookworm-slim']);
    assert.deepEqual((await listTags(reg, 'library/alpine')).sort(), ['3.19', '3.20']);
    assert.equal(seeded.digestOf('library/node:20'), seeded.digestOf('library/node:20.18.1'));
    assert.notEqual(seeded.digestOf('library/node:20'), seeded.digestOf('library/node:20.11.1'));
    assert.equal(seeded.tags['library/node:20-alpine'].mediaType, MEDIA.dockerIndex);
    assert.equal(await headDigest(reg, 'library/node', '20-alpine'), seeded.digestOf('library/node:20-alpine'));
    for (const [ref, tag] of Object.entries(seeded.tags)) {
      const [repo, name] = ref.split(':');
      assert.equal(await headDigest(reg, repo, name), tag.digest, ref);
    }
  });
});

describe('registry harness: basic auth', function () {
  this.timeout(60_000);
  let reg: TestRegistry;
  before(async () => {
    reg = await startRegistry({ auth: 'basic', users: [{ user: 'alice', password: 's3cret' }] });
  });
  after(async () => reg?.stop());

  it('rejects anonymous requests with a Basic challenge', async () => {
    const res = await fetch(`${reg.url}/v2/`);
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Basic realm=/);
  });

  it('accepts the user and rejects a wrong password', async () => {
    assert.equal((await fetch(`${reg.url}/v2/`, { headers: basic('alice', 's3cret') })).status, 200);
    assert.equal((await fetch(`${reg.url}/v2/`, { headers: basic('alice', 'nope') })).status, 401);
  });

  it('seeds as the admin and serves the user', async () => {
    const pushed = await pushImage(reg, 'private/app', '1');
    const head = await headManifest(reg, 'private/app', '1', basic('alice', 's3cret'));
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('docker-content-digest'), pushed.digest);
    assert.equal(reg.requests.at(-1)?.authScheme, 'Basic');
  });
});

describe('registry harness: token auth', function () {
  this.timeout(60_000);
  let reg: TestRegistry;
  let pushedDigest: string;
  before(async () => {
    reg = await startRegistry({ auth: 'token', users: [{ user: 'bob', password: 'hunter2' }] });
    pushedDigest = (await pushImage(reg, 'library/tokened', '1')).digest;
    reg.clearRequests();
  });
  after(async () => reg?.stop());

  it('challenges anonymous requests with realm, service and scope', async () => {
    const res = await headManifest(reg, 'library/tokened', '1');
    assert.equal(res.status, 401);
    const challenge = bearerChallenge(res.headers.get('www-authenticate'));
    assert.equal(challenge.realm, reg.token!.realm);
    assert.equal(challenge.service, reg.token!.service);
    assert.equal(challenge.scope, 'repository:library/tokened:pull');
  });

  it('issues an anonymous pull token the registry accepts, and records its scope', async () => {
    const scope = 'repository:library/tokened:pull';
    const tokenRes = await fetch(`${reg.token!.realm}?service=${reg.token!.service}&scope=${scope}`);
    assert.equal(tokenRes.status, 200);
    const { token, expires_in } = (await tokenRes.json()) as { token: string; expires_in: number };
    assert.equal(expires_in, 300);
    const res = await headManifest(reg, 'library/tokened', '1', { authorization: `Bearer ${token}` });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('docker-content-digest'), pushedDigest);
    assert.equal(reg.tokenRequestCount(scope), 1);
    assert.deepEqual(reg.tokenRequests.at(-1)!.granted, [{ type: 'repository', name: 'library/tokened', actions: ['pull'] }]);
    assert.equal(reg.tokenRequests.at(-1)!.user, null);
  });

  it('grants push only to known users', async () => {
    const scope = 'repository:library/tokened:pull,push';
    const anonymous = await tokenFor(reg, scope);
    const startAnon = await fetch(`${reg.url}/v2/library/tokened/blobs/uploads/`, { method: 'POST', headers: { authorization: `Bearer ${anonymous}` } });
    assert.equal(startAnon.status, 401);
    const bobs = await tokenFor(reg, scope, basic('bob', 'hunter2'));
    const startBob = await fetch(`${reg.url}/v2/library/tokened/blobs/uploads/`, { method: 'POST', headers: { authorization: `Bearer ${bobs}` } });
    assert.equal(startBob.status, 202);
    assert.equal(reg.tokenRequestCount(scope), 2);
    const bad = await fetch(`${reg.token!.realm}?service=${reg.token!.service}&scope=${scope}`, { headers: basic('bob', 'wrong') });
    assert.equal(bad.status, 401);
  });

  it('refuses anonymous token requests when anonymous pulls are off', async () => {
    const closed = await startRegistry({ auth: 'token', anonymousPull: false });
    try {
      const res = await fetch(`${closed.token!.realm}?service=${closed.token!.service}&scope=repository:x/y:pull`);
      assert.equal(res.status, 401);
      assert.equal(closed.tokenRequests.length, 1);
    } finally {
      await closed.stop();
    }
  });
});

describe('registry harness: images run under a real dockerd', function () {
  this.timeout(300_000);
  let engine: TestDockerd;
  let reg: TestRegistry;
  before(async function () {
    if (process.getuid?.() !== 0) this.skip(); // dockerd needs root; CI runs as root.
    [engine, reg] = await Promise.all([startDockerd(), startRegistry({ auth: 'token' })]);
    await pushBusybox(reg);
  });
  after(async () => {
    await engine?.stop();
    await reg?.stop();
  });

  it('pulls busybox anonymously through the token flow and runs sh', async () => {
    const ref = `${reg.host}/library/busybox:1.36`;
    const pull = await engine.docker(['pull', ref]);
    assert.equal(pull.code, 0, pull.stderr);
    assert.ok(reg.tokenRequestCount('repository:library/busybox:pull') >= 1);
    const run = await engine.docker(['run', '--rm', '--network', 'none', ref, 'sh', '-c', 'echo hi from $(uname -m)']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'hi from x86_64');
  });

  it('builds FROM the registry image with the classic builder and runs the result', async () => {
    const context = await mkdtemp(path.join(os.tmpdir(), 'dph-build-'));
    try {
      await writeFile(
        path.join(context, 'Dockerfile'),
        `FROM ${reg.host}/library/busybox:1.36\nRUN echo built > /built.txt\nCMD ["cat", "/built.txt"]\n`,
      );
      const build = await engine.docker(['build', '--pull', '-t', 'dph-harness-check', context]);
      assert.equal(build.code, 0, build.stderr + build.stdout);
      const run = await engine.docker(['run', '--rm', '--network', 'none', 'dph-harness-check']);
      assert.equal(run.stdout.trim(), 'built');
    } finally {
      await rm(context, { recursive: true, force: true });
    }
  });

  it('runs runnable standard fixtures, picking amd64 out of the node:20-alpine index', async () => {
    await seedStandardFixtures(reg, { runnable: true });
    for (const [tag, expected] of [['20', 'library/node:20.18.1'], ['20-alpine', 'library/node:20.18.1-alpine amd64']]) {
      const run = await engine.docker(['run', '--rm', '--network', 'none', '--entrypoint', 'cat', `${reg.host}/library/node:${tag}`, '/etc/fixture-image']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout.trim(), expected);
    }
  });
});

async function tokenFor(reg: TestRegistry, scope: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${reg.token!.realm}?service=${reg.token!.service}&scope=${scope}`, { headers });
  assert.equal(res.status, 200);
  return ((await res.json()) as { token: string }).token;
}

function tarListing(gz: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['-tvzf', '-'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    tar.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    tar.on('error', reject);
    tar.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`tar exited ${code}`))));
    tar.stdin.end(gz);
  });
}
