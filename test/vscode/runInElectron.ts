import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests, runVSCodeCommand } from '@vscode/test-electron';
import { repoRoot } from './codeServerInstall';
import { HOST_ENV, describeFailures, type SuiteResults } from './results';
import { defaultCliOptions, parseCli, report, runInCodeServer, runnerExtension, type CliOptions } from './runInCodeServer';

const cachePath = path.join(repoRoot, '.vscode-test');

/**
 * `npm run test:vscode`: the suite in a desktop VS Code through @vscode/test-electron when one
 * can be downloaded, otherwise (no internet but the npm registry, as on CI) the same suite in
 * code-server. DPH_VSCODE_TARGET=code-server skips the download attempt.
 */
async function main(options: CliOptions): Promise<number> {
  if (process.env.DPH_VSCODE_TARGET !== 'code-server') {
    let executable: string | undefined;
    try {
      executable = await downloadAndUnzipVSCode({ cachePath, timeout: 30_000 });
    } catch (err) {
      console.warn(`No desktop VS Code could be downloaded (${(err as Error).message.split('\n')[0]}).\n` +
        'Falling back to code-server: the same suite in a real VS Code extension host, opened by Chromium.');
    }
    if (executable) return runInDesktop(executable, options);
  }
  return report(await runInCodeServer(options));
}

async function runInDesktop(executable: string, o: CliOptions): Promise<number> {
  const outDir = path.join(repoRoot, 'test-results', 'vscode', 'electron');
  fs.rmSync(outDir, { recursive: true, force: true });
  const resultsFile = path.join(outDir, 'results.json');
  const workspace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dph-electron-')), path.basename(o.workspace));
  fs.cpSync(o.workspace, workspace, { recursive: true });
  const vsixes = o.extensions.filter((e) => e.endsWith('.vsix'));
  const folders = o.extensions.filter((e) => !e.endsWith('.vsix'));
  for (const vsix of vsixes) await runVSCodeCommand(['--install-extension', path.resolve(vsix)], { cachePath });
  try {
    await runTests({
      vscodeExecutablePath: executable,
      // runTests needs one development folder; the runner extension is inert without DPH_VSCODE_SUITE.
      extensionDevelopmentPath: folders.length ? folders.map((f) => path.resolve(f)) : runnerExtension,
      extensionTestsPath: path.resolve(o.suite),
      extensionTestsEnv: { [HOST_ENV.results]: resultsFile },
      launchArgs: [workspace, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (err) {
    if (!fs.existsSync(resultsFile)) throw err;
  } finally {
    fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  }
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults;
  console.log(`VS Code ${results.vscodeVersion} (desktop): ${results.stats.passes} passing, ${results.stats.failures} failing`);
  if (results.stats.failures === 0) return 0;
  console.error(`failures:\n${describeFailures(results)}`);
  return 1;
}

if (require.main === module) {
  main(parseCli(process.argv.slice(2), defaultCliOptions))
    .then((code) => process.exit(code))
    .catch((err: Error) => {
      console.error(err.message);
      process.exit(2);
    });
}
