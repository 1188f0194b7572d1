import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FreshnessWatcher } from './freshnessWatch';

/** Internal command, for tests and for "check now": runs a freshness check and resolves with what moved. */
export const CHECK_FRESHNESS_COMMAND = 'dockerfilePatchHygiene.checkFreshnessNow';

/**
 * The freshness watch: a first check once the language server runs, then on a timer and on
 * window focus. `client` must be started (or starting) by the caller.
 */
export function registerFreshness(client: LanguageClient, log: (line: string) => void = () => undefined): vscode.Disposable {
  const watcher = new FreshnessWatcher(client, log);
  const first = client.onDidChangeState(() => {
    if (client.isRunning()) void watcher.check();
  });
  if (client.isRunning()) void watcher.check();
  return vscode.Disposable.from(watcher, first, vscode.commands.registerCommand(CHECK_FRESHNESS_COMMAND, () => watcher.check()));
}
