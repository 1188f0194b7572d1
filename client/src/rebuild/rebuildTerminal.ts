import * as vscode from 'vscode';
import { rebuildAndTest, type RebuildOptions, type RebuildResult } from '../../../server/src/rebuild';
import { resultSummary } from './resultMessage';

/** One run: who may cancel it (progress notification, terminal, Ctrl+C) and where its result goes. */
export class RebuildRun {
  readonly controller = new AbortController();
  private settle!: (result: RebuildResult) => void;
  readonly result = new Promise<RebuildResult>((resolve) => (this.settle = resolve));

  finish(result: RebuildResult): void {
    this.settle(result);
  }
}

const EXIT_CODES: Record<RebuildResult['outcome'], number> = { passed: 0, 'tests-failed': 1, 'build-failed': 1, 'engine-unavailable': 2, cancelled: 130 };

/**
 * The terminal of a rebuild task: streams the engine's output and ends with the result. A failed
 * step is printed as `<file>:<line>: error: <message>`, the line our problem matcher reads, so the
 * error lands on the Dockerfile line in the Problems panel.
 */
export class RebuildTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;

  constructor(
    private readonly options: RebuildOptions,
    private readonly run: RebuildRun,
    private readonly shownName: string,
  ) {}

  open(): void {
    void this.start();
  }

  /** The user closed the terminal or stopped the task: stop the engine's processes and clean up. */
  close(): void {
    this.run.controller.abort();
  }

  handleInput(data: string): void {
    if (data === '\x03') {
      this.line('^C — cancelling…');
      this.run.controller.abort();
    }
  }

  private async start(): Promise<void> {
    this.line(`Rebuilding ${this.options.dockerfile} on a freshly pulled base, then testing it.`);
    let result: RebuildResult;
    try {
      result = await rebuildAndTest({
        ...this.options,
        signal: this.run.controller.signal,
        onOutput: (text) => this.line(text),
      });
    } catch (err) {
      result = { outcome: 'build-failed', testKind: 'none', message: (err as Error).message, durations: { buildMs: 0, testMs: 0 } };
    }
    if (result.failingLine && (result.outcome === 'build-failed' || result.outcome === 'tests-failed')) {
      this.line(`${this.options.dockerfile}:${result.failingLine}: error: ${result.message.split('\n')[0]}`);
    }
    this.line('');
    this.line(resultSummary(result, this.shownName));
    if (result.image && result.outcome === 'passed') this.line(`Image: ${result.image}${result.imageId ? ` (${result.imageId})` : ''}`);
    this.run.finish(result);
    this.closer.fire(EXIT_CODES[result.outcome]);
  }

  private line(text: string): void {
    this.writer.fire(`${text.replace(/\r?\n/g, '\r\n')}\r\n`);
  }
}
