import { runMochaInHost } from '../host/runMochaInHost';

/** Entry point for @vscode/test-electron (extensionTestsPath) and the code-server runner extension. */
export function run(): Promise<void> {
  return runMochaInHost(__dirname);
}
