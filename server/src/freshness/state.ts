import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../cli/atomicWrite';

export const STATE_FILE = 'freshness-state.json';

/** What the watch remembers about one tag between checks (and editor restarts). */
export interface TagMemory {
  /** The digest the tag pointed to at the last successful check. */
  digest: string;
  checkedAt: string;
  /** The digest the user was last told about: a move notifies once. */
  notifiedDigest?: string;
}

export interface FreshnessState {
  tags: Record<string, TagMemory>;
}

/** Tags no file has used for this long are forgotten, so the file does not grow forever. */
const FORGET_AFTER_MS = 90 * 24 * 3600_000;

/** The state in `dir`; empty when the file is missing or unreadable (a torn write, a hand edit). */
export async function loadState(dir: string): Promise<FreshnessState> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dir, STATE_FILE), 'utf8')) as Partial<FreshnessState>;
    const tags: Record<string, TagMemory> = {};
    for (const [key, value] of Object.entries(parsed?.tags ?? {})) {
      if (typeof value?.digest === 'string' && typeof value.checkedAt === 'string') tags[key] = value;
    }
    return { tags };
  } catch {
    return { tags: {} };
  }
}

/** Writes the state so that a reader (another window's server) sees the old file or the new one. */
export async function saveState(dir: string, state: FreshnessState, now: Date): Promise<void> {
  const tags: Record<string, TagMemory> = {};
  for (const [key, value] of Object.entries(state.tags)) {
    if (now.getTime() - Date.parse(value.checkedAt) < FORGET_AFTER_MS) tags[key] = value;
  }
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, STATE_FILE);
  await writeFile(file, '', { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  await writeFileAtomic(file, `${JSON.stringify({ tags }, null, 1)}\n`);
}
