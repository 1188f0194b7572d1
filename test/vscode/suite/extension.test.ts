import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { requestScreenshot } from '../host/requestScreenshot';
import { waitForDiagnostics } from '../host/waitForDiagnostics';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));
const extensionId = `${manifest.publisher}.${manifest.name}`;

describe('Dockerfile Patch Hygiene in a real VS Code', () => {
  let editor: vscode.TextEditor;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the runner opens test/vscode/workspace');
    editor = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument(path.join(folder.uri.fsPath, 'Dockerfile')));
  });

  it('activates when a Dockerfile opens', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    const api = await extension.activate();
    assert.ok(extension.isActive);
    await api.ready;
    assert.equal(api.client.isRunning(), true, 'the language server is running');
    // The figure is the benchmark's (npm run bench reads it); the test only makes sure it is measured.
    assert.ok(api.timings.activateMs > 0 && api.timings.loadMs! > 0, JSON.stringify(api.timings));
    const results = process.env.DPH_VSCODE_RESULTS;
    if (results) fs.writeFileSync(path.join(path.dirname(results), 'activation.json'), JSON.stringify({ ...api.timings, vscode: vscode.version, at: new Date().toISOString() }));
  });

  it('warns on FROM node:latest and offers a quick fix there', async () => {
    const [first] = await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => x.range.start.line === 0));
    await requestScreenshot({ name: 'diagnostics', waitForSelector: '.squiggly-warning, .squiggly-error, .squiggly-info' });

    editor.selection = new vscode.Selection(first.range.start, first.range.start);
    await vscode.commands.executeCommand('editor.action.showHover');
    await requestScreenshot({ name: 'hover', waitForSelector: '.monaco-hover:not(.hidden)' });
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', editor.document.uri, first.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(actions.length > 0, `a quick fix for "${first.message}"`);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await requestScreenshot({ name: 'quick-fix-menu', waitForSelector: '.action-widget' });
    await vscode.commands.executeCommand('hideCodeActionWidget');
  });
});
