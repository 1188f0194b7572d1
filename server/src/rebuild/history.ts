import { mkdir, open, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { HistoryRecord, PreviousRun } from './types';

export const HISTORY_FILE = 'rebuild-history.jsonl';

/**
 * Appends one record as a single O_APPEND write of one line, so concurrent runs (CLI and editor)
 * never interleave inside a line; a reader skips a line torn by a crash.
 */
export async function appendHistory(dir: string, record: HistoryRecord): Promise<void> {
  await mkdir(dir, { recursive: true });
  const line = Buffer.from(`${JSON.stringify({ ...record, dockerfile: path.resolve(record.dockerfile) })}\n`);
  const handle = await open(path.join(dir, HISTORY_FILE), 'a', 0o644);
  try {
    const { bytesWritten } = await handle.write(line, 0, line.length);
    if (bytesWritten !== line.length) throw new Error(`Short write to ${path.join(dir, HISTORY_FILE)}: the disk may be full.`);
  } finally {
    await handle.close();
  }
}

/** Records of the history in `dir`, oldest first; only those of `dockerfile` when given. */
export async function readHistory(dir: string, dockerfile?: string): Promise<HistoryRecord[]> {
  let text: string;
  try {
    text = await readFile(path.join(dir, HISTORY_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const wanted = dockerfile ? path.resolve(dockerfile) : undefined;
  const records: HistoryRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as HistoryRecord;
      if (!wanted || record.dockerfile === wanted) records.push(record);
    } catch {
      // a torn last line after a crash; the rest of the history is still good
    }
  }
  return records;
}

/** The latest earlier run of `dockerfile` that built an image: what "before" means in a comparison. */
export async function previousRun(dir: string, dockerfile: string): Promise<PreviousRun | undefined> {
  const records = await readHistory(dir, dockerfile);
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (!r.imageId) continue;
    return { time: r.time, outcome: r.outcome, imageId: r.imageId, imageSize: r.imageSize, baseImage: r.baseImage, baseDigest: r.baseDigest };
  }
  return undefined;
}
