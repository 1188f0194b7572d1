/** What one in-host mocha run reports; written by host/runMochaInHost, read by the harnesses. */
export interface SuiteResults {
  vscodeVersion: string;
  stats: { passes: number; failures: number; pending: number; durationMs: number };
  tests: TestOutcome[];
}

export interface TestOutcome {
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: { message: string; stack?: string };
}

/** Environment variables the harnesses set for the extension host. */
export const HOST_ENV = {
  /** Absolute path of the results JSON the suite writes when it finishes. */
  results: 'DPH_VSCODE_RESULTS',
  /** Folder where the suite drops screenshot requests; unset when no harness takes screenshots. */
  screenshotRequests: 'DPH_VSCODE_SCREENSHOT_REQUESTS',
  /** Compiled suite entry (exports run()) that the runner extension loads. */
  suite: 'DPH_VSCODE_SUITE',
} as const;

export function failuresOf(results: SuiteResults): TestOutcome[] {
  return results.tests.filter((t) => t.state === 'failed');
}

export function describeFailures(results: SuiteResults): string {
  return failuresOf(results)
    .map((t) => `  ✗ ${t.fullTitle}\n      ${(t.error?.stack ?? t.error?.message ?? '').split('\n').join('\n      ')}`)
    .join('\n');
}
