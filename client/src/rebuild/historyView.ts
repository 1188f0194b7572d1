import * as path from 'node:path';
import * as vscode from 'vscode';
import { HISTORY_FILE, readHistory, type HistoryRecord } from '../../../server/src/rebuild';
import { HISTORY_SCHEME } from './names';
import { formatSize, shortDigest } from './resultMessage';

const MAX_ROWS = 200;

/** The patch history (`rebuild-history.jsonl` in the extension's storage) as a read-only markdown document. */
export class PatchHistoryDocument implements vscode.TextDocumentContentProvider {
  static readonly uri = vscode.Uri.from({ scheme: HISTORY_SCHEME, path: '/Patch history.md' });
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly historyDir: string) {}

  async provideTextDocumentContent(): Promise<string> {
    return historyMarkdown(await readHistory(this.historyDir), this.historyDir);
  }

  /** After a run: an open preview shows the new line. */
  refresh(): void {
    this.changed.fire(PatchHistoryDocument.uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export async function showPatchHistory(view: PatchHistoryDocument): Promise<void> {
  view.refresh();
  const document = await vscode.workspace.openTextDocument(PatchHistoryDocument.uri);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', document.uri);
  } catch {
    // Without the built-in markdown extension the text itself is still readable.
    await vscode.window.showTextDocument(document, { preview: true });
  }
}

/** Newest first, grouped by Dockerfile: what was built, on which base digest, and how big it was. */
export function historyMarkdown(records: HistoryRecord[], historyDir: string): string {
  const lines = ['# Patch history', ''];
  if (records.length === 0) {
    lines.push('No rebuilds yet. Run **Rebuild and Test** on a Dockerfile (command palette, editor title, or the lens above its first FROM).');
    return `${lines.join('\n')}\n`;
  }
  const newest = records.slice(-MAX_ROWS).reverse();
  const files = [...new Set(newest.map((r) => r.dockerfile))];
  for (const file of files) {
    lines.push(`## ${vscode.workspace.asRelativePath(file)}`, '', '| when | outcome | tests | base image | base digest | image size | took |', '|---|---|---|---|---|---|---|');
    for (const r of newest.filter((x) => x.dockerfile === file)) {
      const took = `${((r.durations.buildMs + r.durations.testMs) / 1000).toFixed(1)} s`;
      const outcome = r.failingLine ? `${r.outcome} (line ${r.failingLine})` : r.outcome;
      lines.push(`| ${r.time.replace('T', ' ').slice(0, 19)} | ${outcome} | ${r.testKind} | ${cell(r.baseImage)} | ${cell(shortDigest(r.baseDigest))} | ${cell(formatSize(r.imageSize))} | ${took} |`);
    }
    lines.push('');
  }
  lines.push(`_${records.length} run${records.length === 1 ? '' : 's'} in ${path.join(historyDir, HISTORY_FILE)}._`);
  return `${lines.join('\n')}\n`;
}

function cell(value: string | undefined): string {
  return value ? value.replace(/\|/g, '\\|') : '—';
}
