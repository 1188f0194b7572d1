import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const ID = 'dockerfile-patch-hygiene.dockerfile-patch-hygiene';

describe('activation timing', () => {
  it('activates on opening a Dockerfile and reports how long loading and activate() took', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const started = performance.now();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(path.join(folder.uri.fsPath, 'Dockerfile')));
    const extension = vscode.extensions.getExtension(ID);
    assert.ok(extension, `${ID} installed`);
    const api = await extension.activate();
    const activatedAfterOpenMs = performance.now() - started;
    await api.ready;
    const serverReadyAfterOpenMs = performance.now() - started;
    const out = path.join(path.dirname(process.env.DPH_VSCODE_RESULTS!), 'activation.json');
    fs.writeFileSync(out, JSON.stringify({ ...api.timings, activatedAfterOpenMs, serverReadyAfterOpenMs, vscode: vscode.version }));
  });
});
