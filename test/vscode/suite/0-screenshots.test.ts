import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { requestScreenshot } from '../host/requestScreenshot';
import { diagnostic, lines, needsRegistry, openNew } from './fixtures';

// Pictures for the README (test/vscode/extension.test.ts copies them to docs/screenshots/ when
// DPH_UPDATE_SCREENSHOTS=1). Each waits for what it shows to be on screen. The file name sorts
// first, so the pictures show one Dockerfile, before other tests open theirs.
describe('screenshots of the extension at work', () => {
  let editor: vscode.TextEditor;
  let stale: vscode.Diagnostic;

  before(async function () {
    needsRegistry(this);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    editor = await openNew('screenshots/Dockerfile', lines(
      '# syntax=docker/dockerfile:1',
      'FROM node:20.10.0',
      'WORKDIR /app',
      'COPY package*.json ./',
      'RUN npm ci',
      'COPY . .',
      'RUN npm run build',
      'CMD ["node", "dist/server.js"]',
    ));
    stale = await diagnostic(editor.document.uri, 'DPH101', 1);
  });

  it('the editor with squiggles and the Problems panel', async () => {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.window.showTextDocument(editor.document);
    const file = await requestScreenshot({ name: 'readme-diagnostics', waitForSelector: '.squiggly-warning, .squiggly-info' });
    assert.ok(file === undefined || file.endsWith('readme-diagnostics.png'));
  });

  it('the quick-fix menu on the FROM line', async () => {
    editor.selection = new vscode.Selection(stale.range.start, stale.range.start);
    await vscode.commands.executeCommand('editor.action.quickFix');
    try {
      await requestScreenshot({ name: 'readme-quick-fix-menu', waitForSelector: '.action-widget' });
    } finally {
      await vscode.commands.executeCommand('hideCodeActionWidget');
    }
  });

  it('the hover on a base image', async () => {
    // On the image name, left of the tag the diagnostics cover, so the hover shows the registry facts alone.
    const onName = new vscode.Position(stale.range.start.line, 'FROM no'.length);
    editor.selection = new vscode.Selection(onName, onName);
    await vscode.commands.executeCommand('editor.action.showHover');
    await requestScreenshot({ name: 'readme-hover', waitForSelector: '.monaco-hover:not(.hidden)' });
  });
});
