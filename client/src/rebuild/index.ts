import * as vscode from 'vscode';
import type { RebuildResult } from '../../../server/src/rebuild';
import { DOCKERFILE_SELECTOR } from '../documentSelector';
import { offerRebuildAfterFix } from './afterFix';
import { RebuildCodeLens } from './codeLens';
import { PatchHistoryDocument, showPatchHistory } from './historyView';
import { HISTORY_SCHEME, REBUILD_COMMANDS, TASK_TYPE } from './names';
import { rebuildAndTestCommand, reportResult } from './rebuildCommand';
import { RebuildTasks } from './rebuildTask';
import { workspaceDockerfiles } from './workspaceDockerfiles';

/**
 * Rebuild and Test: the command (palette, editor title, code lens, after a fix), our task type
 * with its pseudoterminal, and the patch history kept in the extension's global storage.
 */
export function registerRebuild(context: vscode.ExtensionContext): vscode.Disposable {
  const historyDir = context.globalStorageUri.fsPath;
  const tasks = new RebuildTasks(historyDir, () => workspaceDockerfiles(50));
  const history = new PatchHistoryDocument(historyDir);
  return vscode.Disposable.from(
    tasks,
    history,
    tasks.onDidStart((started) => {
      reportResult(started);
      void started.run.result.then(() => history.refresh());
    }),
    vscode.tasks.registerTaskProvider(TASK_TYPE, tasks),
    vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, history),
    vscode.commands.registerCommand(REBUILD_COMMANDS.rebuildAndTest, (target?: vscode.Uri | string): Promise<RebuildResult | undefined> => rebuildAndTestCommand(tasks, target)),
    vscode.commands.registerCommand(REBUILD_COMMANDS.showPatchHistory, () => showPatchHistory(history)),
    vscode.languages.registerCodeLensProvider(DOCKERFILE_SELECTOR, new RebuildCodeLens()),
    offerRebuildAfterFix(),
  );
}
