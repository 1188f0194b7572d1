import * as path from 'node:path';
import { createRegistryClient, type RegistryClient } from '../registry';
import type { EffectiveSettings } from './settings';

/**
 * One registry client per distinct registry configuration (endpoints, offline, TTL, trust), so
 * documents under different `.dockerfile-hygiene.json` files never share endpoints, while documents
 * with the same configuration share the cache, tokens and in-flight requests.
 */
export class RegistryClients {
  private readonly clients = new Map<string, RegistryClient>();

  constructor(private readonly options: { storagePath?: string; log: (line: string, verbose: boolean) => void }) {}

  for(settings: EffectiveSettings): RegistryClient {
    const key = JSON.stringify([settings.registries, settings.offline, settings.cacheTtlSeconds, settings.trusted]);
    let client = this.clients.get(key);
    if (!client) {
      client = createRegistryClient({
        registries: settings.registries,
        offline: settings.offline,
        cacheTtlMs: settings.cacheTtlSeconds * 1000,
        cacheDir: this.options.storagePath ? path.join(this.options.storagePath, 'registry-cache') : undefined,
        // Restricted Mode: nothing the repository controls may start a process.
        credentialHelpers: settings.trusted,
        log: (line) => this.options.log(line, settings.verbose),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  async closeAll(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(all.map((c) => c.close()));
  }
}
