import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer, repoRoot } from './codeServerInstall';
import { processesMentioning } from './processTree';
import { failuresOf } from './results';
import { report, runInCodeServer, type CodeServerRunResult } from './runInCodeServer';

const fixture = (name: string) => path.join(repoRoot, 'test', 'vscode', name);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('code-server harness (self-test with the fixture extension)', function () {
  // The first run on a clean machine installs code-server (about 3.5 minutes).
  this.timeout(600_000);
  let installDir: string;

  before(async () => {
    installDir = path.dirname(path.dirname((await ensureCodeServer()).entry));
  });

  describe('the fixture extension installed from a .vsix, its suite with a deliberately failing test', () => {
    let run: CodeServerRunResult;

    before(async () => {
      // Packaged like the real extension is, so the .vsix install path is the one exercised.
      const vsix = path.join(repoRoot, 'test-results', 'vscode', 'harness-fixture.vsix');
      execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package',
        '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: fixture('fixture-extension'), stdio: 'ignore' });
      run = await runInCodeServer({
        extensions: [vsix],
        workspace: fixture('fixture-workspace'),
        suite: path.join(repoRoot, 'build', 'test', 'vscode', 'fixture-suite', 'index.js'),
        outDir: path.join(repoRoot, 'test-results', 'vscode', 'harness-selftest'),
        env: { DPH_FIXTURE_EXPECT_FAILURE: '1' },
        timeoutMs: 120_000,
      });
    });

    it('reports every test from inside a real VS Code extension host', () => {
      assert.match(run.results.vscodeVersion, /^1\.\d+\.\d+$/);
      assert.deepEqual(run.results.tests.map((t) => t.state), ['passed', 'passed', 'failed']);
      assert.match(failuresOf(run.results)[0].error?.message ?? '', /deliberate failure/);
    });

    it('writes the PNG screenshots the suite asked for, after their selectors appeared', () => {
      const names = run.screenshots.map((s) => path.basename(s));
      assert.deepEqual(names, ['diagnostics.png', 'hover.png', 'quick-fix-menu.png', 'final.png']);
      for (const file of run.screenshots) assert.deepEqual(fs.readFileSync(file).subarray(0, 8), PNG_MAGIC, file);
    });

    it('exits non-zero with the failed test listed', () => {
      const errors: string[] = [];
      const { log, error } = console;
      console.log = () => undefined;
      console.error = (...args: unknown[]) => errors.push(args.join(' '));
      try {
        assert.equal(report(run), 1);
      } finally {
        Object.assign(console, { log, error });
      }
      assert.match(errors.join('\n'), /✗ .*reports a failure when the harness self-test asks for one/);
    });

    it('leaves no code-server, extension host or Chromium process behind', () => {
      assert.deepEqual(processesMentioning(installDir), []);
      assert.deepEqual(processesMentioning('playwright_chromiumdev_profile'), []);
    });
  });

  it('reports a suite that cannot load as a failure instead of waiting for the timeout', async () => {
    const missing = path.join(repoRoot, 'build', 'test', 'vscode', 'no-such-suite', 'index.js');
    const run = await runInCodeServer({
      extensions: [],
      workspace: fixture('fixture-workspace'),
      suite: missing,
      outDir: path.join(repoRoot, 'test-results', 'vscode', 'harness-selftest-missing-suite'),
      timeoutMs: 120_000,
    });
    assert.equal(run.results.stats.failures, 1);
    assert.match(run.results.tests[0].fullTitle, /no-such-suite/);
    assert.match(run.results.tests[0].error?.message ?? '', /Cannot find module/);
  });

  it('fails a run without results at its timeout, with the logs in the message and nothing left running', async () => {
    await assert.rejects(
      runInCodeServer({
        extensions: [],
        workspace: fixture('fixture-workspace'),
        suite: path.join(repoRoot, 'build', 'test', 'vscode', 'fixture-suite', 'index.js'),
        outDir: path.join(repoRoot, 'test-results', 'vscode', 'harness-selftest-timeout'),
        timeoutMs: 2_000,
      }),
      (err: Error) => /timed out after 2000 ms/.test(err.message) && /--- code-server\.log \(tail\) ---/.test(err.message),
    );
    assert.deepEqual(processesMentioning(installDir), []);
  });
});
