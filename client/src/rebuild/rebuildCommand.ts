import * as vscode from 'vscode';
import type { RebuildResult } from '../../../server/src/rebuild';
import { DOCKERFILE_SELECTOR } from '../documentSelector';
import { REBUILD_COMMANDS } from './names';
import { resultSummary } from './resultMessage';
import { runningRebuild, type RebuildTasks, type StartedRun } from './rebuildTask';

/** Refuses in Restricted Mode: a rebuild runs the workspace's build steps and test command. */
export function refuseUntrusted(): boolean {
  if (vscode.workspace.isTrusted) return false;
  void vscode.window
    .showWarningMessage(
      'Rebuild and Test runs this workspace\'s Dockerfile steps and test command, so it needs a trusted workspace. Trust the folder (Manage Workspace Trust), then run it again.',
      'Manage Workspace Trust',
    )
    .then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
  return true;
}

/**
 * Rebuild and Test on a Dockerfile (the argument, else the active editor's): saves it, runs our
 * task, follows it with a cancellable progress notification, and resolves with the result
 * (undefined when it did not start).
 */
export async function rebuildAndTestCommand(tasks: RebuildTasks, target?: vscode.Uri | string): Promise<RebuildResult | undefined> {
  if (refuseUntrusted()) return undefined;
  const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
  const document = uri && (await vscode.workspace.openTextDocument(uri));
  if (!document || document.uri.scheme !== 'file' || vscode.languages.match(DOCKERFILE_SELECTOR, document) === 0) {
    void vscode.window.showWarningMessage('Open a Dockerfile saved in the workspace, then run Rebuild and Test again.');
    return undefined;
  }
  if (runningRebuild(document.uri.fsPath)) {
    void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(document.uri)} is being rebuilt already; its terminal shows the progress.`);
    return undefined;
  }
  // The engine reads the file from disk: a fix just applied in the editor must be in it.
  if (document.isDirty && !(await document.save())) {
    void vscode.window.showWarningMessage(`Could not save ${vscode.workspace.asRelativePath(document.uri)}; save it, then run Rebuild and Test again.`);
    return undefined;
  }
  const waiting = nextStart(tasks, document.uri.fsPath);
  try {
    await vscode.tasks.executeTask(tasks.taskFor(document.uri));
  } catch (err) {
    waiting.dispose();
    void vscode.window.showErrorMessage(`Could not start the rebuild task: ${(err as Error).message}`);
    return undefined;
  }
  const { run, shownName } = await waiting.started;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Rebuilding and testing ${shownName}`, cancellable: true },
    async (_progress, token) => {
      const cancel = token.onCancellationRequested(() => run.controller.abort());
      try {
        return await run.result;
      } finally {
        cancel.dispose();
      }
    },
  );
}

/** The next run of `dockerfile` to start; listening begins before the task is executed. */
function nextStart(tasks: RebuildTasks, dockerfile: string): { started: Promise<StartedRun>; dispose(): void } {
  let listener: vscode.Disposable | undefined;
  const started = new Promise<StartedRun>((resolve) => {
    listener = tasks.onDidStart((run) => {
      if (run.dockerfile !== dockerfile) return;
      listener?.dispose();
      resolve(run);
    });
  });
  return { started, dispose: () => listener?.dispose() };
}

/** The result of every run, however it was started: pass/fail, size and base digest before → after. */
export function reportResult(started: StartedRun): void {
  void started.run.result.then(async (result) => {
    const summary = resultSummary(result, started.shownName);
    if (result.outcome === 'passed') {
      const choice = await vscode.window.showInformationMessage(summary, 'Show patch history');
      if (choice) await vscode.commands.executeCommand(REBUILD_COMMANDS.showPatchHistory);
    } else if (result.outcome === 'cancelled') {
      void vscode.window.showInformationMessage(summary);
    } else {
      const line = result.failingLine;
      const choice = await vscode.window.showErrorMessage(summary, ...(line ? [`Go to line ${line}`] : []));
      if (choice && line) {
        const position = new vscode.Position(line - 1, 0);
        await vscode.window.showTextDocument(vscode.Uri.file(started.dockerfile), { selection: new vscode.Range(position, position) });
      }
    }
  });
}
