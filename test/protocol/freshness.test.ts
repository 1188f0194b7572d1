import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHECK_FRESHNESS_METHOD, STATE_FILE, type CheckFreshnessResult } from '../../server/src/freshness';
import { pushImage, repushWithPatches, startRegistry, type TestRegistry } from '../support/registry';
import { LspClient, PULL_CLIENT } from './lspClient';

describe('checkFreshness request (bundled server over stdio)', function () {
  this.timeout(60_000);
  let reg: TestRegistry;
  let client: LspClient | undefined;
  let dir: string;

  before(async () => {
    reg = await startRegistry();
  });
  after(async () => reg?.stop());
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dph-protocol-freshness-'));
  });
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  async function start(storagePath: string): Promise<LspClient> {
    const started = await LspClient.start({
      capabilities: PULL_CLIENT,
      initializationOptions: { storagePath, workspaceTrusted: true },
      // No cache TTL: each check asks the registry, as a check hours after the last one would.
      settings: () => ({ registries: { 'docker.io': { endpoint: reg.url } }, cacheTtl: 0 }),
      workspaceFolders: [dir],
    });
    return started.client;
  }

  it('tells a re-pushed tag once, for open documents and files on disk, and remembers it across a restart', async () => {
    await pushImage(reg, 'library/node', '20-alpine', { created: '2024-06-01T00:00:00Z' });
    const onDisk = path.join(dir, 'api', 'Dockerfile');
    await mkdir(path.dirname(onDisk), { recursive: true });
    await writeFile(onDisk, 'FROM node:20-alpine\nCMD ["node"]\n');
    const diskUri = pathToFileURL(onDisk).href;
    const openUri = pathToFileURL(path.join(dir, 'web.dockerfile')).href;
    const storage = path.join(dir, 'storage');

    client = await start(storage);
    await client.open(openUri, 'FROM node:20-alpine AS build\n');
    const uris = [diskUri, openUri, pathToFileURL(path.join(dir, 'missing', 'Dockerfile')).href];
    assert.deepEqual(await client.request<CheckFreshnessResult>(CHECK_FRESHNESS_METHOD, { uris }), { moved: [] });

    const pushedAt = '2026-11-22T10:00:00.000Z';
    const repushed = await repushWithPatches(reg, 'library/node', '20-alpine', { created: pushedAt });
    const result = await client.request<CheckFreshnessResult>(CHECK_FRESHNESS_METHOD, { uris });
    assert.deepEqual(result.moved, [{
      ref: 'node:20-alpine',
      digest: repushed.digest,
      previousDigest: repushed.previousDigest,
      pushedAt,
      uris: [diskUri, openUri],
      pinnedUris: [],
    }]);
    assert.deepEqual(await client.request<CheckFreshnessResult>(CHECK_FRESHNESS_METHOD, { uris }), { moved: [] });

    await client.dispose();
    client = await start(storage);
    assert.deepEqual(await client.request<CheckFreshnessResult>(CHECK_FRESHNESS_METHOD, { uris }), { moved: [] }, 'told before the restart');
    assert.ok(JSON.parse(await readFile(path.join(storage, STATE_FILE), 'utf8')).tags['docker.io/library/node:20-alpine|']);
  });

  it('answers bad params with InvalidParams and keeps serving', async () => {
    client = await start(path.join(dir, 'storage'));
    await assert.rejects(client.request(CHECK_FRESHNESS_METHOD, { uris: 'file:///Dockerfile' }), (err: { code?: number }) => err.code === -32602);
    assert.deepEqual(await client.request(CHECK_FRESHNESS_METHOD, { uris: [] }), { moved: [] });
  });
});
