import * as path from 'node:path';
import type { DockerfileModel } from '../core/dockerfile';
import type { Finding, RegistryFacts } from '../core/types';
import { ConfigError, ConfigResolver, type HygieneConfig } from '../config';
import type { CliIo } from './io';
import { loadInput, resolveInputs, type InputFile, type LoadedFile } from './inputs';
import { OfflineAnalyzer, analyzeWithFacts } from './parallel';
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

export interface AnalysisRun {
  /** Whether one of the inputs is stdin, known before any file is analysed. */
  stdin: boolean;
  /** Paths that could not be read: each is one line on stderr and makes the exit status 2. Complete once `forEach` has returned. */
  unreadable: string[];
  session: RegistrySession;
  /**
   * Analyses the files a batch at a time and hands each to `each`, in input order; resolves with
   * the number of files analysed. A batch's texts and models are let go before the next batch is
   * read, so the run's memory follows the batch, not the corpus.
   */
  forEach(each: (file: AnalyzedFile) => Promise<void>): Promise<number>;
}

/**
 * Files per batch: enough that the registry is asked about many FROMs at once and a worker pool
 * has work for every worker (parallel.ts cuts a batch into as many chunks as it has workers),
 * few enough that a batch's syntax trees stay small.
 */
export const BATCH = 256;

/**
 * The part `check` and `fix` share: find the files and their configuration, then (in `forEach`)
 * read, analyze and ask the registry about every base image once. Every configuration is loaded
 * here, before any file is analysed, so a bad one (InputError) stops the run before `fix` has
 * written anything. The caller closes `session`.
 */
export async function startAnalysis(options: CommonOptions, io: CliIo): Promise<AnalysisRun> {
  const { files: inputs, problems: unreadable } = await resolveInputs(options.paths, io, options.stdinFilename);
  const resolver = new ConfigResolver();
  const explicit = options.config ? path.resolve(io.cwd, options.config) : undefined;
  const configs: HygieneConfig[] = [];
  for (const input of inputs) configs.push(await configFor(resolver, explicit, input.configDir));
  const session = new RegistrySession({
    offline: options.offline,
    cacheDir: options.noCache ? undefined : options.cacheDir ? path.resolve(io.cwd, options.cacheDir) : defaultCacheDir(io.env),
    env: io.env,
    log: options.verbose ? (line) => io.stderr.write(`registry: ${line}\n`) : undefined,
  });
  const forEach = async (each: (file: AnalyzedFile) => Promise<void>): Promise<number> => {
    let analyzed = 0;
    const analyzer = new OfflineAnalyzer(inputs.length);
    try {
      for (let start = 0; start < inputs.length; start += BATCH) {
        const batch = await analyzeBatch(inputs.slice(start, start + BATCH), configs.slice(start, start + BATCH), { options, io, session, analyzer, unreadable });
        for (const file of batch) await each(file);
        analyzed += batch.length;
      }
    } finally {
      await analyzer.close();
    }
    return analyzed;
  };
  return { stdin: inputs.some((i) => i.stdin), unreadable, session, forEach };
}

interface BatchContext {
  options: CommonOptions;
  io: CliIo;
  session: RegistrySession;
  analyzer: OfflineAnalyzer;
  /** Where files that cannot be read are listed. */
  unreadable: string[];
}

async function analyzeBatch(inputs: InputFile[], configs: HygieneConfig[], { options, io, session, analyzer, unreadable }: BatchContext): Promise<AnalyzedFile[]> {
  const pending: Array<{ file: LoadedFile; config: HygieneConfig }> = [];
  for (let i = 0; i < inputs.length; i++) {
    try {
      pending.push({ file: await loadInput(inputs[i], io), config: configs[i] });
    } catch (err) {
      unreadable.push((err as Error).message);
    }
  }
  const analysisOptions = (p: { file: LoadedFile; config: HygieneConfig }) => ({ now: options.now, rules: p.config.rules, path: p.file.display, allowedRegistries: p.config.allowedRegistries, eolSoonDays: p.config.eolSoonDays, minimalTargets: p.config.minimalTargets });
  const batch = await analyzer.analyze(pending.map((p) => p.file.text), pending.map(analysisOptions));
  const loaded = pending.map((p, i) => ({ ...p, model: batch.models[i] }));
  const facts = new Map<string, RegistryFacts | undefined>();
  for (const [key, group] of groupBy(loaded, (l) => JSON.stringify(l.config.registries))) {
    facts.set(key, await session.factsFor(group.map((l) => l.model), group[0].config.registries));
  }
  return loaded.map((l, i) => {
    const known = facts.get(JSON.stringify(l.config.registries));
    return { ...l, facts: known, findings: analyzeWithFacts(batch, i, { ...analysisOptions(l), facts: known }) };
  });
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
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
