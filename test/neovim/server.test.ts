import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { seedStandardFixtures, startRegistry, type SeededFixtures, type TestRegistry } from '../support/registry';
import { runNvimLsp } from './nvimClient';

const root = path.resolve(__dirname, '..', '..', '..');
const server = [process.execPath, path.join(root, 'server', 'out', 'server.js'), '--stdio'];

describe('Neovim 0.7 as a second LSP client of our server (push diagnostics only)', function () {
  this.timeout(120_000);
  let dir: string;
  let registry: TestRegistry;
  let seeded: SeededFixtures;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'dph-nvim-'));
    registry = await startRegistry();
    seeded = await seedStandardFixtures(registry);
  });
  after(async () => {
    await registry?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function file(name: string, text: string): string {
    const p = path.join(dir, name, 'Dockerfile');
    require('node:fs').mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
  }

  it('sees pushed diagnostics with our codes and applies Switch to slim offline', async () => {
    const result = await runNvimLsp({
      serverCommand: server,
      file: file('offline', 'FROM node:24\nCMD ["node", "server.js"]\n'),
      settings: { dockerfilePatchHygiene: { offline: true } },
      minDiagnostics: 2,
      codeActionTitle: 'Switch to slim',
      waitAfterFix: true,
    });
    assert.equal(result.error, undefined, result.log);
    const codes = result.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['DPH003', 'DPH005']);
    assert.ok(result.vimDiagnostics.every((d) => d.source === 'dockerfile-patch-hygiene'));
    assert.ok(result.codeActions.some((t) => /Switch to Alpine/.test(t)), `offered: ${result.codeActions}`);
    assert.equal(result.bufferText, 'FROM node:24-slim\nCMD ["node", "server.js"]');
    assert.ok(!(result.diagnosticsAfterFix ?? []).some((d) => d.code === 'DPH005'), 'non-minimal-base is gone after the fix');
  });

  it('pins the digest the local registry serves, resolving the action through the server', async () => {
    const result = await runNvimLsp({
      serverCommand: server,
      file: file('pin', 'FROM node:20\n'),
      settings: { dockerfilePatchHygiene: { registries: { 'docker.io': { endpoint: registry.url } } } },
      codeActionTitle: 'Pin digest',
      waitAfterFix: true,
    });
    assert.equal(result.error, undefined, result.log);
    const digest = seeded.digestOf('library/node:20');
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(result.bufferText, `FROM node:20@${digest}`);
    assert.ok(!(result.diagnosticsAfterFix ?? []).some((d) => d.code === 'DPH003'), 'unpinned-digest is gone after pinning');
  });
});
