import * as vscode from 'vscode';
import { parseDockerfile } from '../../../server/src/core/dockerfile';
import { REBUILD_COMMANDS } from './names';

/** "Rebuild and test" above the first FROM, beside the server's pin and refresh lenses. */
export class RebuildCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.uri.scheme !== 'file') return [];
    const first = parseDockerfile(document.getText()).stages[0];
    if (!first) return [];
    const start = new vscode.Position(first.from.range.start.line, 0);
    return [new vscode.CodeLens(new vscode.Range(start, start), { title: '$(debug-rerun) Rebuild and test', command: REBUILD_COMMANDS.rebuildAndTest, arguments: [document.uri] })];
  }
}
