import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ensureCodeServer, repoRoot } from './codeServerInstall';
import { startCodeServer, type CodeServerProcess } from './codeServerProcess';
import { installExtensions } from './installExtensions';
import { processesMentioning } from './processTree';
import { HOST_ENV, describeFailures, failuresOf, type SuiteResults } from './results';
import { ScreenshotResponder } from './screenshotResponder';
import { waitForFile } from './waitForFile';

export interface CodeServerRunOptions {
  /** Extension folders or .vsix files to install (the runner extension is added automatically). */
  extensions: string[];
  /** Folder opened as the workspace; a temp copy is opened, so the suite may edit and save freely. */
  workspace: string;
  /** Compiled suite entry exporting run(), e.g. build/test/vscode/suite/index.js. */
  suite: string;
  /** Kept after the run: results.json, screenshots/*.png, code-server.log, browser.log. */
  outDir?: string;
  /** Whole run, from starting code-server to the results file. */
  timeoutMs?: number;
  /** Extra environment for code-server and so for the extension host and its language servers. */
  env?: Record<string, string>;
  /** Extra user settings.json entries. */
  settings?: Record<string, unknown>;
  /**
   * Opens the workspace untrusted (Restricted Mode): workspace trust stays on and the folder is
   * never trusted, so extensions see `workspace.isTrusted === false`.
   */
  restrictedMode?: boolean;
}

export interface CodeServerRunResult {
  results: SuiteResults;
  screenshots: string[];
  outDir: string;
}

export const runnerExtension = path.join(repoRoot, 'test', 'vscode', 'runner-extension');

const baseSettings = {
  // Extensions that do not declare untrusted-workspace support stay disabled in an untrusted folder.
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'editor.fontSize': 16,
};

/**
 * Runs a mocha suite inside code-server's real extension host, with Debian's Chromium as the
 * client that makes the extension host start. Resolves with the results, failed tests included;
 * rejects when no results arrive (timeout, crash), with the log tails in the message.
 */
