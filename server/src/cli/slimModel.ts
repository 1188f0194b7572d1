import { parseDockerfile, type DockerfileModel } from '../core/dockerfile';
import type { SlimModel } from './workerProtocol';

/** The model without what holds the syntax tree: instructions, RUN commands and the preamble. */
export function slim(model: DockerfileModel): SlimModel {
  const stages = model.stages.map(({ instructions: _i, commands: _c, ...rest }) => rest);
  const { text: _t, stages: _s, preamble: _p, finalStage, ...rest } = model;
  return { ...rest, stages, finalStage: finalStage && stages[finalStage.index] };
}

/**
 * A slim model that re-parses `text` the first time something reads its instructions or commands.
 * Keeping every file's syntax tree alive until the run ends cost a quarter of the run in garbage
 * collection and twice the memory; the CLI rarely reads them again.
 */
export function completeLazily(model: SlimModel, text: string): DockerfileModel {
  let full: DockerfileModel | undefined;
  const parsed = () => (full ??= parseDockerfile(text));
  const complete = { ...model, text } as DockerfileModel;
  Object.defineProperty(complete, 'preamble', { enumerable: true, get: () => parsed().preamble });
  complete.stages.forEach((stage, i) => {
    Object.defineProperty(stage, 'instructions', { enumerable: true, get: () => parsed().stages[i].instructions });
    Object.defineProperty(stage, 'commands', { enumerable: true, get: () => parsed().stages[i].commands });
  });
  return complete;
}
