import { runMochaInHost } from '../../vscode/host/runMochaInHost';

/** In-host entry for the activation benchmark: one test that activates the extension and records its timings. */
export function run(): Promise<void> {
  return runMochaInHost(__dirname);
}
