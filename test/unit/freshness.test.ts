import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFreshness, FreshnessWatch, STATE_FILE, type FreshnessState } from '../../server/src/freshness';
import { createRegistryClient, type RegistryClient } from '../../server/src/registry';
import { startFaultServer, type FaultServer } from '../support/faultServers';
import { freeLoopbackPort } from '../support/registry/free-port';
import { pushImage, repushWithPatches, startRegistry, type TestRegistry } from '../support/registry';

const A = 'file:///work/app/Dockerfile';
const B = 'file:///work/api/Dockerfile';
const C = 'file:///work/worker/Dockerfile';

describe('freshness watch against a real registry', function () {
  this.timeout(60_000);
  let reg: TestRegistry;
  let clients: RegistryClient[] = [];
  let dirs: string[] = [];
  let repoCount = 0;

  /** A client that sends docker.io to `endpoint`, with no cache TTL so every check sees the registry as it is. */
  function hub(endpoint = reg.url): RegistryClient {
    const client = createRegistryClient({ registries: { 'docker.io': { endpoint } }, cacheTtlMs: 0, timeoutMs: 3_000, retries: 0, env: {} });
    clients.push(client);
    return client;
  }

  /** A fresh repository per test, so tests never see each other's pushes. */
  async function seedTag(tag: string): Promise<{ name: string; digest: string }> {
    const name = `team${++repoCount}/node`;
    const pushed = await pushImage(reg, name, tag, { created: '2024-06-01T00:00:00Z' });
    return { name, digest: pushed.digest };
  }

  before(async () => {
    reg = await startRegistry();
  });
  after(async () => reg?.stop());
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    clients = [];
    dirs = [];
  });

  it('reports a re-pushed tag once, with when it was pushed and who uses it, then not again', async () => {
    const { name } = await seedTag('20-alpine');
    const client = hub();
    const files = [{ uri: A, text: `FROM ${name}:20-alpine\nRUN echo hi\n` }];
    let state: FreshnessState = { tags: {} };

    const first = await checkFreshness(files, () => client, state);
    assert.deepEqual(first.moved, [], 'a tag seen for the first time has not moved');
    state = first.state;

    const pushedAt = '2026-11-22T15:00:00.000Z';
    const repushed = await repushWithPatches(reg, name, '20-alpine', { created: pushedAt });
    const second = await checkFreshness(files, () => client, state);
    assert.deepEqual(second.moved, [{
      ref: `${name}:20-alpine`,
      digest: repushed.digest,
      previousDigest: repushed.previousDigest,
      pushedAt,
      uris: [A],
      pinnedUris: [],
    }]);

    const third = await checkFreshness(files, () => client, second.state);
    assert.deepEqual(third.moved, [], 'the same move is told once');
    assert.equal(third.state.tags[`docker.io/${name}:20-alpine|`].digest, repushed.digest);
  });

  it('reports a pinned digest its tag has left, once, and again when the tag moves on', async () => {
    const { name, digest: old } = await seedTag('1.2');
    const moved = await repushWithPatches(reg, name, '1.2', { created: '2026-11-20T00:00:00.000Z' });
    const client = hub();
    const files = [{ uri: B, text: `FROM ${name}:1.2@${old} AS base\n` }];

    const first = await checkFreshness(files, () => client, { tags: {} });
    assert.equal(first.moved.length, 1);
    assert.deepEqual(first.moved[0], { ref: `${name}:1.2`, digest: moved.digest, previousDigest: old, pushedAt: '2026-11-20T00:00:00.000Z', uris: [B], pinnedUris: [B] });

    const second = await checkFreshness(files, () => client, first.state);
    assert.deepEqual(second.moved, [], 'a pin still behind is not told twice');

    const again = await repushWithPatches(reg, name, '1.2', { created: '2026-11-21T00:00:00.000Z' });
    const third = await checkFreshness(files, () => client, second.state);
    assert.deepEqual(third.moved.map((m) => [m.digest, m.previousDigest, m.uris]), [[again.digest, moved.digest, [B]]]);
  });

  it('stays silent for tags that did not move, pinned to the current digest or not', async () => {
    const { name, digest } = await seedTag('3.19');
    const client = hub();
    const files = [
      { uri: A, text: `FROM ${name}:3.19\n` },
      { uri: B, text: `FROM ${name}:3.19@${digest}\n` },
      { uri: C, text: `FROM scratch\nFROM ${name}@${digest}\n` },
    ];
    let state: FreshnessState = { tags: {} };
    for (let i = 0; i < 3; i++) {
      const check = await checkFreshness(files, () => client, state);
      assert.deepEqual(check.moved, [], `check ${i + 1}`);
      state = check.state;
    }
  });

  it('names only the files that would get the new image: not those already pinned to it', async () => {
    const { name, digest: old } = await seedTag('22');
    const client = hub();
    const unpinned = { uri: A, text: `FROM ${name}:22\n` };
    const first = await checkFreshness([unpinned], () => client, { tags: {} });
    const repushed = await repushWithPatches(reg, name, '22');
    const files = [
      unpinned,
      { uri: B, text: `FROM ${name}:22@${old}\n` },
      { uri: C, text: `FROM ${name}:22@${repushed.digest}\n` },
    ];
    const second = await checkFreshness(files, () => client, first.state);
    assert.deepEqual(second.moved.map((m) => [m.uris, m.pinnedUris]), [[[A, B], [B]]]);
  });

  describe('when the registry cannot answer', () => {
    let fault: FaultServer | undefined;
    afterEach(async () => {
      await fault?.close();
      fault = undefined;
    });

    it('reports nothing while it is down, keeps what it knew, and tells the move once it is back', async () => {
      const { name } = await seedTag('20');
      const files = [{ uri: A, text: `FROM ${name}:20\n` }];
      const seen = await checkFreshness(files, () => hub(), { tags: {} });
      const repushed = await repushWithPatches(reg, name, '20');

      const down = hub(`http://127.0.0.1:${await freeLoopbackPort()}`);
      const whileDown = await checkFreshness(files, () => down, seen.state);
      assert.deepEqual(whileDown.moved, []);
      assert.deepEqual(whileDown.state, seen.state, 'an unanswered tag keeps its memory');

      fault = await startFaultServer((_req, res) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"UNKNOWN"}]}');
      });
      const failing = await checkFreshness(files, () => hub(fault!.url), whileDown.state);
      assert.deepEqual(failing.moved, [], 'a registry answering 500 is no re-push either');

      const back = await checkFreshness(files, () => hub(), failing.state);
      assert.deepEqual(back.moved.map((m) => [m.digest, m.previousDigest]), [[repushed.digest, repushed.previousDigest]]);
    });

    it('a tag the registry does not have is no move', async () => {
      const { name } = await seedTag('1');
      const check = await checkFreshness([{ uri: A, text: `FROM ${name}:no-such-tag@sha256:${'a'.repeat(64)}\n` }], () => hub(), { tags: {} });
      assert.deepEqual(check.moved, []);
      assert.deepEqual(check.state.tags, {});
    });
  });

  it('remembers what it told across restarts, in one JSON file written atomically', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dph-freshness-'));
    dirs.push(dir);
    const { name } = await seedTag('lts');
    const client = hub();
    const files = [{ uri: A, text: `FROM ${name}:lts\n` }];
    assert.deepEqual(await new FreshnessWatch(dir).check(files, () => client), []);
    const repushed = await repushWithPatches(reg, name, 'lts');

    // Two checks at once (focus and timer) are run one after the other: the move is told once.
    const watch = new FreshnessWatch(dir);
    const [one, two] = await Promise.all([watch.check(files, () => client), watch.check(files, () => client)]);
    assert.deepEqual([...one, ...two].map((m) => m.digest), [repushed.digest]);

    const restarted = new FreshnessWatch(dir);
    assert.deepEqual(await restarted.check(files, () => client), [], 'a restarted server does not tell it again');

    const saved = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as FreshnessState;
    assert.deepEqual(saved.tags[`docker.io/${name}:lts|`].notifiedDigest, repushed.digest);
    assert.deepEqual(await readdir(dir), [STATE_FILE], 'no temporary file is left behind');
  });

  it('starts afresh from a torn state file instead of failing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dph-freshness-'));
    dirs.push(dir);
    await writeFile(join(dir, STATE_FILE), '{"tags": {"docker.io/x:1|": {"dig');
    const { name } = await seedTag('9');
    const client = hub();
    assert.deepEqual(await new FreshnessWatch(dir).check([{ uri: A, text: `FROM ${name}:9\n` }], () => client), []);
    const saved = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as FreshnessState;
    assert.deepEqual(Object.keys(saved.tags), [`docker.io/${name}:9|`]);
  });
});
