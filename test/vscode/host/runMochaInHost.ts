import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { HOST_ENV, type SuiteResults, type TestOutcome } from '../results';

/**
 * Runs every *.test.js in testsDir with mocha inside the extension host (the
 * @vscode/test-electron `run()` convention), writes the results JSON named by
 * DPH_VSCODE_RESULTS when set, and rejects when a test failed.
 */
export function runMochaInHost(testsDir: string, timeoutMs = 60_000): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: timeoutMs });
  for (const file of fs.readdirSync(testsDir).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(testsDir, file));
  }
  const tests: TestOutcome[] = [];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      writeResults({
        vscodeVersion: vscode.version,
        stats: {
          passes: tests.filter((t) => t.state === 'passed').length,
          failures: tests.filter((t) => t.state === 'failed').length,
          pending: tests.filter((t) => t.state === 'pending').length,
          durationMs: Date.now() - started,
        },
        tests,
      });
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => tests.push({ fullTitle: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 }));
    runner.on('pending', (t) => tests.push({ fullTitle: t.fullTitle(), state: 'pending', durationMs: 0 }));
    // 'fail' also fires for hooks, so a broken before() is reported rather than silently skipping tests.
    runner.on('fail', (t, err: Error) =>
      tests.push({
        fullTitle: t.fullTitle(),
        state: 'failed',
        durationMs: t.duration ?? 0,
        error: { message: String(err?.message ?? err), stack: err?.stack },
      }),
    );
  });
}

function writeResults(results: SuiteResults): void {
  const file = process.env[HOST_ENV.results];
  if (!file) return;
  // Written then renamed, so a harness polling for the file never reads half of it.
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}
