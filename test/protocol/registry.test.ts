import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fakeImage, imageRegistry, startFaultServer, type FaultServer } from '../support/faultServers';
import { getManifest, pushImage, repushWithPatches, seedStandardFixtures, sha256Digest, startRegistry, type SeededFixtures, type TestRegistry } from '../support/registry';
import { startGate } from './gateProxy';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, PULL_CLIENT, PUSH_CLIENT, type StartOptions } from './lspClient';

/** Every rule that needs no registry is off: these tests are about what the registry says. */
const REGISTRY_ONLY = { 'untagged-image': 'off', 'latest-tag': 'off', 'unpinned-digest': 'off', 'eol-base': 'off', 'non-minimal-base': 'off', 'package-manager-mismatch': 'off' };

describe('language server against a real registry (docker-registry on 127.0.0.1)', function () {
  this.timeout(60_000);
  let reg: TestRegistry;
  let fixtures: SeededFixtures;
  /** node:20.18.1 before and after it was re-pushed with patches. */
  let oldDigest: string;
  let newDigest: string;
  let dir: string;
  let client: LspClient | undefined;
  const closers: Array<() => Promise<void>> = [];

  before(async () => {
    reg = await startRegistry();
    fixtures = await seedStandardFixtures(reg);
    oldDigest = fixtures.digestOf('library/node:20.18.1');
    const repushed = await repushWithPatches(reg, 'library/node', '20.18.1', { created: new Date(Date.now() - 2 * 86_400_000).toISOString() });
    newDigest = repushed.digest;
    assert.notEqual(oldDigest, newDigest);
  });
  after(async () => {
    await reg?.stop();
  });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dph-protocol-registry-'));
  });
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
    for (const close of closers.splice(0)) await close();
    await rm(dir, { recursive: true, force: true });
  });

  function settingsFor(endpoint: string, rules: Record<string, string> = REGISTRY_ONLY) {
    return { registries: { 'docker.io': { endpoint } }, cacheTtl: 0, rules };
  }

  async function start(options: Partial<StartOptions> & { endpoint?: string } = {}) {
    const settings = settingsFor(options.endpoint ?? reg.url);
    const started = await LspClient.start({
      capabilities: PULL_CLIENT,
      settings: () => settings,
      initializationOptions: { storagePath: path.join(dir, 'storage'), workspaceTrusted: true },
      ...options,
    });
    client = started.client;
    return started.client;
  }

  function docUri(name = 'Dockerfile'): string {
    return pathToFileURL(path.join(dir, name)).href;
  }

  const codes = (items: Array<{ code: string }>) => items.map((d) => d.code);

  /** The text after a client applied `edits`: what the user ends up with, whatever the edit's shape. */
  function applied(text: string, edits: Array<{ range: any; newText: string }>): string {
    return TextDocument.applyEdits(TextDocument.create('file:///x', 'dockerfile', 1, text), edits);
  }

  /** Pulls until `done` holds, waiting for the server's refresh between pulls (facts may or may not beat the budget). */
  async function pullUntil(lsp: LspClient, uri: string, done: (items: Array<{ code: string }>) => boolean): Promise<any> {
    for (let round = 0; ; round++) {
      const mark = lsp.mark();
      const report = await lsp.pull(uri);
      if (done(report.items) || round === 3) return report;
      await lsp.waitFor('workspace/diagnostic/refresh', () => true, { from: mark });
    }
  }

  it('answers with the offline findings first and refreshes when the stale digest is known (pull)', async () => {
    const gate = await startGate(reg.url);
    closers.push(() => gate.close());
    const lsp = await start({ endpoint: gate.url });
    const uri = docUri();
    const text = `FROM node:20.18.1@${oldDigest}\n`;
    await lsp.open(uri, text);
    const first = await lsp.pull(uri);
    assert.deepEqual(codes(first.items), [], 'nothing is known before the registry answers');
    const mark = lsp.mark();
    gate.release();
    await lsp.waitFor('workspace/diagnostic/refresh', () => true, { from: mark });
    const second = await lsp.pull(uri, first.resultId);
    assert.deepEqual(codes(second.items), ['DPH102']);
    const stale = second.items[0];
    const at = text.indexOf('sha256:');
    assert.deepEqual(stale.range, { start: { line: 0, character: at }, end: { line: 0, character: at + oldDigest.length } });
    assert.match(stale.message, new RegExp(`node:20.18.1 was re-pushed .*Refresh to ${newDigest.slice(0, 19)}`));
    await lsp.waitFor('dockerfilePatchHygiene/registryState', (p) => p.state === 'online');
  });

  it('republishes to a push client when the stale digest is known', async () => {
    const gate = await startGate(reg.url);
    closers.push(() => gate.close());
    const lsp = await start({ endpoint: gate.url, capabilities: PUSH_CLIENT });
    const uri = docUri();
    await lsp.open(uri, `FROM node:20.18.1@${oldDigest}\n`);
    const first = await lsp.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri);
    assert.deepEqual(first.params.diagnostics, []);
    gate.release();
    const later = await lsp.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length > 0);
    assert.deepEqual(codes(later.params.diagnostics), ['DPH102']);
  });

  it('lists the pin action without the network and resolves it to the sha256 of the manifest bytes', async () => {
    // The registry holds every request until released: listing must not need it.
    const gate = await startGate(reg.url);
    closers.push(() => gate.close());
    const lsp = await start({ endpoint: gate.url });
    lsp.settings = () => settingsFor(gate.url, { ...REGISTRY_ONLY, 'unpinned-digest': 'info' });
    const uri = docUri();
    await lsp.open(uri, 'FROM python:3.12-slim\n', 1);
    const diagnostics = (await lsp.pull(uri)).items.filter((d: { code: string }) => d.code === 'DPH003');
    assert.equal(diagnostics.length, 1);
    const listed = process.hrtime.bigint();
    const actions = await lsp.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });
    const listMs = Number(process.hrtime.bigint() - listed) / 1e6;
    const pin = actions.find((a) => a.title === 'Pin digest of python:3.12-slim');
    assert.ok(pin && !pin.edit && pin.isPreferred === true, JSON.stringify(actions));
    gate.release();
    // The user types above the FROM before picking the action: the edit must follow the line.
    await lsp.change(uri, '# base\nFROM python:3.12-slim\n', 2);
    const resolved = await lsp.request<any>('codeAction/resolve', pin);
    const served = await getManifest(reg, 'library/python', '3.12-slim');
    const digest = sha256Digest(served.bytes);
    assert.equal(digest, fixtures.digestOf('library/python:3.12-slim'));
    const [change] = resolved.edit.documentChanges;
    assert.deepEqual(change.textDocument, { uri, version: 2 });
    assert.equal(applied('# base\nFROM python:3.12-slim\n', change.edits), `# base\nFROM python:3.12-slim@${digest}\n`);
    console.log(`      code actions listed in ${listMs.toFixed(1)} ms`);
  });

  it('applies a registry fix through the applyFix command for a client without resolve (Neovim 0.7)', async () => {
    const lsp = await start({ capabilities: PUSH_CLIENT });
    const settings = settingsFor(reg.url, { ...REGISTRY_ONLY, 'unpinned-digest': 'info' });
    lsp.settings = () => settings;
    const uri = docUri();
    const text = 'FROM alpine:3.19\n';
    await lsp.open(uri, text);
    const published = await lsp.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length > 0);
    const actions = await lsp.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: published.params.diagnostics[0].range, context: { diagnostics: published.params.diagnostics } });
    const pin = actions.find((a) => a.title === 'Pin digest of alpine:3.19');
    const mark = lsp.mark();
    const result = await lsp.request<any>('workspace/executeCommand', pin.command);
    assert.deepEqual(result, { applied: true, edits: 1, failures: [] });
    const edit = await lsp.waitFor('workspace/applyEdit', () => true, { from: mark });
    assert.equal(applied(text, edit.params.edit.changes[uri]), `FROM alpine:3.19@${fixtures.digestOf('library/alpine:3.19')}\n`);
  });

  it('resolves without an edit and tells the user which reference failed and why', async () => {
    const lsp = await start();
    const uri = docUri();
    await lsp.open(uri, 'FROM node:99.1.0\n');
    const actions = await lsp.request<any[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    const mark = lsp.mark();
    const resolved = await lsp.request<any>('codeAction/resolve', actions[0]);
    assert.equal(resolved.edit, undefined);
    const shown = await lsp.waitFor('window/showMessage', () => true, { from: mark });
    assert.equal(shown.params.type, 1);
    assert.match(shown.params.message, /docker\.io\/library\/node:99\.1\.0/);
    assert.match(shown.params.message, /no tag "99\.1\.0"/);
  });

  it('pins every base image and refreshes stale pins through the commands, applied with workspace/applyEdit', async () => {
    const lsp = await start();
    const uri = docUri();
    const text = `FROM node:20.18.1@${oldDigest} AS build\nFROM alpine:3.20\n`;
    await lsp.open(uri, text, 5);
    let mark = lsp.mark();
    const pinned = await lsp.request<any>('workspace/executeCommand', { command: 'dockerfilePatchHygiene.pinAll', arguments: [uri] });
    assert.deepEqual(pinned, { applied: true, edits: 1, failures: [] });
    const pinEdit = await lsp.waitFor('workspace/applyEdit', () => true, { from: mark });
    const afterPin = applied(text, pinEdit.params.edit.documentChanges[0].edits);
    assert.equal(afterPin, `FROM node:20.18.1@${oldDigest} AS build\nFROM alpine:3.20@${fixtures.digestOf('library/alpine:3.20')}\n`);
    mark = lsp.mark();
    const refreshed = await lsp.request<any>('workspace/executeCommand', { command: 'dockerfilePatchHygiene.refreshAll', arguments: [uri, { line: 0 }] });
    assert.equal(refreshed.edits, 1);
    const refreshEdit = await lsp.waitFor('workspace/applyEdit', () => true, { from: mark });
    assert.deepEqual(refreshEdit.params.edit.documentChanges[0].textDocument, { uri, version: 5 });
    assert.equal(applied(text, refreshEdit.params.edit.documentChanges[0].edits), `FROM node:20.18.1@${newDigest} AS build\nFROM alpine:3.20\n`);
  });

  it('updateAll moves patch only by default, and a newer minor with updateLevel minor', async () => {
    const patchOnly = await start();
    const first = docUri('patch/Dockerfile');
    await patchOnly.open(first, 'FROM node:20.10.0-alpine\n');
    const none = await patchOnly.request<any>('workspace/executeCommand', { command: 'dockerfilePatchHygiene.updateAll', arguments: [first] });
    assert.deepEqual([none.applied, none.edits], [false, 0], 'no 20.10.x patch exists: nothing moves');
    await patchOnly.dispose();
    const settings = { ...settingsFor(reg.url), updateLevel: 'minor' };
    const lsp = await start({ settings: () => settings });
    const uri = docUri();
    await lsp.open(uri, 'FROM node:20.10.0-alpine\n');
    const mark = lsp.mark();
    const result = await lsp.request<any>('workspace/executeCommand', { command: 'dockerfilePatchHygiene.updateAll', arguments: [uri] });
    assert.equal(result.applied, true);
    const edit = await lsp.waitFor('workspace/applyEdit', () => true, { from: mark });
    assert.equal(applied('FROM node:20.10.0-alpine\n', edit.params.edit.documentChanges[0].edits), 'FROM node:20.18.1-alpine\n');
  });

  it('hovers a base image with where its tag points, platforms, age, newer tags, end of life and the pin state', async () => {
    const lsp = await start();
    const uri = docUri();
    await lsp.open(uri, `FROM node:20.10.0@${fixtures.digestOf('library/node:20.10.0')}\n`);
    const hover = await lsp.request<any>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } });
    const text: string = hover.contents.value;
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(text, /`docker\.io\/library\/node:20\.10\.0@sha256:/);
    assert.ok(text.includes(`**\`20.10.0\` points to:** \`${fixtures.digestOf('library/node:20.10.0')}\``), text);
    assert.match(text, /\*\*Platforms:\*\* linux\/amd64/);
    assert.match(text, /\*\*Last pushed:\*\* 2023-11-22 \(built \d+ days ago\)/);
    assert.match(text, /\*\*Newer tags:\*\* `20\.18\.1` \(minor\), `22\.1\.0` \(major\)/);
    assert.match(text, /\*\*End of life:\*\* node 20( \(iron\))? (reached end of life on|supported until) 20\d\d-\d\d-\d\d/);
    assert.match(text, /\*\*Pinned:\*\* `sha256:[0-9a-f]{64}`, built 2023-11-22 .*: up to date with the tag/);
    const nothing = await lsp.request<any>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.equal(nothing, null);
  });

  it('completes tags after FROM image:, newest first, variants grouped, filtered by what is typed', async () => {
    const lsp = await start();
    const uri = docUri();
    await lsp.open(uri, 'FROM node:20\n');
    const list = await lsp.request<any>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 12 } });
    assert.deepEqual(
      list.items.map((i: { label: string }) => i.label),
      ['20.18.1', '20.11.1', '20.10.0', '20', '20.18.1-alpine', '20.10.0-alpine', '20-alpine3.20', '20-alpine3.19', '20-alpine3.18', '20-alpine'],
    );
    const sorted = [...list.items].sort((a, b) => (a.sortText < b.sortText ? -1 : 1)).map((i: { label: string }) => i.label);
    assert.deepEqual(sorted, list.items.map((i: { label: string }) => i.label));
    assert.deepEqual(list.items[4].labelDetails, { description: 'alpine' });
    assert.deepEqual(list.items[0].textEdit, { range: { start: { line: 0, character: 10 }, end: { line: 0, character: 12 } }, newText: '20.18.1' });
    const none = await lsp.request<any>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.equal(none, null);
  });

  it('shows the pin age on a code lens with a Refresh when the tag moved', async () => {
    const lsp = await start();
    const uri = docUri();
    await lsp.open(uri, `FROM node:20.18.1@${oldDigest}\nFROM alpine:3.20\nCOPY --from=node:20-alpine /usr/local/bin/node /node\n`);
    let lenses: any[] = [];
    for (let round = 0; round < 3; round++) {
      const mark = lsp.mark();
      lenses = await lsp.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
      if (!lenses.some((l) => /checking the registry/.test(l.command.title))) break;
      // The registry missed the lens budget (a busy machine): the server asks for a refresh once it answers.
      await lsp.waitFor('workspace/codeLens/refresh', () => true, { from: mark });
    }
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command.title, l.command.command]),
      [
        [0, lenses[0].command.title, ''],
        [0, 'Refresh pin', 'dockerfilePatchHygiene.refreshAll'],
        [1, 'Pin digest', 'dockerfilePatchHygiene.pinAll'],
        [2, 'Pin digest', 'dockerfilePatchHygiene.pinAll'],
      ],
    );
    assert.match(lenses[0].command.title, /^pinned \d+ days ago · tag moved 2 days ago$/);
    assert.deepEqual(lenses[1].command.arguments, [uri, { line: 0 }]);
  });

  it('answers a cancelled hover with RequestCancelled while the registry has not answered', async () => {
    const gate = await startGate(reg.url);
    closers.push(() => gate.close());
    const lsp = await start({ endpoint: gate.url });
    const uri = docUri();
    await lsp.open(uri, 'FROM node:20\n');
    const source = new CancellationTokenSource();
    const hover = lsp.rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 7 } }, source.token);
    source.cancel();
    await assert.rejects(hover, (err: { code?: number }) => err.code === -32800);
    gate.release();
    const served = await lsp.request<any>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 7 } });
    assert.match(served.contents.value, /`20` points to/);
  });

  it('switches a full final image to Chainguard with minimalTargets, writing latest only with the digest the registry gives', async () => {
    const pushed = await pushImage(reg, 'chainguard/node', 'latest');
    const lsp = await start();
    const rules = { ...REGISTRY_ONLY, 'non-minimal-base': 'info' };
    lsp.settings = () => ({ registries: { 'docker.io': { endpoint: reg.url }, 'cgr.dev': { endpoint: reg.url } }, cacheTtl: 0, rules, minimalTargets: ['chainguard'] });
    const uri = docUri();
    const text = 'FROM node:22\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n';
    await lsp.open(uri, text);
    const { items } = await pullUntil(lsp, uri, (found) => found.some((d) => d.code === 'DPH005'));
    const finding = items.find((d: { code: string }) => d.code === 'DPH005');
    const actions = await lsp.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: finding.range, context: { diagnostics: [finding] } });
    const titles = actions.map((a) => a.title);
    assert.ok(!titles.some((t) => /^Switch to (slim|Alpine|distroless)/.test(t)), `only the configured target is offered: ${JSON.stringify(titles)}`);
    const chainguard = actions.find((a) => /^Switch to Chainguard: cgr\.dev\/chainguard\/node:latest/.test(a.title));
    assert.ok(chainguard && !chainguard.edit, JSON.stringify(titles));
    const resolved = await lsp.request<any>('codeAction/resolve', chainguard);
    assert.equal(applied(text, resolved.edit.documentChanges[0].edits), `FROM cgr.dev/chainguard/node:latest@${pushed.digest}\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n`);
  });

  describe('in an untrusted workspace', () => {
    let userRegistry: FaultServer;
    beforeEach(async () => {
      userRegistry = await startFaultServer(imageRegistry('library/node', '20.18.1', fakeImage('2026-01-01T00:00:00Z')));
      closers.push(() => userRegistry.close());
    });

    it('ignores registries from workspace settings and .dockerfile-hygiene.json, using only the user-level ones until trusted', async () => {
      await writeFile(path.join(dir, '.dockerfile-hygiene.json'), JSON.stringify({ registries: { 'docker.io': { endpoint: reg.url } } }));
      const lsp = await start({
        workspaceFolders: [dir],
        initializationOptions: { storagePath: path.join(dir, 'storage'), workspaceTrusted: false, userRegistries: { 'docker.io': { endpoint: userRegistry.url } } },
      });
      reg.clearRequests();
      const uri = docUri();
      await lsp.open(uri, `FROM node:20.18.1@${oldDigest}\n`);
      const { items } = await pullUntil(lsp, uri, (found) => found.length > 0);
      assert.ok(userRegistry.count('/v2/library/node/manifests/20.18.1') > 0, 'the user-level registry was not asked');
      assert.equal(reg.requests.length, 0, `the workspace registry was asked: ${JSON.stringify(reg.requests.map((r) => r.path))}`);
      assert.deepEqual(codes(items), ['DPH102'], 'the pin differs from the user registry\'s digest');
      const mark = lsp.mark();
      await lsp.notify('dockerfilePatchHygiene/trust', { trusted: true, userRegistries: {} });
      await lsp.waitFor('workspace/diagnostic/refresh', () => true, { from: mark });
      await lsp.pull(uri);
      assert.ok(reg.requests.some((r) => r.path.startsWith('/v2/library/node/')), 'trusted: the workspace registry is used');
    });
  });
});
