import * as vscode from 'vscode';
import { DOCKERFILE_GLOB } from './documentSelector';

/** What "Check all Dockerfiles in the workspace" did; tests read it. */
export interface WorkspaceCheck {
  found: vscode.Uri[];
  opened: vscode.Uri[];
  cancelled: boolean;
}

const MAX_FILES = 2000;

/**
 * Opens every Dockerfile of every workspace folder as a (hidden) text document, so the language
 * server analyses it and its diagnostics land in the Problems panel.
 */
export async function checkWorkspace(options?: { token?: vscode.CancellationToken }): Promise<WorkspaceCheck> {
  const found = await findDockerfiles();
  if (found.length === 0) {
    void vscode.window.showInformationMessage('No Dockerfile or Containerfile found in the workspace (files.exclude and node_modules are skipped).');
    return { found, opened: [], cancelled: false };
  }
  const opened: vscode.Uri[] = [];
  const cancelled = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Checking Dockerfiles', cancellable: true },
    async (progress, progressToken) => {
      const stopped = () => progressToken.isCancellationRequested || options?.token?.isCancellationRequested === true;
      for (const uri of found) {
        if (stopped()) return true;
        progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / found.length });
        try {
          await vscode.workspace.openTextDocument(uri);
          opened.push(uri);
        } catch (err) {
          void vscode.window.showWarningMessage(`Could not open ${vscode.workspace.asRelativePath(uri)}: ${(err as Error).message}`);
        }
      }
      return stopped();
    },
  );
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  const summary = `Checked ${opened.length} of ${found.length} Dockerfile${found.length === 1 ? '' : 's'}; findings are in the Problems panel.`;
  void vscode.window.showInformationMessage(cancelled ? `Cancelled. ${summary}` : summary);
  return { found, opened, cancelled };
}

/**
 * findFiles with no exclude argument applies files.exclude; passing one would replace it, so
 * node_modules (not in files.exclude by default) is filtered here instead.
 */
async function findDockerfiles(): Promise<vscode.Uri[]> {
  const uris = await vscode.workspace.findFiles(DOCKERFILE_GLOB, undefined, MAX_FILES);
  return uris
    .filter((uri) => !uri.path.split('/').includes('node_modules'))
    .sort((a, b) => a.toString().localeCompare(b.toString()));
}
