import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { DOCKERFILE_SELECTOR } from './documentSelector';
import { CLIENT_COMMANDS, SERVER_COMMANDS } from './names';
import type { ServerCommandResult } from './protocol';

interface DocumentCommand {
  id: string;
  server: string;
  done: (n: number) => string;
  nothing: (file: string) => string;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

const DOCUMENT_COMMANDS: DocumentCommand[] = [
  {
    id: CLIENT_COMMANDS.pinAll,
    server: SERVER_COMMANDS.pinAll,
    done: (n) => `Pinned ${plural(n, 'base image')} to ${n === 1 ? 'its' : 'their'} current digest.`,
    nothing: (file) => `Nothing to pin in ${file}: every tagged base image already carries a digest (an untagged FROM needs a tag first).`,
  },
  {
    id: CLIENT_COMMANDS.refreshAll,
    server: SERVER_COMMANDS.refreshAll,
    done: (n) => `Refreshed ${plural(n, 'pinned digest')} to where ${n === 1 ? 'its tag points' : 'their tags point'} now.`,
    nothing: (file) => `Nothing to refresh in ${file}: no base image is pinned with both a tag and a digest, or every pin is current.`,
  },
  {
    id: CLIENT_COMMANDS.updateAll,
    server: SERVER_COMMANDS.updateAll,
    done: (n) => `Updated ${plural(n, 'base image tag')} to the newest patch in the same variant.`,
    nothing: (file) => `No base image tag in ${file} has a newer patch or minor release in its variant.`,
  },
];

/**
 * Palette commands that run the server's command on the active Dockerfile. They resolve with the
 * server's answer (tests read it), or undefined when there was no Dockerfile to run on.
 */
export function registerDocumentCommands(client: LanguageClient): vscode.Disposable {
  return vscode.Disposable.from(
    ...DOCUMENT_COMMANDS.map((c) => vscode.commands.registerCommand(c.id, (uri?: vscode.Uri) => runOnDocument(client, c, uri))),
  );
}

async function runOnDocument(client: LanguageClient, command: DocumentCommand, uri?: vscode.Uri): Promise<ServerCommandResult | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || vscode.languages.match(DOCKERFILE_SELECTOR, document) === 0) {
    void vscode.window.showWarningMessage('Open a Dockerfile or Containerfile in the editor first, then run the command again.');
    return undefined;
  }
  if (!client.isRunning()) await client.start();
  const result = (await client.sendRequest(ExecuteCommandRequest.type, {
    command: command.server,
    arguments: [document.uri.toString()],
  })) as ServerCommandResult | null;
  // The server shows registry failures itself, with the image and what to do about it.
  if (result && result.failures.length === 0) {
    if (result.edits === 0) void vscode.window.showInformationMessage(command.nothing(path.basename(document.uri.path)));
    else vscode.window.setStatusBarMessage(command.done(result.edits), 5000);
  }
  return result ?? undefined;
}
