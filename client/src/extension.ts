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
  /** Settles when the language server has started (or failed to; the output says why). */
  ready: Promise<void>;
  /** Loading the bundle and running activate(), measured inside the extension host. */
  timings: { loadMs?: number; activateMs: number };
  registryState(): RegistryStateParams | undefined;
  onDidChangeRegistryState: vscode.Event<RegistryStateParams>;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const activateStart = performance.now();
  const output = vscode.window.createOutputChannel('Dockerfile Patch Hygiene', { log: true });
  const status = new RegistryStatus();
  // The server and the rebuild history create their folders when they first write; a round trip to
  // the workbench here (a remote one in code-server) would only delay activation.
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
  // The server starts in the background: activation must not wait for a process and its
  // initialize round trip, and commands that need the server wait for it themselves.
  const ready = client.start().catch((err: Error) => {
    // The client has already said so in a notification; activation still succeeds, so Show output works.
    output.error(`The language server did not start: ${err.message}`);
  });
  const loadStart = (globalThis as { __dphLoadStart?: number }).__dphLoadStart;
  const timings = { loadMs: loadStart === undefined ? undefined : activateStart - loadStart, activateMs: performance.now() - activateStart };
  output.info(`activated in ${timings.activateMs.toFixed(1)} ms (bundle loaded in ${timings.loadMs?.toFixed(1) ?? '?'} ms)`);
  return { client, ready, timings, registryState: () => status.state, onDidChangeRegistryState: status.onDidChange };
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
