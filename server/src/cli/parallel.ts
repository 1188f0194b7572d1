import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { analyzeModel, sortFindings, type AnalyzeOptions } from '../core/analyze';
import { parseOrFail } from '../core/analysisFailed';
import type { DockerfileModel } from '../core/dockerfile';
import type { Finding } from '../core/types';
import { completeLazily, slim } from './slimModel';
import type { FromWorker, ToWorker, WorkerAnalyzeOptions } from './workerProtocol';

/** Below this many files, starting workers costs more than it saves. */
export const PARALLEL_THRESHOLD = 64;
const CHUNK = 32;

/** The first pass over a batch of files: models, and the findings of the rules that read no registry facts. */
export interface OfflineBatch {
  /** Models whose instructions and commands are re-parsed only if something reads them. */
  models: DockerfileModel[];
  offline: Finding[][];
}

/**
 * The first pass of a run, batch by batch: parses and runs the offline rules on a worker_threads
 * pool when the run has more than PARALLEL_THRESHOLD files, else on this thread. The pool starts
 * with the first batch and serves every batch of the run: starting one per batch cost more than
 * it saved. The registry rules need facts gathered from the models' FROMs, so they run afterwards
 * (`analyzeWithFacts`). `DPH_WORKERS` caps the pool (1: no workers), for CI runners with a CPU
 * quota smaller than the cores they report, and for measuring what the pool gains. Close it.
 */
export class OfflineAnalyzer {
  private pool: Pool | undefined;
  private readonly script = path.join(__dirname, 'analyzeWorker.js');
  private readonly parallel: boolean;

  constructor(private readonly runFiles: number, private readonly workers = defaultWorkers()) {
    this.parallel = runFiles > PARALLEL_THRESHOLD && workers >= 2 && existsSync(this.script);
  }

  /** `options[i]` applies to file i. */
  async analyze(texts: string[], options: WorkerAnalyzeOptions[]): Promise<OfflineBatch> {
    if (!this.parallel) return analyzeHere(texts, options);
    const pool = (this.pool ??= new Pool(this.script, Math.min(this.workers, Math.ceil(this.runFiles / CHUNK))));
    const models: DockerfileModel[] = new Array(texts.length);
    const offline: Finding[][] = new Array(texts.length);
    // A batch holds BATCH files: chunks small enough that every worker of a big pool gets some.
    const chunk = Math.max(1, Math.min(CHUNK, Math.ceil(texts.length / pool.workers.length)));
    await pool.each(chunked(texts.map((_, i) => i), chunk), async (worker, ids) => {
      const reply = await pool.ask(worker, { type: 'analyze', texts: ids.map((i) => texts[i]), options: ids.map((i) => options[i]) });
      if (reply.type !== 'analyzed') throw new Error(`analysis worker answered ${reply.type}`);
      ids.forEach((id, k) => {
        models[id] = completeLazily(reply.models[k], texts[id]);
        offline[id] = reply.findings[k];
      });
    });
    return { models, offline };
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }
}

/** The second pass: the rules that read registry facts, merged with the first pass's findings. */
export function analyzeWithFacts(batch: OfflineBatch, i: number, options: AnalyzeOptions): Finding[] {
  return sortFindings([...batch.offline[i], ...analyzeModel(batch.models[i], { ...options, only: 'facts' })]);
}

/**
 * The pool only where it can pay for itself: on two cores it measured 0.94-0.98x the throughput of
 * one thread (npm run bench, real and generated corpus, 2026-12-02) and 1.6x the peak memory (240
 * vs 147 MB). Four cores and more keep the pool, unmeasured here; `DPH_WORKERS` decides when set.
 */
const POOL_MIN_CORES = 4;

function defaultWorkers(): number {
  const cap = Number.parseInt(process.env.DPH_WORKERS ?? '', 10);
  const cores = os.availableParallelism();
  if (cap > 0) return Math.min(cap, cores);
  return cores >= POOL_MIN_CORES ? cores : 1;
}

function analyzeHere(texts: string[], options: WorkerAnalyzeOptions[]): OfflineBatch {
  const models: DockerfileModel[] = [];
  const offline: Finding[][] = [];
  texts.forEach((text, i) => {
    const { model, failure } = parseOrFail(text);
    const findings = analyzeModel(model, { ...options[i], only: 'offline' });
    offline.push(failure ? [failure, ...findings] : findings);
    models.push(completeLazily(slim(model), text));
  });
  return { models, offline };
}

function chunked(ids: number[], size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
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
