import type { Instruction } from '../dockerfile';
import type { Runtime } from './runtime';

/** A file or folder the runtime stage takes from the builder: `COPY --from=build <path> <path>`. */
export interface ArtifactCopy {
  source: string;
  dest: string;
}

/** How one ecosystem splits a build: what the runtime runs on, what it copies, and what the builder gains. */
export interface BuildPlan {
  runtime: Runtime;
  copies: ArtifactCopy[];
  /** Lines put into the builder just before an instruction (a virtualenv before the first `pip install`). */
  insertBefore?: { instruction: Instruction; lines: string[] };
  /** Lines appended to the builder (pruning dev dependencies). */
  appendToBuilder?: string[];
  /** ENV lines the runtime needs for what it copies (the virtualenv on PATH). */
  runtimeEnv?: string[];
}
