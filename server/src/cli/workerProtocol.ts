import type { AnalyzeOptions } from '../core/analyze';
import type { DockerfileModel, Stage } from '../core/dockerfile';
import type { Finding } from '../core/types';

/** A model without its text (the caller has it) and without instructions and commands, which are lazy views of the syntax tree. */
export type SlimModel = Omit<DockerfileModel, 'text' | 'stages' | 'finalStage' | 'preamble'> & {
  stages: Array<Omit<Stage, 'instructions' | 'commands'>>;
  finalStage?: Omit<Stage, 'instructions' | 'commands'>;
};

/** What a worker needs to run the offline rules: no registry facts cross a thread. */
export type WorkerAnalyzeOptions = Pick<AnalyzeOptions, 'now' | 'rules' | 'path' | 'allowedRegistries' | 'eolSoonDays' | 'minimalTargets'>;

export type ToWorker = { type: 'analyze'; texts: string[]; options: WorkerAnalyzeOptions[] };

export type FromWorker =
  | { type: 'analyzed'; models: SlimModel[]; findings: Finding[][] }
  | { type: 'error'; stack: string };
