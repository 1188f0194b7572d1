import * as path from 'node:path';
import type { DockerfileModel } from '../core/dockerfile';
import type { Finding, RegistryFacts } from '../core/types';
import { ConfigError, ConfigResolver, type HygieneConfig } from '../config';
import type { CliIo } from './io';
import { loadInput, resolveInputs, type LoadedFile } from './inputs';
import { analyzeOffline, analyzeWithFacts } from './parallel';
import type { CommonOptions } from './options';
import { RegistrySession, defaultCacheDir } from './registrySession';
import { InputError } from './usageError';

export interface AnalyzedFile {
  file: LoadedFile;
  model: DockerfileModel;
  config: HygieneConfig;
  facts?: RegistryFacts;
  findings: Finding[];
}

export interface AnalyzedRun {
  files: AnalyzedFile[];
  /** Paths that could not be read: each is one line on stderr and makes the exit status 2. */
  unreadable: string[];
  session: RegistrySession;
}

/**
 * The part `check` and `fix` share: find the files, load their configuration, ask the registry
 * about every base image once, and analyze. Throws InputError for a bad configuration file.
 * The caller closes `session`.
 */
export async function analyzeFiles(options: CommonOptions, io: CliIo): Promise<AnalyzedRun> {
  const { files: inputs, problems: unreadable } = await resolveInputs(options.paths, io, options.stdinFilename);
  const resolver = new ConfigResolver();
  const explicit = options.config ? path.resolve(io.cwd, options.config) : undefined;
  // Files load concurrently (a bounded number at a time): one by one, the run waited on the disk
  // for a third of its time.
  const loadedOrFailed = await mapLimit(inputs, 32, async (input) => {
    const config = await configFor(resolver, explicit, input.configDir);
    try {
      return { file: await loadInput(input, io), config, error: undefined };
    } catch (err) {
      return { file: undefined, config, error: (err as Error).message };
    }
  });
  const pending: Array<{ file: LoadedFile; config: HygieneConfig }> = [];
  for (const { file, config, error } of loadedOrFailed) {
    if (file) pending.push({ file, config });
    else unreadable.push(error ?? 'unreadable');
  }
  const batch = await analyzeOffline(
    pending.map((p) => p.file.text),
    pending.map((p) => ({ now: options.now, rules: p.config.rules, path: p.file.display, allowedRegistries: p.config.allowedRegistries, eolSoonDays: p.config.eolSoonDays, minimalTargets: p.config.minimalTargets })),
  );
  const loaded: Array<{ file: LoadedFile; model: DockerfileModel; config: HygieneConfig }> = pending.map((p, i) => ({ ...p, model: batch.models[i] }));
  const session = new RegistrySession({
    offline: options.offline,
    cacheDir: options.noCache ? undefined : options.cacheDir ? path.resolve(io.cwd, options.cacheDir) : defaultCacheDir(io.env),
    env: io.env,
    log: options.verbose ? (line) => io.stderr.write(`registry: ${line}\n`) : undefined,
  });
  try {
    const facts = new Map<string, RegistryFacts | undefined>();
    for (const [key, group] of groupBy(loaded, (l) => JSON.stringify(l.config.registries))) {
      facts.set(key, await session.factsFor(group.map((l) => l.model), group[0].config.registries));
    }
    const files = loaded.map((l, i) => {
      const known = facts.get(JSON.stringify(l.config.registries));
      return { ...l, facts: known, findings: analyzeWithFacts(batch, i, { now: options.now, rules: l.config.rules, facts: known, path: l.file.display, allowedRegistries: l.config.allowedRegistries, eolSoonDays: l.config.eolSoonDays, minimalTargets: l.config.minimalTargets }) };
    });
    return { files, unreadable, session };
  } catch (err) {
    await session.close();
    throw err;
  }
}

async function configFor(resolver: ConfigResolver, explicit: string | undefined, dir: string): Promise<HygieneConfig> {
  try {
    return explicit ? await resolver.load(explicit) : (await resolver.forDirectory(dir)).config;
  } catch (err) {
    if (err instanceof ConfigError) throw new InputError(err.message);
    throw err;
  }
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/** `map` with at most `limit` calls in flight, results in input order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
