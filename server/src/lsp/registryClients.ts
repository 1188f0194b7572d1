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
  private readonly retired = new Map<string, RegistryClient>();
  /** `trace.server: verbose` is read at each log line, so turning it on needs no new client. */
  private readonly verbose = new Map<string, boolean>();

  constructor(private readonly options: { storagePath?: string; log: (line: string, verbose: boolean) => void }) {}

  for(settings: EffectiveSettings): RegistryClient {
    const key = JSON.stringify([settings.registries, settings.offline, settings.cacheTtlSeconds, settings.trusted]);
    this.verbose.set(key, settings.verbose);
    let client = this.clients.get(key) ?? this.retired.get(key);
    this.retired.delete(key);
    if (client) this.clients.set(key, client);
    if (!client) {
      client = createRegistryClient({
        registries: settings.registries,
        offline: settings.offline,
        cacheTtlMs: settings.cacheTtlSeconds * 1000,
        cacheDir: this.options.storagePath ? path.join(this.options.storagePath, 'registry-cache') : undefined,
        // Restricted Mode: nothing the repository controls may start a process.
        credentialHelpers: settings.trusted,
        log: (line) => this.options.log(line, this.verbose.get(key) === true),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * After a settings or trust change: clients that the new settings ask for again are kept (with
   * their cache and tokens); the others are closed once their requests in flight have had time to end.
   */
  retire(graceMs = 60_000): void {
    for (const [key, client] of this.clients) this.retired.set(key, client);
    this.clients.clear();
    const batch = new Map(this.retired);
    setTimeout(() => {
      for (const [key, client] of batch) {
        if (this.retired.get(key) !== client) continue;
        this.retired.delete(key);
        void client.close().catch(() => undefined);
      }
    }, graceMs).unref();
  }

  async closeAll(): Promise<void> {
    for (const [key, client] of this.retired) this.clients.set(key, client);
    this.retired.clear();
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(all.map((c) => c.close()));
  }
}
