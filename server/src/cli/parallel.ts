import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { analyzeModel, type AnalyzeOptions } from '../core/analyze';
import { parseDockerfile, type DockerfileModel, type Stage } from '../core/dockerfile';
import { factQueries } from '../core/registryQueries';
import type { Finding, ImageFacts } from '../core/types';
import { factTableKey, type FromWorker, type SlimModel, type ToWorker, type WorkerAnalyzeOptions } from './workerProtocol';

/** Below this many files, starting workers costs more than it saves. */
export const PARALLEL_THRESHOLD = 64;
const CHUNK = 32;

/** Files parsed once, then analysed where they were parsed (in workers for a large batch). */
export interface ParsedBatch {
  models: DockerfileModel[];
  /** Findings per file, in `models` order; `options[i]` applies to file i. */
  analyze(options: AnalyzeOptions[]): Promise<Finding[][]>;
  close(): Promise<void>;
}

/**
 * Parses `texts` on a worker_threads pool when there are more than PARALLEL_THRESHOLD of them, else
 * on this thread. Each worker keeps the models it parsed for `analyze`, so only registry facts go
 * back to it. `DPH_WORKERS` caps the pool (1: no workers), for CI runners with a CPU quota smaller
 * than the cores they report, and for measuring what the pool gains.
 */
export async function parseFiles(texts: string[], workers = defaultWorkers()): Promise<ParsedBatch> {
  const script = path.join(__dirname, 'analyzeWorker.js');
  if (texts.length <= PARALLEL_THRESHOLD || workers < 2 || !existsSync(script)) return parseHere(texts);
  const pool = new Pool(script, Math.min(workers, Math.ceil(texts.length / CHUNK)));
  try {
    const owner: number[] = new Array(texts.length);
    const models: DockerfileModel[] = new Array(texts.length);
    const chunks = chunked(texts.map((_, i) => i));
    await pool.each(chunks, async (worker, ids) => {
      const reply = await pool.ask(worker, { type: 'parse', ids, texts: ids.map((i) => texts[i]) });
      if (reply.type !== 'parsed') throw new Error(`analysis worker answered ${reply.type} to parse`);
      ids.forEach((id, k) => {
        owner[id] = worker;
        models[id] = completeLazily(reply.models[k], texts[id]);
      });
    });
    return {
      models,
      async analyze(options) {
        const findings: Finding[][] = new Array(texts.length);
        await Promise.all(pool.workers.map(async (_, worker) => {
          const ids = owner.flatMap((w, id) => (w === worker ? [id] : []));
          if (ids.length === 0) return;
          const jobs = ids.map((id) => ({ id, options: transferable(models[id], options[id]) }));
          const reply = await pool.ask(worker, { type: 'analyze', jobs });
          if (reply.type !== 'analyzed') throw new Error(`analysis worker answered ${reply.type} to analyze`);
          ids.forEach((id, k) => (findings[id] = reply.findings[k]));
        }));
        return findings;
      },
      close: () => pool.close(),
    };
  } catch (err) {
    await pool.close();
    throw err;
  }
}

function defaultWorkers(): number {
  const cap = Number.parseInt(process.env.DPH_WORKERS ?? '', 10);
  return cap > 0 ? Math.min(cap, os.availableParallelism()) : os.availableParallelism();
}

function parseHere(texts: string[]): ParsedBatch {
  const models = texts.map(parseDockerfile);
  return {
    models,
    analyze: async (options) => models.map((model, i) => analyzeModel(model, options[i])),
    close: async () => undefined,
  };
}

/** The rules only ask the registry facts about the queries `factQueries` names: those answers are the table. */
function transferable(model: DockerfileModel, options: AnalyzeOptions): WorkerAnalyzeOptions {
  const { facts, ...rest } = options;
  if (!facts) return rest;
  const table: Array<[string, ImageFacts]> = [];
  for (const query of factQueries(model)) {
    const answer = facts.image(query, query.platform);
    if (answer) table.push([factTableKey(query, query.platform), answer]);
  }
  return { ...rest, facts: table };
}

/**
 * Instructions and RUN commands are most of a model's size, and cloning them back from a worker
 * costs a third of parsing; the CLI rarely reads them on this thread, so they are re-parsed here
 * only if something does.
 */
function completeLazily(slim: SlimModel, text: string): DockerfileModel {
  let full: DockerfileModel | undefined;
  const parsed = () => (full ??= parseDockerfile(text));
  const model = { ...slim, text } as DockerfileModel;
  Object.defineProperty(model, 'preamble', { enumerable: true, get: () => parsed().preamble });
  model.stages.forEach((stage: Stage, i) => {
    Object.defineProperty(stage, 'instructions', { enumerable: true, get: () => parsed().stages[i].instructions });
    Object.defineProperty(stage, 'commands', { enumerable: true, get: () => parsed().stages[i].commands });
  });
  return model;
}

function chunked(ids: number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(ids.slice(i, i + CHUNK));
  return out;
}

class Pool {
  readonly workers: Worker[];
  private readonly failed: Promise<never>;

  constructor(script: string, size: number) {
    this.workers = Array.from({ length: size }, () => new Worker(script));
    this.failed = new Promise<never>((_, reject) => {
      for (const w of this.workers) {
        w.on('error', reject);
        w.on('exit', (code) => code !== 0 && reject(new Error(`analysis worker exited with ${code}`)));
      }
    });
    this.failed.catch(() => undefined);
  }

  /** Hands out `items` to whichever worker is free next. */
  async each<T>(items: T[], run: (worker: number, item: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(this.workers.map(async (_, worker) => {
      while (next < items.length) await run(worker, items[next++]);
    }));
  }

  ask(worker: number, message: ToWorker): Promise<FromWorker> {
    const w = this.workers[worker];
    const reply = new Promise<FromWorker>((resolve) => w.once('message', resolve));
    w.postMessage(message);
    return Promise.race([reply, this.failed]).then((answer) => {
      if (answer.type === 'error') throw new Error(`analysis worker failed: ${answer.stack}`);
      return answer;
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
