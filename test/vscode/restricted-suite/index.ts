import { runMochaInHost } from '../host/runMochaInHost';

/** Entry of the Restricted Mode run (test/vscode/extension.test.ts): the workspace is not trusted. */
export function run(): Promise<void> {
  return runMochaInHost(__dirname);
}
