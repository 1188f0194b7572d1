import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const MEMORY_ENTRIES = 10_000;

interface Entry {
  key: string;
  /** Epoch ms; null for content-addressed entries, which never go stale. */
  expiresAt: number | null;
  value: unknown;
}

/**
 * A TTL cache in memory, backed by one JSON file per key in a directory when one is given. Files are
 * written to a temporary name and renamed, so a reader never sees half a file; a file that does not
 * parse, or holds another key, is treated as a miss. Secrets are never stored here.
 */
export class FactCache {
  private readonly memory = new Map<string, Entry>();
  private madeDir = false;

  constructor(private readonly dir: string | undefined, private readonly log: (line: string) => void) {}

  async get<T>(key: string): Promise<T | undefined> {
    const found = await this.lookup<T>(key);
    return found?.fresh ? found.value : undefined;
  }

  /** Also returns an expired entry, marked stale: enough to know a cheap HEAD may confirm it. */
  async lookup<T>(key: string): Promise<{ value: T; fresh: boolean } | undefined> {
    let entry = this.memory.get(key);
    if (!entry && this.dir) {
      entry = await this.readDisk(key);
      if (entry) this.remember(key, entry);
    }
    if (!entry) return undefined;
    const fresh = entry.expiresAt === null || entry.expiresAt > Date.now();
    return { value: entry.value as T, fresh };
  }

  /** `ttlMs` undefined stores for good (content-addressed data). */
  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    const entry: Entry = { key, expiresAt: ttlMs === undefined ? null : Date.now() + ttlMs, value };
    this.remember(key, entry);
    if (!this.dir) return;
    const file = this.fileFor(key);
    const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      if (!this.madeDir) {
        await mkdir(this.dir, { recursive: true });
        this.madeDir = true;
      }
      await writeFile(temp, JSON.stringify(entry));
      await rename(temp, file);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      this.log(`could not write the registry cache in ${this.dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }

  /** A language server runs for days: the memory side keeps the most recent entries only. */
  private remember(key: string, entry: Entry): void {
    this.memory.delete(key);
    this.memory.set(key, entry);
    if (this.memory.size > MEMORY_ENTRIES) this.memory.delete(this.memory.keys().next().value as string);
  }

  private async readDisk(key: string): Promise<Entry | undefined> {
    let text: string;
    try {
      text = await readFile(this.fileFor(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as Entry;
      if (entry && entry.key === key && (entry.expiresAt === null || typeof entry.expiresAt === 'number') && 'value' in entry) return entry;
    } catch {
      // fall through: a torn or foreign file is a miss
    }
    this.log(`ignoring a corrupt registry cache file for ${key}`);
    return undefined;
  }

  private fileFor(key: string): string {
    return join(this.dir ?? '', `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
  }
}
