import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistryClient, gatherFacts, type RegistryClient, type RegistryClientOptions } from '../../server/src/registry';
import {
  getManifest,
  listTags as harnessTags,
  pushImage,
  pushMultiArch,
  repushWithPatches,
  seedStandardFixtures,
  sha256Digest,
  startRegistry,
  type SeededFixtures,
  type TestRegistry,
} from '../support/registry';

const ALICE = { user: 'alice', password: 'alice-pw-58c1d2e9' };

async function dockerConfigFor(reg: TestRegistry, user: { user: string; password: string }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dph-docker-'));
  await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from(`${user.user}:${user.password}`).toString('base64') } } }));
  return dir;
}

function counter(reg: TestRegistry, part: string): number {
  return reg.requests.filter((r) => r.path.includes(part)).length;
}

describe('registry client against a real registry', function () {
  this.timeout(120_000);
  let reg: TestRegistry;
  let fixtures: SeededFixtures;
  let clients: RegistryClient[] = [];
  let dirs: string[] = [];

  function client(options: RegistryClientOptions = {}): RegistryClient {
    const c = createRegistryClient({ timeoutMs: 5_000, env: {}, ...options });
    clients.push(c);
    return c;
  }

  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'dph-cache-'));
    dirs.push(dir);
    return dir;
  }

  before(async () => {
    reg = await startRegistry();
    fixtures = await seedStandardFixtures(reg);
  });
  after(async () => reg?.stop());
  beforeEach(() => reg.clearRequests());
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    clients = [];
    dirs = [];
  });

  const node = (tag: string) => ({ registry: reg.host, repository: 'library/node', tag });

  it('gives the digest, build date and platform of a single-arch tag, and of its alias', async () => {
    const c = client();
    const facts = await c.imageFacts(node('20.18.1'));
    assert.deepEqual(facts, { digest: fixtures.digestOf('library/node:20.18.1'), created: '2024-11-20T10:00:00Z', platforms: ['linux/amd64'] });
    assert.equal((await c.imageFacts(node('20'))).digest, fixtures.digestOf('library/node:20.18.1'));
  });

  it('resolveDigest pins the sha256 of the manifest bytes the registry serves', async () => {
    const served = await getManifest(reg, 'library/node', '22.1.0');
    assert.equal(await client().resolveDigest(node('22.1.0')), sha256Digest(served.bytes));
    assert.equal(await client().resolveDigest({ registry: reg.host, repository: 'library/node' }), sha256Digest(served.bytes), 'no tag means latest');
  });

  it('a multi-arch tag: index digest by default, the platform manifest when asked for one', async () => {
    const index = await getManifest(reg, 'library/node', '20-alpine');
    const arm = index.json.manifests.find((m: { platform: { architecture: string } }) => m.platform.architecture === 'arm64').digest as string;
    const c = client();
    const plain = await c.imageFacts(node('20-alpine'));
    assert.equal(plain.digest, index.digest);
    assert.deepEqual(plain.platforms, ['linux/amd64', 'linux/arm64/v8']);
    assert.equal(plain.created, '2024-11-20T11:00:00Z');
    const onArm = await c.imageFacts(node('20-alpine'), { platform: 'linux/arm64' });
    assert.equal(onArm.digest, arm);
    assert.equal(await c.resolveDigest(node('20-alpine'), { platform: 'linux/arm64' }), arm);
    assert.equal(await c.resolveDigest(node('20-alpine')), index.digest);
    await assert.rejects(c.resolveDigest(node('20-alpine'), { platform: 'linux/s390x' }), /has no linux\/s390x image \(it has linux\/amd64, linux\/arm64\/v8\)/);
  });

  it('asks tags/list with n=2 and gets every tag (distribution 2.8 answers in one page; Link paging is in faults.test)', async () => {
    const expected = await harnessTags(reg, 'library/node');
    reg.clearRequests();
    const tags = await client({ tagsPageSize: 2 }).listTags(node('x'));
    assert.deepEqual([...tags].sort(), [...expected].sort());
    const pages = reg.requests.filter((r) => r.path.includes('/tags/list'));
    assert.ok(pages.length >= 1 && pages.every((p) => /[?&]n=2\b/.test(p.path)));
  });

  it('reports a missing tag and a missing repository as notFound', async () => {
    const c = client();
    assert.deepEqual(await c.imageFacts(node('99.0.0')), { notFound: 'tag' });
    assert.deepEqual(await c.imageFacts({ registry: reg.host, repository: 'library/nothing', tag: '1' }), { notFound: 'repository' });
  });

  it('many concurrent lookups of one reference make one manifest request and one blob request', async () => {
    const c = client();
    const all = await Promise.all(Array.from({ length: 10 }, () => c.imageFacts(node('20.11.1'))));
    assert.ok(all.every((f) => f.digest === fixtures.digestOf('library/node:20.11.1')));
    assert.equal(counter(reg, '/manifests/'), 1);
    assert.equal(counter(reg, '/blobs/'), 1);
    assert.deepEqual(c.stats(), { requests: 2, byKind: { token: 0, manifest: 1, tags: 0, blob: 1 } });
  });

  it('detects a re-pushed tag: a new digest and a later build date', async () => {
    await pushImage(reg, 'team/repush', '1.0', { created: '2024-01-01T00:00:00Z' });
    const cacheDir = await tempDir();
    const ref = { registry: reg.host, repository: 'team/repush', tag: '1.0' };
    const before = await client({ cacheDir, cacheTtlMs: 0 }).imageFacts(ref);
    const repushed = await repushWithPatches(reg, 'team/repush', '1.0', { created: '2024-06-01T00:00:00Z' });
    assert.equal(before.digest, repushed.previousDigest);
    reg.clearRequests();
    const after = await client({ cacheDir, cacheTtlMs: 0 }).imageFacts(ref);
    assert.equal(after.digest, repushed.digest);
    assert.equal(after.created, '2024-06-01T00:00:00Z');
    // The stale cache entry is re-checked with a HEAD, which Docker Hub does not count as a pull.
    assert.equal(reg.requests[0].method, 'HEAD');
  });

  it('a warm disk cache answers with zero requests', async () => {
    const cacheDir = await tempDir();
    const refs = [node('20.18.1'), node('20-alpine'), { registry: reg.host, repository: 'library/python', tag: '3.12' }];
    const cold = client({ cacheDir });
    const first = [];
    for (const ref of refs) first.push(await cold.imageFacts(ref, { tags: true }));
    first.push(await cold.imageFacts(node('20-alpine'), { platform: 'linux/arm64' }));
    assert.ok(first.every((f) => f.digest && !f.problem));
    reg.clearRequests();
    const warm = client({ cacheDir });
    const second = [];
    for (const ref of refs) second.push(await warm.imageFacts(ref, { tags: true }));
    second.push(await warm.imageFacts(node('20-alpine'), { platform: 'linux/arm64' }));
    assert.deepEqual(second, first);
    assert.equal(reg.requests.length, 0);
    assert.equal(warm.stats().requests, 0);
  });

  it('gatherFacts de-duplicates references and answers lookups by reference and platform', async () => {
    const c = client();
    const refs = [node('20.18.1'), node('20.18.1'), node('20-alpine'), { ...node('20-alpine'), platform: 'linux/arm64' }, node('nope')];
    const facts = await gatherFacts(refs, c, { budgetMs: 10_000, tags: false });
    assert.equal(facts.complete, true);
    assert.equal(facts.image(node('20.18.1'))?.digest, fixtures.digestOf('library/node:20.18.1'));
    assert.equal(facts.image(node('20-alpine'))?.digest, fixtures.digestOf('library/node:20-alpine'));
    assert.notEqual(facts.image(node('20-alpine'), 'linux/arm64')?.digest, facts.image(node('20-alpine'))?.digest);
    assert.deepEqual(facts.image(node('nope')), { notFound: 'tag' });
    assert.equal(facts.image(node('22.1.0')), undefined);
    // 20.18.1: 1 manifest; 20-alpine: index + amd64 child for created, arm64 child for the platform lookup; nope: 1.
    assert.equal(counter(reg, '/manifests/'), 5);
  });

  it('gatherFacts returns within its budget and settles later', async () => {
    const slow = createRegistryClient({ env: {} });
    clients.push(slow);
    const facts = await gatherFacts([node('20.10.0')], slow, { budgetMs: 0 });
    assert.equal(facts.complete, false);
    assert.equal(facts.image(node('20.10.0')), undefined);
    assert.equal((await facts.settled).image(node('20.10.0'))?.digest, fixtures.digestOf('library/node:20.10.0'));
  });

  it('a mirror endpoint configured for docker.io answers docker.io references', async () => {
    const c = client({ registries: { 'docker.io': { endpoint: reg.url } } });
    const facts = await c.imageFacts({ registry: 'docker.io', repository: 'library/node', tag: '20.18.1' });
    assert.equal(facts.digest, fixtures.digestOf('library/node:20.18.1'));
  });
});