export async function runInCodeServer(o: CodeServerRunOptions): Promise<CodeServerRunResult> {
  const install = await ensureCodeServer();
  const outDir = path.resolve(o.outDir ?? path.join(repoRoot, 'test-results', 'vscode', `run-${Date.now()}`));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dph-code-server-'));
  const dirs = { userDataDir: path.join(tmp, 'user-data'), extensionsDir: path.join(tmp, 'extensions') };
  const workspace = path.join(tmp, 'workspace', path.basename(path.resolve(o.workspace)));
  const resultsFile = path.join(outDir, 'results.json');
  const requestDir = path.join(tmp, 'screenshot-requests');
  const logFile = path.join(outDir, 'code-server.log');

  fs.cpSync(path.resolve(o.workspace), workspace, { recursive: true });
  fs.mkdirSync(path.join(dirs.userDataDir, 'User'), { recursive: true });
  const trust = o.restrictedMode ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
  fs.writeFileSync(path.join(dirs.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...baseSettings, ...trust, ...o.settings }, null, 2));
  await installExtensions(install, dirs, [runnerExtension, ...o.extensions]);

  let server: CodeServerProcess | undefined;
  let browser: Browser | undefined;
  let screenshots: ScreenshotResponder | undefined;
  const browserLog = fs.createWriteStream(path.join(outDir, 'browser.log'));
  try {
    server = await startCodeServer(install, {
      ...dirs,
      logFile,
      workspaceTrust: o.restrictedMode,
      env: {
        ...process.env,
        ...o.env,
        [HOST_ENV.suite]: path.resolve(o.suite),
        [HOST_ENV.results]: resultsFile,
        [HOST_ENV.screenshotRequests]: requestDir,
      },
    });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.message}\n`));
    screenshots = new ScreenshotResponder(page, requestDir, path.join(outDir, 'screenshots'));
    try {
      await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
      await waitForFile(resultsFile, o.timeoutMs ?? 180_000, server.died);
    } catch (err) {
      await screenshots.shoot('timeout').catch(() => undefined);
      throw new Error(`${(err as Error).message}\n${diagnosticsOf(outDir, dirs.userDataDir)}`);
    }
    await screenshots.shoot('final');
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults;
    return { results, screenshots: [...screenshots.taken], outDir };
  } finally {
    await screenshots?.close();
    await browser?.close().catch(() => undefined);
    await server?.stop();
    browserLog.end();
    copyExtensionHostLogs(dirs.userDataDir, outDir);
    for (const pid of processesMentioning(tmp)) {
      console.warn(`killing leftover process ${pid} of this run`);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function tail(file: string, lines: number): string {
  if (!fs.existsSync(file)) return '(missing)';
  return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

function diagnosticsOf(outDir: string, userDataDir: string): string {
  const hostLogs = findFiles(path.join(userDataDir, 'logs'), /exthost.*\.log$/);
  return [
    `--- code-server.log (tail) ---\n${tail(path.join(outDir, 'code-server.log'), 40)}`,
    ...hostLogs.map((f) => `--- ${path.basename(f)} (tail) ---\n${tail(f, 40)}`),
    `--- browser.log (tail) ---\n${tail(path.join(outDir, 'browser.log'), 20)}`,
    `screenshots and logs: ${outDir}`,
  ].join('\n');
}

function copyExtensionHostLogs(userDataDir: string, outDir: string): void {
  for (const file of findFiles(path.join(userDataDir, 'logs'), /\.log$/)) {
    const target = path.join(outDir, 'logs', path.relative(path.join(userDataDir, 'logs'), file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
}

function findFiles(dir: string, pattern: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => pattern.test(f) && fs.statSync(f).isFile());
}

/** Prints the outcome and returns the process exit code: 0 only when every test passed. */
export function report(run: CodeServerRunResult): number {
  const { stats } = run.results;
  console.log(`VS Code ${run.results.vscodeVersion} (code-server): ${stats.passes} passing, ${stats.failures} failing, ${stats.pending} pending in ${stats.durationMs} ms`);
  for (const t of run.results.tests) console.log(`  ${t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-'} ${t.fullTitle}`);
  if (run.screenshots.length) console.log(`screenshots:\n${run.screenshots.map((s) => `  ${s}`).join('\n')}`);
  console.log(`results and logs: ${run.outDir}`);
  if (failuresOf(run.results).length === 0) return 0;
  console.error(`failures:\n${describeFailures(run.results)}`);
  return 1;
}

export interface CliOptions {
  extensions: string[];
  workspace: string;
  suite: string;
  outDir?: string;
  timeoutMs?: number;
}

/** `--extension <folder|vsix>` (repeatable) `--workspace <dir>` `--suite <index.js>` `[--out <dir>] [--timeout <ms>]` */
export function parseCli(argv: string[], defaults: CliOptions): CliOptions {
  const options: CliOptions = { ...defaults, extensions: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--extension') options.extensions.push(value);
    else if (flag === '--workspace') options.workspace = value;
    else if (flag === '--suite') options.suite = value;
    else if (flag === '--out') options.outDir = value;
    else if (flag === '--timeout') options.timeoutMs = Number(value);
    else throw new Error(`unknown option ${flag}`);
  }
  if (options.extensions.length === 0) options.extensions = defaults.extensions;
  return options;
}

export const defaultCliOptions: CliOptions = {
  extensions: [repoRoot],
  workspace: path.join(repoRoot, 'test', 'vscode', 'workspace'),
  suite: path.join(repoRoot, 'build', 'test', 'vscode', 'suite', 'index.js'),
  outDir: path.join(repoRoot, 'test-results', 'vscode', 'code-server'),
};

if (require.main === module) {
  runInCodeServer(parseCli(process.argv.slice(2), defaultCliOptions))
    .then((run) => process.exit(report(run)))
    .catch((err: Error) => {
      console.error(err.message);
      process.exit(2);
    });
}
