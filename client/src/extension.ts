import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { checkWorkspace } from './checkWorkspace';
import { CLIENT_COMMANDS } from './names';
import { registerDocumentCommands } from './documentCommands';
import { registerFreshness } from './freshness';
import { createLanguageClient } from './languageClient';
import { RegistryStateNotification, type RegistryStateParams } from './protocol';
import { registerRebuild } from './rebuild';
import { RegistryStatus } from './registryStatus';
import { syncTrust } from './trust';

/** What activate() returns: for tests and other extensions. */
export interface ExtensionApi {
  client: LanguageClient;
  registryState(): RegistryStateParams | undefined;
  onDidChangeRegistryState: vscode.Event<RegistryStateParams>;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const output = vscode.window.createOutputChannel('Dockerfile Patch Hygiene', { log: true });
  const status = new RegistryStatus();
  await vscode.workspace.fs.createDirectory(context.globalStorageUri);
  client = createLanguageClient(context, output);
  context.subscriptions.push(
    output,
    status,
    client.onNotification(RegistryStateNotification, (params) => status.update(params)),
    registerDocumentCommands(client),
    vscode.commands.registerCommand(CLIENT_COMMANDS.checkWorkspace, checkWorkspace),
    vscode.commands.registerCommand(CLIENT_COMMANDS.showOutput, () => output.show(true)),
    syncTrust(client),
    registerRebuild(context),
    registerFreshness(client, (line) => output.info(line)),
  );
  try {
    await client.start();
  } catch (err) {
    // The client has already said so in a notification; activation still succeeds, so Show output works.
    output.error(`The language server did not start: ${(err as Error).message}`);
  }
  return { client, registryState: () => status.state, onDidChangeRegistryState: status.onDidChange };
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