describe('registry client with basic auth on a real registry', function () {
  this.timeout(120_000);
  let reg: TestRegistry;
  let pushed: string;
  before(async () => {
    reg = await startRegistry({ auth: 'basic', users: [ALICE] });
    pushed = (await pushImage(reg, 'team/app', '1.0')).digest;
  });
  after(async () => reg?.stop());

  it('authenticates with the credentials in docker config, and keeps them out of logs and messages', async () => {
    const lines: string[] = [];
    const dockerConfigDir = await dockerConfigFor(reg, ALICE);
    const c = createRegistryClient({ dockerConfigDir, env: {}, log: (l) => lines.push(l) });
    try {
      const ref = { registry: reg.host, repository: 'team/app', tag: '1.0' };
      assert.equal((await c.imageFacts(ref, { tags: true })).digest, pushed);
      assert.equal(await c.resolveDigest(ref), pushed);
      assert.deepEqual(await c.listTags(ref), ['1.0']);
      const anonymous = createRegistryClient({ env: {}, dockerConfigDir: join(dockerConfigDir, 'none'), log: (l) => lines.push(l) });
      const denied = await anonymous.imageFacts(ref);
      await anonymous.close();
      assert.equal(denied.problem?.kind, 'auth');
      for (const text of [...lines, denied.problem!.message]) assert.ok(!text.includes(ALICE.password), text);
    } finally {
      await c.close();
      await rm(dockerConfigDir, { recursive: true, force: true });
    }
  });
});

