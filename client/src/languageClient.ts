import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DOCKERFILE_SELECTOR } from './documentSelector';
import { SERVER_EXEC_ARGV, SETTINGS_SECTION } from './names';
import type { InitializationOptions } from './protocol';
import { pushDiagnosticsOnly } from './pushDiagnostics';
import { trustParams } from './trust';

/** The LanguageClient for the bundled server (server/out/server.js), over Node IPC. */
export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_EXEC_ARGV } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  const { trusted, userRegistries } = trustParams();
  const initializationOptions: InitializationOptions = {
    storagePath: context.globalStorageUri.fsPath,
    workspaceTrusted: trusted,
    userRegistries,
  };
  const configWatcher = vscode.workspace.createFileSystemWatcher('**/{.dockerfile-hygiene.json,.hadolint.yaml,.hadolint.yml}');
  context.subscriptions.push(configWatcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCKERFILE_SELECTOR,
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: configWatcher,
    },
    outputChannel,
    initializationOptions,
  };
  const client = new LanguageClient(SETTINGS_SECTION, 'Dockerfile Patch Hygiene', serverOptions, clientOptions);
  client.registerFeature(pushDiagnosticsOnly);
  return client;
}
