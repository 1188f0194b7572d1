// Helpers for the suite's tests (not a test file: suite/index.ts runs *.test.js only).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../client/src/extension';
import { waitForDiagnostics } from '../host/waitForDiagnostics';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));
export const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;
export const SOURCE = 'dockerfile-patch-hygiene';

/** Set by test/vscode/extension.test.ts, which starts a seeded registry and points docker.io at it. */
export const registry = {
  host: process.env.DPH_TEST_REGISTRY,
  digests: JSON.parse(process.env.DPH_TEST_DIGESTS ?? '{}') as Record<string, string>,
};

/** Skips the calling test when no local registry was configured (e.g. a hand run of the suite). */
export function needsRegistry(ctx: Mocha.Context): void {
  if (!registry.host) ctx.skip();
}

export function digestOf(repoAndTag: string): string {
  const digest = registry.digests[repoAndTag];
  assert.ok(digest, `the harness passes the digest of ${repoAndTag} in DPH_TEST_DIGESTS`);
  return digest;
}

/** The extension's API once its language server has started (activation itself does not wait for it). */
export async function extensionApi(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  const api = await extension.activate();
  await api.ready;
  return api;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the harness opens test/vscode/workspace');
  return folder.uri.fsPath;
}

/** Writes a Dockerfile into the (temporary copy of the) workspace and shows it in an editor. */
export async function openNew(relativePath: string, text: string): Promise<vscode.TextEditor> {
  const file = path.join(workspaceRoot(), relativePath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
}

export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(path.join(workspaceRoot(), relativePath)));
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);

/** Waits for our diagnostic with `code` (e.g. DPH005), on `line` when given, optionally until its message matches. */
export async function diagnostic(uri: vscode.Uri, code: string, line?: number, message?: RegExp): Promise<vscode.Diagnostic> {
  const matches = (d: vscode.Diagnostic) =>
    d.source === SOURCE && codeOf(d) === code && (line === undefined || d.range.start.line === line) && (!message || message.test(d.message));
  const all = await waitForDiagnostics(uri, (ds) => ds.some(matches), 30_000);
  return all.find(matches)!;
}

/** The quick fixes VS Code would show at `range`, with edits resolved (codeAction/resolve) for the first `resolveCount`. */
export async function quickFixes(uri: vscode.Uri, range: vscode.Range, resolveCount = 20): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value, resolveCount);
}

export function actionTitled(actions: vscode.CodeAction[], title: RegExp): vscode.CodeAction {
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action, `a quick fix ${title}; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
  return action;
}

/** Applies a code action as the lightbulb would: its edit, then its command; resolves when the text changed. */
export async function apply(document: vscode.TextDocument, action: vscode.CodeAction): Promise<string> {
  assert.ok(action.edit || action.command, `"${action.title}" carries an edit or a command`);
  const before = document.getText();
  const changed = textChange(document, (text) => text !== before);
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `the edit of "${action.title}" applies`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  return changed;
}

/** Resolves with the document's text once `accept` holds for it; waits on change events, not on time. */
export function textChange(document: vscode.TextDocument, accept: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (accept(document.getText())) return resolve(document.getText());
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`${path.basename(document.uri.fsPath)} did not change as expected in ${timeoutMs} ms; it reads:\n${document.getText()}`));
    }, timeoutMs);
    const subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== document || !accept(document.getText())) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(document.getText());
    });
  });
}

export const lines = (...l: string[]) => `${l.join('\n')}\n`;
