import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsUrl } from '../../server/src/core/rules/rule';
import { generateDockerfile } from '../support/generateDockerfile';
import { LspClient, PULL_CLIENT, PUSH_CLIENT } from './lspClient';

const TEXT = 'FROM node:latest AS build\nRUN npm ci\nFROM python:3.12\n';

/**
 * No network: registry answers come from an empty cache. The rules that then speak (registry
 * unavailable) or that judge the base (non-minimal) are off, so each test sees only what it is about.
 */
const QUIET = { 'registry-unavailable': 'off', 'non-minimal-base': 'off' };
const OFFLINE = { offline: true, rules: QUIET };

describe('diagnostics (bundled server over stdio)', function () {
  this.timeout(30_000);
  let client: LspClient | undefined;
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dph-protocol-'));
  });
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a pull with codes, ranges, severities, source, docs links and fix data', async () => {
    ({ client } = await LspClient.start({ capabilities: PULL_CLIENT, settings: () => OFFLINE }));
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    await client.open(uri, TEXT, 3);
    const report = await client.pull(uri);
    assert.equal(report.kind, 'full');
    const ours = report.items;
    assert.deepEqual(
      ours.map((d: any) => [d.code, d.severity, d.range, d.source, d.codeDescription.href, d.data]),
      [
        ['DPH002', 2, { start: { line: 0, character: 10 }, end: { line: 0, character: 16 } }, 'dockerfile-patch-hygiene', docsUrl('latest-tag'), { rule: 'latest-tag', index: 0, version: 3 }],
        ['DPH003', 3, { start: { line: 2, character: 12 }, end: { line: 2, character: 16 } }, 'dockerfile-patch-hygiene', docsUrl('unpinned-digest'), { rule: 'unpinned-digest', index: 1, version: 3 }],
      ],
    );
    assert.match(ours[0].message, /node:latest follows whatever was pushed last/);
    const again = await client.pull(uri, report.resultId);
    assert.deepEqual(again, { kind: 'unchanged', resultId: report.resultId });
  });

  it('after a burst of edits, analyses only the latest version: few publishes, the last one for the final text', async () => {
    ({ client } = await LspClient.start({ capabilities: PUSH_CLIENT, settings: () => OFFLINE }));
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    await client.open(uri, TEXT, 1);
    await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 1);
    const mark = client.mark();
    const EDITS = 2000;
    const sent: Promise<void>[] = [];
    for (let v = 2; v <= EDITS + 1; v++) sent.push(client.change(uri, v % 2 ? TEXT : 'FROM python:3.12\n', v));
    await Promise.all(sent);
    const lastSent = Date.now();
    const final = await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === EDITS + 1, { from: mark });
    const waited = Date.now() - lastSent;
    const publishes = client.events.slice(mark).filter((e) => e.method === 'textDocument/publishDiagnostics' && e.params.uri === uri);
    assert.deepEqual(final.params.diagnostics.map((d: { code: string }) => d.code), (EDITS + 1) % 2 ? ['DPH002', 'DPH003'] : ['DPH003']);
    assert.ok(publishes.length < EDITS / 20, `${publishes.length} publishes for ${EDITS} edits`);
    assert.ok(waited < 1000, `final diagnostics ${waited} ms after the last edit was sent`);
  });

  it('a burst of edits to a file slower to analyse than the edits arrive still ends in few analyses and the final diagnostics within 1 s', async () => {
    ({ client } = await LspClient.start({ capabilities: PUSH_CLIENT, settings: () => OFFLINE }));
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    const lines = generateDockerfile(300_001, 300).split('\n');
    await client.open(uri, lines.join('\n'), 1);
    await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 1);
    const line = lines.findIndex((l, i) => i > 150 && l.startsWith('RUN '));
    const mark = client.mark();
    const EDITS = 2000;
    const sent: Promise<void>[] = [];
    for (let i = 0; i < EDITS; i++) {
      const range = { start: { line, character: 0 }, end: { line, character: lines[line].length } };
      // The last edit puts `FROM node:latest` on the line: its diagnostics prove the final text was analysed.
      lines[line] = i === EDITS - 1 ? 'FROM node:latest' : `RUN echo burst ${i}`;
      sent.push(client.notify('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [{ range, text: lines[line] }] }));
    }
    await Promise.all(sent);
    const lastSent = Date.now();
    const final = await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === EDITS + 1, { from: mark, timeoutMs: 30_000 });
    const waited = Date.now() - lastSent;
    const publishes = client.events.slice(mark).filter((e) => e.method === 'textDocument/publishDiagnostics' && e.params.uri === uri);
    assert.ok(final.params.diagnostics.some((d: { range: { start: { line: number } }; message: string }) => d.range.start.line === line && /node:latest/.test(d.message)), 'the final text was analysed');
    assert.ok(publishes.length < EDITS / 20, `${publishes.length} publishes for ${EDITS} edits`);
    assert.ok(waited < 1000, `final diagnostics ${waited} ms after the last edit was sent`);
  });

  it('offline, completion after FROM node: offers the published tags and says the list is incomplete, so the editor asks again', async () => {
    ({ client } = await LspClient.start({ capabilities: PULL_CLIENT, settings: () => OFFLINE }));
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    await client.open(uri, 'FROM node:24-\n', 1);
    const list = await client.request<{ isIncomplete: boolean; items: Array<{ label: string }> }>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 13 } });
    assert.equal(list.isIncomplete, true);
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('24-alpine') && labels.includes('24-trixie'), labels.slice(0, 20).join(' '));
    assert.ok(labels.every((l) => l.startsWith('24-')), 'filtered by what is typed');
    await client.open(pathToFileURL(path.join(dir, 'other', 'Dockerfile')).href, 'FROM example.com/private/app:\n', 1);
    const unknown = await client.request<{ isIncomplete: boolean; items: unknown[] }>('textDocument/completion', {
      textDocument: { uri: pathToFileURL(path.join(dir, 'other', 'Dockerfile')).href },
      position: { line: 0, character: 29 },
    });
    assert.deepEqual(unknown, { isIncomplete: true, items: [] });
  });

  it('pushes diagnostics to a push-only client on open and on change', async () => {
    ({ client } = await LspClient.start({ capabilities: PUSH_CLIENT, settings: () => OFFLINE }));
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    await client.open(uri, TEXT, 1);
    const first = await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 1);
    assert.deepEqual(first.params.diagnostics.map((d: { code: string }) => d.code), ['DPH002', 'DPH003']);
    await client.change(uri, 'FROM python:3.12\n', 2);
    const second = await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 2);
    assert.deepEqual(second.params.diagnostics.map((d: { code: string }) => d.code), ['DPH003']);
    const mark = client.mark();
    await client.notify('textDocument/didClose', { textDocument: { uri } });
    const cleared = await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri, { from: mark });
    assert.deepEqual(cleared.params.diagnostics, []);
  });

  it('turning a rule off in the settings removes its diagnostics after didChangeConfiguration', async () => {
    let rules: Record<string, string> = {};
    ({ client } = await LspClient.start({ capabilities: PULL_CLIENT, settings: () => ({ ...OFFLINE, rules: { ...QUIET, ...rules } }) }));
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    await client.open(uri, TEXT);
    assert.ok((await client.pull(uri)).items.some((d: { code: string }) => d.code === 'DPH002'));
    rules = { 'latest-tag': 'off', DPH003: 'error' };
    const mark = client.mark();
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor('workspace/diagnostic/refresh', () => true, { from: mark });
    const after = (await client.pull(uri)).items;
    assert.deepEqual(after.map((d: any) => [d.code, d.severity]), [['DPH003', 1]]);
  });

  it('takes settings from didChangeConfiguration when the client cannot answer workspace/configuration', async () => {
    const noConfiguration = { ...PUSH_CLIENT, workspace: { ...PUSH_CLIENT.workspace, configuration: false } };
    ({ client } = await LspClient.start({ capabilities: noConfiguration }));
    await client.notify('workspace/didChangeConfiguration', { settings: { dockerfilePatchHygiene: { ...OFFLINE, rules: { ...QUIET, 'latest-tag': 'error' } } } });
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    await client.open(uri, TEXT);
    const published = await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri);
    assert.deepEqual(published.params.diagnostics.map((d: any) => [d.code, d.severity]), [['DPH002', 1], ['DPH003', 3]]);
    assert.equal(client.events.filter((e) => e.method === 'workspace/configuration').length, 0);
  });

  it('asks the client for settings once per workspace folder, not once per opened document', async () => {
    ({ client } = await LspClient.start({ capabilities: PULL_CLIENT, workspaceFolders: [dir], settings: () => OFFLINE }));
    for (let i = 0; i < 5; i++) {
      const uri = pathToFileURL(path.join(dir, `svc-${i}`, 'Dockerfile')).href;
      await client.open(uri, TEXT);
      assert.ok((await client.pull(uri)).items.some((d: { code: string }) => d.code === 'DPH002'));
      await client.notify('textDocument/didClose', { textDocument: { uri } });
    }
    assert.equal(client.events.filter((e) => e.method === 'workspace/configuration').length, 1);
  });

  it('reads rule severities from .dockerfile-hygiene.json above the Dockerfile; settings override it', async () => {
    await writeFile(path.join(dir, '.dockerfile-hygiene.json'), JSON.stringify({ rules: { 'unpinned-digest': 'off', 'latest-tag': 'error' } }));
    const sub = path.join(dir, 'services', 'api');
    await mkdir(sub, { recursive: true });
    ({ client } = await LspClient.start({ capabilities: PULL_CLIENT, workspaceFolders: [dir], settings: () => ({ ...OFFLINE, rules: { ...QUIET, 'latest-tag': 'hint' } }) }));
    const uri = pathToFileURL(path.join(sub, 'Dockerfile')).href;
    await client.open(uri, TEXT);
    const items = (await client.pull(uri)).items;
    assert.deepEqual(items.map((d: any) => [d.code, d.severity]), [['DPH002', 4]]);
  });

  it('shows a broken .dockerfile-hygiene.json to the user and still checks with defaults', async () => {
    await writeFile(path.join(dir, '.dockerfile-hygiene.json'), '{"rules": {"latest-tga": "off"}}');
    ({ client } = await LspClient.start({ capabilities: PULL_CLIENT, workspaceFolders: [dir], settings: () => OFFLINE }));
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    await client.open(uri, TEXT);
    const items = (await client.pull(uri)).items;
    assert.ok(items.some((d: { code: string }) => d.code === 'DPH002'));
    const shown = await client.waitFor('window/showMessage', (p) => /latest-tga/.test(p.message));
    assert.match(shown.params.message, /did you mean "latest-tag"/);
  });

  it('lists quick fixes at once, with edits only where no registry is needed, and a fix-all source action', async () => {
    ({ client } = await LspClient.start({ capabilities: PULL_CLIENT, settings: () => ({ ...OFFLINE, rules: { ...QUIET, 'non-minimal-base': 'info' } }) }));
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    await client.open(uri, 'FROM node:latest\nFROM python:3.12\nCOPY . /app\nCMD ["python", "/app/main.py"]\n');
    const diagnostics = (await client.pull(uri)).items;
    const started = process.hrtime.bigint();
    const actions = await client.request<any[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
      context: { diagnostics },
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 500, `listing took ${ms} ms`);
    const pin = actions.find((a) => a.title === 'Pin digest of node:latest');
    assert.ok(pin, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(pin.kind, 'quickfix');
    assert.equal(pin.edit, undefined);
    assert.equal(pin.isPreferred, undefined, 'pinning latest keeps a moving tag: not the one obvious fix');
    assert.deepEqual(pin.data.plans, [{ request: { action: 'pin', stage: 0, pin: true }, registry: 'docker.io', repository: 'library/node' }]);
    const slim = actions.find((a) => /^Switch to slim/.test(a.title));
    assert.ok(slim, JSON.stringify(actions.map((a) => a.title)));
    const [change] = slim.edit.documentChanges;
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.equal(change.edits.length, 1);
    assert.equal(slim.isPreferred, undefined);
    const fixAll = actions.find((a) => a.kind === 'source.fixAll.dockerfilePatchHygiene');
    assert.equal(fixAll?.title, 'Pin all base images');
    assert.equal(fixAll.data.plans.length, 2);
    const onlyFixAll = await client.request<any[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(onlyFixAll.map((a) => a.title), ['Pin all base images']);
  });

  it('gives registry fixes a command for clients that cannot resolve code actions', async () => {
    ({ client } = await LspClient.start({ capabilities: PUSH_CLIENT, settings: () => OFFLINE }));
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    await client.open(uri, 'FROM python:3.12\n');
    const published = await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri);
    const actions = await client.request<any[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 12 }, end: { line: 0, character: 12 } },
      context: { diagnostics: published.params.diagnostics },
    });
    const pin = actions.find((a) => a.title === 'Pin digest of python:3.12');
    assert.equal(pin.isPreferred, true);
    assert.equal(pin.command.command, 'dockerfilePatchHygiene.applyFix');
    assert.deepEqual(pin.command.arguments, [pin.data]);
  });
});
