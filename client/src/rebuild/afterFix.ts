import * as vscode from 'vscode';
import { DOCKERFILE_SELECTOR } from '../documentSelector';
import { REBUILD_COMMANDS, REBUILD_SETTINGS } from './names';

const IMAGE_REFERENCE_TEXT = /^[A-Za-z0-9._:@/-]*$/;
const FROM_LINE = /^\s*FROM\s/i;
/** One question per document at a time, and not again within this long after it was answered or dismissed. */
const QUIET_MS = 60_000;

/**
 * Offers "Rebuild and test now?" after a Pin, Refresh, Update or Switch fix. Those fixes reach the
 * editor as edits (some resolved by the server, some applied through workspace/applyEdit), so we
 * recognise their shape instead of their origin: every change replaces part of an image reference
 * on a FROM line, and at least one changes more than a keystroke would. Undo and redo are not fixes.
 */
export function offerRebuildAfterFix(): vscode.Disposable {
  const quietUntil = new Map<string, number>();
  return vscode.workspace.onDidChangeTextDocument((event) => {
    const { document, contentChanges } = event;
    if (event.reason !== undefined || contentChanges.length === 0 || document.uri.scheme !== 'file') return;
    if (!vscode.workspace.isTrusted || vscode.languages.match(DOCKERFILE_SELECTOR, document) === 0) return;
    if (!looksLikeBaseImageFix(document, contentChanges)) return;
    if (!vscode.workspace.getConfiguration(REBUILD_SETTINGS, document.uri).get<boolean>('offerAfterFix', true)) return;
    const key = document.uri.toString();
    if ((quietUntil.get(key) ?? 0) > Date.now()) return;
    quietUntil.set(key, Number.POSITIVE_INFINITY);
    const name = vscode.workspace.asRelativePath(document.uri);
    void vscode.window.showInformationMessage(`The base image of ${name} changed. Rebuild and test now?`, 'Rebuild and Test').then(async (choice) => {
      quietUntil.set(key, Date.now() + QUIET_MS);
      if (choice) await vscode.commands.executeCommand(REBUILD_COMMANDS.rebuildAndTest, document.uri);
    });
  });
}

export function looksLikeBaseImageFix(document: vscode.TextDocument, changes: readonly vscode.TextDocumentContentChangeEvent[]): boolean {
  let substantial = false;
  for (const change of changes) {
    if (!IMAGE_REFERENCE_TEXT.test(change.text)) return false;
    const line = change.range.start.line;
    if (line !== change.range.end.line || line >= document.lineCount) return false;
    if (!FROM_LINE.test(document.lineAt(line).text)) return false;
    if (change.text.length > 1 || change.rangeLength > 1) substantial = true;
  }
  return substantial;
}
