import { parentPort } from 'node:worker_threads';
import { analyzeModel } from '../core/analyze';
import { parseDockerfile, type DockerfileModel } from '../core/dockerfile';
import type { ImageFacts } from '../core/types';
import { factTableKey, type FromWorker, type SlimModel, type ToWorker } from './workerProtocol';

const models = new Map<number, DockerfileModel>();

function handle(message: ToWorker): FromWorker {
  if (message.type === 'parse') {
    return {
      type: 'parsed',
      models: message.ids.map((id, k) => {
        const model = parseDockerfile(message.texts[k]);
        models.set(id, model);
        return slim(model);
      }),
    };
  }
  return {
    type: 'analyzed',
    findings: message.jobs.map(({ id, options }) => {
      const model = models.get(id);
      if (!model) throw new Error(`file ${id} was not parsed by this worker`);
      const table = options.facts && new Map<string, ImageFacts>(options.facts);
      return analyzeModel(model, {
        ...options,
        facts: table && { image: (ref, platform) => table.get(factTableKey(ref, platform)) },
      });
    }),
  };
}

function slim(model: DockerfileModel): SlimModel {
  const stages = model.stages.map(({ instructions: _i, commands: _c, ...rest }) => rest);
  const { text: _t, stages: _s, preamble: _p, finalStage, ...rest } = model;
  return { ...rest, stages, finalStage: finalStage && stages[finalStage.index] };
}

parentPort?.on('message', (message: ToWorker) => {
  let reply: FromWorker;
  try {
    reply = handle(message);
  } catch (err) {
    reply = { type: 'error', stack: (err as Error)?.stack ?? String(err) };
  }
  parentPort!.postMessage(reply);
});
