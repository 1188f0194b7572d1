import type { WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextEdit } from '../core/types';

/**
 * With `documentChanges` the edit names the version it was computed for, so a client refuses it
 * when the user typed meanwhile instead of applying it at shifted positions.
 */
export function workspaceEdit(uri: string, version: number, edits: TextEdit[], documentChanges: boolean): WorkspaceEdit {
  return documentChanges
    ? { documentChanges: [{ textDocument: { uri, version }, edits }] }
    : { changes: { [uri]: edits } };
}