describe('registry client with token auth on a real registry', function () {
  this.timeout(120_000);
  let reg: TestRegistry;
  let pushed: string;
  let index: string;
  before(async () => {
    reg = await startRegistry({ auth: 'token', users: [ALICE], anonymousPull: false });
    pushed = (await pushImage(reg, 'team/app', '1.0')).digest;
    index = (await pushMultiArch(reg, 'team/multi', '2.0', [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }])).digest;
  });
  after(async () => reg?.stop());
  beforeEach(() => reg.clearRequests());

  it('asks for one token per scope and reuses it', async () => {
    const dockerConfigDir = await dockerConfigFor(reg, ALICE);
    const c = createRegistryClient({ dockerConfigDir, env: {} });
    try {
      const app = { registry: reg.host, repository: 'team/app', tag: '1.0' };
      const multi = { registry: reg.host, repository: 'team/multi', tag: '2.0' };
      const answers = await Promise.all([c.imageFacts(app, { tags: true }), c.imageFacts(app), c.imageFacts(multi, { platform: 'linux/arm64' }), c.imageFacts(multi)]);
      assert.equal(answers[0].digest, pushed);
      assert.deepEqual(answers[0].tags, ['1.0']);
      assert.equal(answers[3].digest, index);
      assert.equal(await c.resolveDigest(app), pushed);
      assert.equal(await c.resolveDigest(multi), index);
      assert.equal(reg.tokenRequestCount('repository:team/app:pull'), 1);
      assert.equal(reg.tokenRequestCount('repository:team/multi:pull'), 1);
      assert.ok(reg.tokenRequests.every((r) => r.user === ALICE.user));
      assert.equal(c.stats().byKind.token, 2);
    } finally {
      await c.close();
      await rm(dockerConfigDir, { recursive: true, force: true });
    }
  });

  it('without credentials the token service refuses, and the problem says to log in', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'dph-docker-'));
    await mkdir(join(empty, 'x'));
    const c = createRegistryClient({ dockerConfigDir: empty, env: {} });
    try {
      const facts = await c.imageFacts({ registry: reg.host, repository: 'team/app', tag: '1.0' });
      assert.equal(facts.problem?.kind, 'auth');
      assert.match(facts.problem!.message, /docker login 127\.0\.0\.1:\d+/);
    } finally {
      await c.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
