import * as fs from 'node:fs';
import * as path from 'node:path';
import { HOST_ENV } from '../results';
import { waitForFile } from '../waitForFile';

export interface ScreenshotRequest {
  /** File name stem of the PNG, e.g. "diagnostics" → diagnostics.png in the harness's screenshot folder. */
  name: string;
  /** CSS selector the harness waits for in the page before shooting, e.g. '.squiggly-warning'. */
  waitForSelector?: string;
}

export interface ScreenshotAnswer {
  file?: string;
  error?: string;
}

/**
 * Asks the harness (code-server + Chromium) to screenshot the workbench and waits until it has.
 * Returns the PNG path, or undefined when no harness listens (e.g. under @vscode/test-electron).
 * Throws when the harness could not take it, e.g. the awaited selector never appeared.
 */
export async function requestScreenshot(request: ScreenshotRequest, timeoutMs = 30_000): Promise<string | undefined> {
  const dir = process.env[HOST_ENV.screenshotRequests];
  if (!dir) return undefined;
  const answer = path.join(dir, `${request.name}.done.json`);
  fs.rmSync(answer, { force: true });
  fs.writeFileSync(path.join(dir, `${request.name}.tmp`), JSON.stringify(request));
  fs.renameSync(path.join(dir, `${request.name}.tmp`), path.join(dir, `${request.name}.request.json`));
  await waitForFile(answer, timeoutMs);
  const result = JSON.parse(fs.readFileSync(answer, 'utf8')) as ScreenshotAnswer;
  if (result.error) throw new Error(`screenshot "${request.name}" failed: ${result.error}`);
  return result.file;
}
