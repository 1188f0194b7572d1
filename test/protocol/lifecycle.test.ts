import { strict as assert } from 'node:assert';
import { LspClient, PULL_CLIENT, PUSH_CLIENT } from './lspClient';

const URI = 'file:///tmp/dph-protocol/lifecycle/Dockerfile';

describe('language server lifecycle (bundled server over stdio)', function () {
  this.timeout(30_000);
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
  });

  it('announces pull diagnostics to a client that supports them', async () => {
    const started = await LspClient.start({ capabilities: PULL_CLIENT });
    client = started.client;
    const caps = started.result.capabilities;
    assert.deepEqual(caps.diagnosticProvider, { identifier: 'dockerfile-patch-hygiene', interFileDependencies: false, workspaceDiagnostics: false });
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.dockerfilePatchHygiene'], resolveProvider: true });
    assert.deepEqual(caps.executeCommandProvider?.commands, [
      'dockerfilePatchHygiene.pinAll',
      'dockerfilePatchHygiene.refreshAll',
      'dockerfilePatchHygiene.updateAll',
      'dockerfilePatchHygiene.applyFix',
    ]);
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.completionProvider?.triggerCharacters, [':']);
    assert.ok(caps.codeLensProvider);
    assert.equal(started.result.serverInfo?.name, 'dockerfile-patch-hygiene');
  });

  it('offers no pull diagnostics to a push-only client (Neovim 0.7)', async () => {
    const started = await LspClient.start({ capabilities: PUSH_CLIENT });
    client = started.client;
    assert.equal(started.result.capabilities.diagnosticProvider, undefined);
  });

  it('answers an unknown method with MethodNotFound and keeps serving', async () => {
    ({ client } = await LspClient.start({ capabilities: PULL_CLIENT }));
    await assert.rejects(client.request('dockerfilePatchHygiene/noSuchThing', {}), (err: { code?: number }) => err.code === -32601);
    await client.open(URI, 'FROM node:latest\n');
    const report = await client.pull(URI);
    assert.equal(report.items[0].code, 'DPH002');
  });

  it('answers bad params with an error, not a crash', async () => {
    ({ client } = await LspClient.start({ capabilities: PULL_CLIENT }));
    await assert.rejects(client.request('textDocument/hover', { position: { line: 0, character: 0 } }), (err: { code?: number }) => err.code === -32602);
    await assert.rejects(client.request('textDocument/diagnostic', null), (err: { code?: number }) => err.code === -32602);
    await assert.rejects(client.request('workspace/executeCommand', { command: 'dockerfilePatchHygiene.pinAll', arguments: [42] }), (err: { code?: number }) => err.code === -32602);
    // An action this server did not make comes back as it was: nothing to resolve.
    const foreign = await client.request<{ title: string; edit?: unknown }>('codeAction/resolve', { title: 'x', data: { uri: 7 } });
    assert.deepEqual(foreign, { title: 'x', data: { uri: 7 } });
    await client.notify('textDocument/didChange', { nonsense: true });
    await client.open(URI, 'FROM node\n');
    const report = await client.pull(URI);
    assert.ok(report.items.some((d: { code: string }) => d.code === 'DPH001'));
  });

  it('survives a handler that throws: InternalError for that request, the next one is served', async () => {
    ({ client } = await LspClient.start({ capabilities: PULL_CLIENT }));
    await client.open(URI, 'FROM node:latest\n');
    // No position: the completion handler fails inside, not at the params check.
    await assert.rejects(client.request('textDocument/completion', { textDocument: { uri: URI } }), (err: { code?: number; message?: string }) => err.code === -32603 && /completion failed/.test(err.message ?? ''));
    const logged = await client.waitFor('window/logMessage', (p) => /completion failed/.test(p.message));
    assert.equal(logged.params.type, 1);
    const report = await client.pull(URI);
    assert.equal(report.items[0].code, 'DPH002');
  });

  it('shuts down and exits with code 0', async () => {
    ({ client } = await LspClient.start({ capabilities: PULL_CLIENT }));
    const code = await client.stop();
    assert.equal(code, 0);
  });
});
