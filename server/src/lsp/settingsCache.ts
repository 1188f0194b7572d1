import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigResolver } from '../config';
import { mergeSettings, type EffectiveSettings, type TrustState } from './settings';

export interface SettingsSource {
  /** The client's `dockerfilePatchHygiene` section for a resource (undefined when the client has no configuration support). */
  clientSettings(uri: string): Promise<unknown>;
  /** Workspace folder paths, so the config-file search stops at the folder. */
  folders(): string[];
  trust(): TrustState;
}

/**
 * Settings per document URI, cached as promises (concurrent handlers share one request) and
 * cleared as a whole when settings, trust or a config file change.
 */
export class SettingsCache {
  private readonly byUri = new Map<string, Promise<EffectiveSettings>>();
  private readonly resolvers = new Map<string, ConfigResolver>();
  /**
   * The client's section per workspace folder: resource-scoped settings differ by folder, not by
   * file, so a newly opened document costs no workspace/configuration round trip of its own.
   */
  private readonly rawByFolder = new Map<string, Promise<unknown>>();

  constructor(private readonly source: SettingsSource) {}

  get(uri: string): Promise<EffectiveSettings> {
    let found = this.byUri.get(uri);
    if (!found) {
      found = this.read(uri);
      this.byUri.set(uri, found);
      // A failed read must not stick: the next request asks again.
      found.catch(() => this.byUri.delete(uri));
    }
    return found;
  }

  clear(): void {
    this.byUri.clear();
    this.resolvers.clear();
    this.rawByFolder.clear();
  }

  /** A closed document's settings: read again if it opens again, so the cache holds open documents only. */
  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  private async read(uri: string): Promise<EffectiveSettings> {
    const [raw, file] = await Promise.all([this.clientSettings(uri), this.configFile(uri)]);
    return mergeSettings(raw, file, this.source.trust());
  }

  private clientSettings(uri: string): Promise<unknown> {
    const file = filePath(uri);
    const folder = file && this.source.folders().find((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
    // Outside every folder (or not a file) there is no folder's settings.json: the same answer for all.
    const key = folder ?? '';
    let raw = this.rawByFolder.get(key);
    if (!raw) {
      raw = this.source.clientSettings(uri);
      this.rawByFolder.set(key, raw);
      raw.catch(() => this.rawByFolder.delete(key));
    }
    return raw;
  }

  private async configFile(uri: string) {
    const file = filePath(uri);
    if (!file) return { config: { rules: {}, registries: {} } };
    const folder = this.source.folders().find((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
    let resolver = this.resolvers.get(folder ?? '');
    if (!resolver) {
      resolver = new ConfigResolver(folder);
      this.resolvers.set(folder ?? '', resolver);
    }
    try {
      return await resolver.forDirectory(path.dirname(file));
    } catch (err) {
      return { error: (err as Error).message };
    }
  }
}

/** The file system path of a `file:` URI; other schemes (untitled, remote) have no config file. */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
