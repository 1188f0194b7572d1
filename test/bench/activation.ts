import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runInCodeServer } from '../vscode/runInCodeServer';

export interface ActivationFigures {
  loadMs?: number;
  activateMs: number;
  activatedAfterOpenMs: number;
  serverReadyAfterOpenMs: number;
  vscode: string;
}

const root = path.resolve(__dirname, '..', '..', '..');

/**
 * Extension activation inside a real VS Code (code-server, installed by scripts/setup.sh), the
 * extension loaded from the repository folder as `npm run build` left it. A string says why not.
 */
export async function measureActivation(): Promise<ActivationFigures | string> {
  if (!existsSync(path.join(root, '.vscode-test', 'code-server', 'install.json'))) return 'not measured: code-server is not installed (bash scripts/install-code-server.sh)';
  if (!existsSync(path.join(root, 'client', 'out', 'extension.js'))) return 'not measured: client/out/extension.js missing (npm run build)';
  const workspace = mkdtempSync(path.join(tmpdir(), 'dph-activation-'));
  writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM node:22-alpine\nCMD ["node", "server.js"]\n');
  const outDir = path.join(root, 'test-results', 'bench-activation');
  try {
    const run = await runInCodeServer({
      // The repository folder is the extension as just built (a .vsix lying around may be older).
      extensions: [root],
      workspace,
      suite: path.join(__dirname, 'activationSuite', 'index.js'),
      outDir,
      timeoutMs: 180_000,
      settings: { 'dockerfilePatchHygiene.offline': true },
    });
    if (run.results.stats.failures > 0) return `not measured: ${run.results.tests.find((t) => t.state === 'failed')?.error?.message}`;
    return JSON.parse(readFileSync(path.join(outDir, 'activation.json'), 'utf8')) as ActivationFigures;
  } catch (err) {
    return `not measured: ${(err as Error).message.split('\n')[0]}`;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
