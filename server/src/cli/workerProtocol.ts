import type { AnalyzeOptions } from '../core/analyze';
import type { DockerfileModel, Stage } from '../core/dockerfile';
import type { Finding, ImageFacts, RegistryFacts } from '../core/types';

/** A model without its text (the caller has it) and without instructions and commands, which are lazy views of the syntax tree. */
export type SlimModel = Omit<DockerfileModel, 'text' | 'stages' | 'finalStage' | 'preamble'> & {
  stages: Array<Omit<Stage, 'instructions' | 'commands'>>;
  finalStage?: Omit<Stage, 'instructions' | 'commands'>;
};

/** Analysis options with registry facts as a table: a lookup function cannot cross a thread. */
export type WorkerAnalyzeOptions = Omit<AnalyzeOptions, 'facts'> & { facts?: Array<[string, ImageFacts]> };

export type ToWorker =
  | { type: 'parse'; ids: number[]; texts: string[] }
  | { type: 'analyze'; jobs: Array<{ id: number; options: WorkerAnalyzeOptions }> };

export type FromWorker =
  | { type: 'parsed'; models: SlimModel[] }
  | { type: 'analyzed'; findings: Finding[][] }
  | { type: 'error'; stack: string };

export function factTableKey(ref: Parameters<RegistryFacts['image']>[0], platform: string | undefined): string {
  return JSON.stringify([ref.registry, ref.repository, ref.tag ?? null, ref.digest ?? null, platform ?? null]);
}
