import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ConfigError } from './configError';
import { HADOLINT_FILE_NAMES, mergeHadolint, parseHadolintConfig } from './hadolintConfig';
import { parseConfigText } from './parseConfig';
import { CONFIG_FILE_NAME, emptyConfig, type HygieneConfig } from './types';

/** Reads and validates one configuration file; an unreadable file is a ConfigError too. */
export async function loadConfigFile(file: string): Promise<HygieneConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the file does not exist' : code === 'EISDIR' ? 'it is a directory' : `it cannot be read (${code ?? String(err)})`;
    throw new ConfigError(`${file}: cannot use this configuration file: ${why}.`, file);
  }
  return parseConfigText(text, file);
}

/**
 * The nearest `.dockerfile-hygiene.json` in `dir` or one of its parents, stopping after `stopAt`
 * (a workspace folder) when given; undefined when there is none.
 */
export async function findConfigFile(dir: string, stopAt?: string): Promise<string | undefined> {
  let current = path.resolve(dir);
  const last = stopAt ? path.resolve(stopAt) : undefined;
  for (;;) {
    const candidate = path.join(current, CONFIG_FILE_NAME);
    if (await isFile(candidate)) return candidate;
    const parent = path.dirname(current);
    if (current === last || parent === current) return undefined;
    current = parent;
  }
}

/** A `.hadolint.yaml` (or `.yml`), read for the policy it shares with us. */
async function hadolintConfig(file: string | undefined): Promise<{ file: string; config: Partial<HygieneConfig> } | undefined> {
  if (!file) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)}).`, file);
  }
  return { file, config: parseHadolintConfig(text, file) };
}

/**
 * Finds and loads the configuration that applies to files in a directory, caching per directory
 * and per file so a tree of Dockerfiles reads each configuration once.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, Promise<{ file?: string; config: HygieneConfig }>>();
  private readonly byFile = new Map<string, Promise<HygieneConfig>>();
  /** The nearest file of a kind for each directory asked about: a tree of Dockerfiles shares its ancestors. */
  private readonly nearest = new Map<string, Promise<string | undefined>>();

  constructor(private readonly stopAt?: string) {}

  /** findConfigFile, with each directory's answer reused by every directory below it. */
  private nearestFile(dir: string, names: readonly string[]): Promise<string | undefined> {
    const key = `${names.join('|')}\0${dir}`;
    let found = this.nearest.get(key);
    if (!found) {
      found = (async () => {
        for (const name of names) {
          const candidate = path.join(dir, name);
          if (await isFile(candidate)) return candidate;
        }
        const parent = path.dirname(dir);
        const last = this.stopAt ? path.resolve(this.stopAt) : undefined;
        return dir === last || parent === dir ? undefined : this.nearestFile(parent, names);
      })();
      this.nearest.set(key, found);
    }
    return found;
  }

  /** The configuration for a Dockerfile in `dir`, and the file it came from (none: defaults). */
  forDirectory(dir: string): Promise<{ file?: string; config: HygieneConfig }> {
    const key = path.resolve(dir);
    let found = this.byDir.get(key);
    if (!found) {
      found = (async () => {
        const file = await this.nearestFile(key, [CONFIG_FILE_NAME]);
        const ours = file ? await this.load(file) : emptyConfig();
        const theirs = await hadolintConfig(await this.nearestFile(key, HADOLINT_FILE_NAMES));
        return { file: file ?? theirs?.file, config: theirs ? mergeHadolint(ours, theirs.config) : ours };
      })();
      this.byDir.set(key, found);
    }
    return found;
  }

  load(file: string): Promise<HygieneConfig> {
    const key = path.resolve(file);
    let config = this.byFile.get(key);
    if (!config) {
      config = loadConfigFile(file);
      this.byFile.set(key, config);
    }
    return config;
  }
}

/**
 * Synchronous: a stat of a file that is not there is a few microseconds, while the promise form
 * goes through the thread pool and builds an error for every miss, and misses are the common
 * answer (a CLI run over 1,500 directories spent a tenth of its time here).
 */
async function isFile(file: string): Promise<boolean> {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}
