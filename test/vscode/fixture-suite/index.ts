import { runMochaInHost } from '../host/runMochaInHost';

/** The harness self-test's suite: same entry convention as suite/index.ts, run against fixture-extension. */
export function run(): Promise<void> {
  return runMochaInHost(__dirname, 30_000);
}
