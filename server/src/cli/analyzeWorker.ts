import { parentPort } from 'node:worker_threads';
import { analyzeModel } from '../core/analyze';
import { parseOrFail } from '../core/analysisFailed';
import { slim } from './slimModel';
import type { FromWorker, ToWorker } from './workerProtocol';

/** Parses and runs the offline rules; the registry rules run on the main thread once facts are in. */
function handle(message: ToWorker): FromWorker {
  const models = [];
  const findings = [];
  for (let i = 0; i < message.texts.length; i++) {
    const { model, failure } = parseOrFail(message.texts[i]);
    const offline = analyzeModel(model, { ...message.options[i], only: 'offline' });
    findings.push(failure ? [failure, ...offline] : offline);
    models.push(slim(model));
  }
  return { type: 'analyzed', models, findings };
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
