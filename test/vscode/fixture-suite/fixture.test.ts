import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { requestScreenshot } from '../host/requestScreenshot';
import { waitForDiagnostics } from '../host/waitForDiagnostics';

describe('harness fixture inside a real extension host', () => {
  let editor: vscode.TextEditor;
  let diagnostic: vscode.Diagnostic;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the harness opens a workspace folder');
    const document = await vscode.workspace.openTextDocument(path.join(folder.uri.fsPath, 'Dockerfile'));
    editor = await vscode.window.showTextDocument(document);
  });

  it('sees the fixture extension warn about :latest', async () => {
    [diagnostic] = await waitForDiagnostics(editor.document.uri, (d) => d.length > 0);
    assert.equal(diagnostic.message, 'fixture: avoid :latest');
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character], [0, 10]);
    await requestScreenshot({ name: 'diagnostics', waitForSelector: '.squiggly-warning' });
    editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
    await vscode.commands.executeCommand('editor.action.showHover');
    await requestScreenshot({ name: 'hover', waitForSelector: '.monaco-hover:not(.hidden)' });
  });

  it('shows the quick-fix menu and applies the fix', async () => {
    editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await requestScreenshot({ name: 'quick-fix-menu', waitForSelector: '.action-widget' });
    await vscode.commands.executeCommand('hideCodeActionWidget');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', editor.document.uri, diagnostic.range);
    const fix = actions.find((a) => a.title === 'Fixture: pin :latest to :1.0');
    assert.ok(fix?.edit, `fix offered among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(editor.document.lineAt(0).text, 'FROM node:1.0');
  });

  it('reports a failure when the harness self-test asks for one', function () {
    if (process.env.DPH_FIXTURE_EXPECT_FAILURE !== '1') this.skip();
    assert.fail('deliberate failure requested by the harness self-test');
  });
});
