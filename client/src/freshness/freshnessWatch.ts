import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { CHECK_FRESHNESS_METHOD, type CheckFreshnessParams, type CheckFreshnessResult, type MovedTag } from '../../../server/src/freshness/protocol';
import { DOCKERFILE_SELECTOR } from '../documentSelector';
import { SERVER_COMMANDS } from '../names';
import { FRESHNESS_SETTINGS, REBUILD_COMMANDS } from '../rebuild/names';
import { workspaceDockerfiles } from '../rebuild/workspaceDockerfiles';
import { movedTagMessage } from './message';

const HOUR_MS = 3600_000;
/** Window focus comes and goes all day; a registry round per focus would be noise. */
export const FOCUS_MIN_INTERVAL_MS = 10 * 60_000;
const MAX_FILES = 500;

/**
 * Re-checks the tags of the workspace's Dockerfiles every `freshness.intervalHours` and when the
 * window regains focus (at most every 10 minutes), through the server's checkFreshness request;
 * the server decides what moved and remembers what was told.
 */
export class FreshnessWatcher implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private lastCheck = 0;
  private running: Promise<MovedTag[]> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly client: LanguageClient, private readonly log: (line: string) => void) {
    this.subscriptions = [
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused && Date.now() - this.lastCheck >= FOCUS_MIN_INTERVAL_MS) void this.check();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(FRESHNESS_SETTINGS)) this.schedule();
      }),
    ];
    this.schedule();
  }

  /** One check (a second call while one runs joins it); resolves with the moves it told the user about. */
  check(): Promise<MovedTag[]> {
    this.running ??= this.checkNow().finally(() => {
      this.running = undefined;
      this.lastCheck = Date.now();
    });
    return this.running;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const config = vscode.workspace.getConfiguration(FRESHNESS_SETTINGS);
    if (!config.get<boolean>('enabled', true)) return;
    const hours = Math.max(0.25, config.get<number>('intervalHours', 6));
    this.timer = setTimeout(() => {
      void this.check().finally(() => this.schedule());
    }, hours * HOUR_MS);
  }

  private async checkNow(): Promise<MovedTag[]> {
    if (!vscode.workspace.getConfiguration(FRESHNESS_SETTINGS).get<boolean>('enabled', true) || !this.client.isRunning()) return [];
    const open = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file' && vscode.languages.match(DOCKERFILE_SELECTOR, d) > 0).map((d) => d.uri);
    const uris = [...new Set([...open, ...(await workspaceDockerfiles(MAX_FILES))].map((u) => u.toString()))];
    if (uris.length === 0) return [];
    let result: CheckFreshnessResult;
    try {
      result = await this.client.sendRequest<CheckFreshnessResult>(CHECK_FRESHNESS_METHOD, { uris } satisfies CheckFreshnessParams);
    } catch (err) {
      this.log(`Freshness check failed: ${(err as Error).message}`);
      return [];
    }
    for (const moved of result.moved) void this.tell(moved);
    return result.moved;
  }

  private async tell(moved: MovedTag): Promise<void> {
    const message = movedTagMessage(moved, new Date(), (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri)));
    const actions = [...(moved.pinnedUris.length > 0 ? ['Refresh digest'] : []), 'Rebuild and Test'];
    const choice = await vscode.window.showInformationMessage(message, ...actions);
    if (choice === 'Refresh digest') await this.refresh(moved.pinnedUris);
    if (choice === 'Rebuild and Test') {
      const uri = await pickDockerfile(moved.uris);
      if (uri) await vscode.commands.executeCommand(REBUILD_COMMANDS.rebuildAndTest, vscode.Uri.parse(uri));
    }
  }

  /** The server refreshes open documents only: open each (and show the first, so the change is seen). */
  private async refresh(uris: string[]): Promise<void> {
    for (const [i, uri] of uris.entries()) {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      if (i === 0) await vscode.window.showTextDocument(document, { preview: false });
      await this.client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_COMMANDS.refreshAll, arguments: [uri] });
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

async function pickDockerfile(uris: string[]): Promise<string | undefined> {
  if (uris.length <= 1) return uris[0];
  const picked = await vscode.window.showQuickPick(
    uris.map((uri) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(uri)), uri })),
    { placeHolder: 'Which Dockerfile to rebuild and test?' },
  );
  return picked?.uri;
}
