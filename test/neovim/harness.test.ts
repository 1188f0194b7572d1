import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { processesMentioning } from '../vscode/processTree';
import { runNvimLsp } from './nvimClient';

const root = path.resolve(__dirname, '..', '..', '..');
const fakeServer = path.join(root, 'build', 'test', 'neovim', 'selftest', 'fakeLspServer.js');
const dockerfile = path.join(root, 'test', 'neovim', 'selftest', 'Dockerfile');

describe('Neovim harness (self-test against a fake LSP server)', function () {
  this.timeout(60_000);

  it('reports the pushed diagnostic and the buffer after applying the titled code action', async () => {
    const result = await runNvimLsp({
      serverCommand: [process.execPath, fakeServer, '--stdio'],
      file: dockerfile,
      codeActionTitle: 'pin to 1.0',
      waitAfterFix: true,
    });
    assert.equal(result.error, undefined, result.log);
    assert.deepEqual(result.diagnostics.map((d) => [d.code, d.range.start, d.message]),
      [['SELF001', { line: 0, character: 10 }, 'selftest: avoid :latest']]);
    assert.deepEqual(result.vimDiagnostics.map((d) => [d.lnum, d.col, d.severity]), [[0, 10, 2]]);
    assert.deepEqual(result.codeActions, ['Selftest: pin to 1.0']);
    assert.equal(result.appliedAction, 'Selftest: pin to 1.0');
    assert.equal(result.bufferText, 'FROM node:1.0\nRUN echo hello');
    assert.deepEqual(result.diagnosticsAfterFix, [], 'the edit reached the server, which cleared the warning');
    assert.deepEqual(processesMentioning(fakeServer), [], 'no language server left running');
  });

  it('says which code action titles were offered when the wanted one is missing', async () => {
    const result = await runNvimLsp({
      serverCommand: [process.execPath, fakeServer, '--stdio'],
      file: dockerfile,
      codeActionTitle: 'no such fix',
    });
    assert.match(result.error ?? '', /no code action titled "no such fix"/);
    assert.deepEqual(result.codeActions, ['Selftest: pin to 1.0']);
  });

  it('reports a server that never publishes instead of hanging', async () => {
    const result = await runNvimLsp({
      serverCommand: [process.execPath, fakeServer, '--stdio'],
      file: path.join(root, 'test', 'neovim', 'selftest', 'pinned.Dockerfile'),
      timeoutMs: 1_500,
    });
    assert.match(result.error ?? '', /fewer than 1 diagnostics after 1500 ms/);
  });
});
