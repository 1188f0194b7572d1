import { strict as assert } from 'node:assert';
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startRegistry, type TestRegistry } from '../support/registry';
import { LspClient, PULL_CLIENT } from './lspClient';

/**
 * A credential helper that only leaves a mark: whether the server started a process is then a
 * file on disk, not a guess. It answers "no credentials", so the registry refuses either way.
 */
const HELPER = '#!/bin/sh\necho ran > "$DPH_HELPER_MARK"\necho "credentials not found in native keychain"\nexit 1\n';

describe('workspace trust and credential helpers (bundled server, basic-auth registry)', function () {
  this.timeout(60_000);
  let reg: TestRegistry;
  let dir: string;
  let client: LspClient | undefined;

  before(async () => {
    reg = await startRegistry({ auth: 'basic' });
  });
  after(async () => reg?.stop());
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dph-protocol-trust-'));
  });
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const exists = (file: string) => stat(file).then(() => true, () => false);

  it('starts no credential helper while untrusted, and uses it once the workspace is trusted', async () => {
    const bin = path.join(dir, 'bin');
    const dockerConfig = path.join(dir, 'docker');
    const mark = path.join(dir, 'helper-ran');
    await mkdir(bin);
    await mkdir(dockerConfig);
    await writeFile(path.join(bin, 'docker-credential-dphprobe'), HELPER);
    await chmod(path.join(bin, 'docker-credential-dphprobe'), 0o755);
    await writeFile(path.join(dockerConfig, 'config.json'), JSON.stringify({ credsStore: 'dphprobe' }));
    const registries = { 'docker.io': { endpoint: reg.url } };
    ({ client } = await LspClient.start({
      capabilities: PULL_CLIENT,
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, DOCKER_CONFIG: dockerConfig, DPH_HELPER_MARK: mark },
      initializationOptions: { storagePath: path.join(dir, 'storage'), workspaceTrusted: false, userRegistries: registries },
      settings: () => ({ registries, cacheTtl: 0 }),
    }));
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    await client.open(uri, 'FROM node:20\n');
    await client.pull(uri);
    const refused = await client.waitFor('dockerfilePatchHygiene/registryState', (p) => p.state === 'auth-failed');
    assert.equal(refused.params.registry, 'docker.io');
    assert.match(refused.params.message, /refused access to docker\.io\/library\/node/);
    assert.doesNotMatch(refused.params.message, /harness-admin/);
    assert.equal(await exists(mark), false, 'a credential helper ran in an untrusted workspace');

    const from = client.mark();
    await client.notify('dockerfilePatchHygiene/trust', { trusted: true, userRegistries: registries });
    await client.waitFor('workspace/diagnostic/refresh', () => true, { from });
    for (let round = 0; round < 3 && !(await exists(mark)); round++) {
      const before = client.mark();
      const report = await client.pull(uri);
      if (report.items.some((d: { code: string }) => d.code === 'DPH100')) break;
      await client.waitFor('workspace/diagnostic/refresh', () => true, { from: before });
    }
    assert.equal(await exists(mark), true, 'trusted: the configured credential helper is asked');
  });

  it('reports an unreachable registry once, as information, and in the registry state', async () => {
    ({ client } = await LspClient.start({
      capabilities: PULL_CLIENT,
      initializationOptions: { workspaceTrusted: true },
      // A port nothing listens on: connection refused, at once.
      settings: () => ({ registries: { 'docker.io': { endpoint: 'http://127.0.0.1:9' } }, cacheTtl: 0 }),
    }));
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    await client.open(uri, 'FROM node:20\nFROM node:22\n');
    await client.pull(uri);
    const state = await client.waitFor('dockerfilePatchHygiene/registryState', (p) => p.state === 'unreachable');
    assert.equal(state.params.registry, 'docker.io');
    let items: Array<{ code: string; severity: number; message: string }> = [];
    for (let round = 0; round < 3; round++) {
      const before = client.mark();
      items = (await client.pull(uri)).items.filter((d: { code: string }) => d.code === 'DPH100');
      if (items.length > 0) break;
      await client.waitFor('workspace/diagnostic/refresh', () => true, { from: before });
    }
    assert.equal(items.length, 1, 'one registry-unavailable per registry');
    assert.equal(items[0].severity, 3);
  });
});
