import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from './names';
import { TrustNotification, type TrustParams } from './protocol';

/**
 * The user-level registries only. A workspace's own `.vscode/settings.json` could send Docker Hub
 * credentials to a host it names, so in Restricted Mode the server must not see that value.
 */
export function userRegistries(): TrustParams['userRegistries'] {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<TrustParams['userRegistries']>('registries')?.globalValue ?? {};
}

export function trustParams(): TrustParams {
  return { trusted: vscode.workspace.isTrusted, userRegistries: userRegistries() };
}

/** Tells the server when the workspace becomes trusted or the user-level registries change. */
export function syncTrust(client: LanguageClient): vscode.Disposable {
  const send = () => {
    if (client.isRunning()) void client.sendNotification(TrustNotification, trustParams());
  };
  return vscode.Disposable.from(
    vscode.workspace.onDidGrantWorkspaceTrust(send),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SETTINGS_SECTION}.registries`)) send();
    }),
  );
}
