import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { ScreenshotAnswer, ScreenshotRequest } from './host/requestScreenshot';

/**
 * Answers the suite's screenshot requests (host/requestScreenshot): waits for the requested
 * selector in the workbench, shoots the page, and writes <name>.done.json. One at a time, in order.
 */
export class ScreenshotResponder {
  readonly taken: string[] = [];
  private readonly watcher: fs.FSWatcher;
  private readonly poll: NodeJS.Timeout;
  private queue = Promise.resolve();
  private readonly seen = new Set<string>();

  constructor(private readonly page: Page, private readonly requestDir: string, private readonly outDir: string) {
    fs.mkdirSync(requestDir, { recursive: true });
    fs.mkdirSync(outDir, { recursive: true });
    this.watcher = fs.watch(requestDir, () => this.scan());
    this.poll = setInterval(() => this.scan(), 500);
  }

  /** Shoots the page now, outside any request (e.g. the final state, or the moment of a timeout). */
  async shoot(name: string): Promise<string> {
    const file = path.join(this.outDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    this.taken.push(file);
    return file;
  }

  async close(): Promise<void> {
    this.watcher.close();
    clearInterval(this.poll);
    await this.queue;
  }

  private scan(): void {
    for (const entry of fs.readdirSync(this.requestDir)) {
      if (!entry.endsWith('.request.json') || this.seen.has(entry)) continue;
      this.seen.add(entry);
      this.queue = this.queue.then(() => this.answer(path.join(this.requestDir, entry)));
    }
  }

  private async answer(requestFile: string): Promise<void> {
    const request = JSON.parse(fs.readFileSync(requestFile, 'utf8')) as ScreenshotRequest;
    fs.rmSync(requestFile);
    this.seen.delete(path.basename(requestFile));
    let answer: ScreenshotAnswer;
    try {
      if (request.waitForSelector) await this.page.waitForSelector(request.waitForSelector, { state: 'visible', timeout: 15_000 });
      answer = { file: await this.shoot(request.name) };
    } catch (err) {
      answer = { error: (err as Error).message.split('\n')[0] };
    }
    const done = path.join(this.requestDir, `${request.name}.done.json`);
    fs.writeFileSync(`${done}.tmp`, JSON.stringify(answer));
    fs.renameSync(`${done}.tmp`, done);
  }
}
