import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { seedStandardFixtures, startRegistry, type SeededFixtures, type TestRegistry } from '../support/registry';
import { repoRoot } from './codeServerInstall';
import { describeFailures } from './results';
import { report, runInCodeServer, type CodeServerRunResult } from './runInCodeServer';

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const vsix = path.join(repoRoot, `${manifest.name}-${manifest.version}.vsix`);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Digests the in-host suite compares pinned references with. */
const DIGESTS_FOR_SUITE = ['library/node:20', 'library/node:20-alpine', 'library/node:20.10.0', 'library/node:22-alpine'];

function suiteEnv(registry: TestRegistry, seeded: SeededFixtures): Record<string, string> {
  return {
    DPH_TEST_REGISTRY: registry.host,
    DPH_TEST_DIGESTS: JSON.stringify(Object.fromEntries(DIGESTS_FOR_SUITE.map((t) => [t, seeded.digestOf(t)]))),
  };
}

/** A temp copy of test/vscode/<name>, with JSON files merged into (settings that name registries on this run's ports). */
function copyWorkspace(name: string, json: Record<string, object>): string {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dph-vscode-ws-')), name);
  fs.cpSync(path.join(repoRoot, 'test', 'vscode', name), copy, { recursive: true });
  for (const [rel, value] of Object.entries(json)) {
    const file = path.join(copy, rel);
    const existing = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ ...existing, ...value }, null, 2));
  }
  return copy;
}

function packageOnce(): void {
  if (packaged) return;
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  assert.ok(fs.existsSync(vsix), `npm run package wrote ${vsix}`);
  packaged = true;
}
let packaged = false;

/**
 * The packaged extension in a real VS Code (code-server + Chromium): `npm run package`, a seeded
 * local registry that docker.io (and the other registries the fixtures name) point at through the
 * workspace's .vscode/settings.json, then the whole in-host suite (test/vscode/suite/).
 */
describe('the packaged extension in code-server, against a local registry', function () {
  // Packaging ~15 s, code-server's first install ~3.5 min (cached after), the suite ~1 min.
  this.timeout(600_000);
  let registry: TestRegistry;
  let workspace: string;
  let run: CodeServerRunResult;

  before(async () => {
    packageOnce();
    registry = await startRegistry();
    const seeded = await seedStandardFixtures(registry);
    const local = { endpoint: registry.url };
    workspace = copyWorkspace('workspace', {
      // Every registry a fixture names goes to 127.0.0.1: nothing reaches the internet.
      // The seeded registry has no newer patch of any node tag: the suite's Update all moves minors.
      '.vscode/settings.json': { 'dockerfilePatchHygiene.registries': { 'docker.io': local, 'gcr.io': local, 'ghcr.io': local }, 'dockerfilePatchHygiene.updateLevel': 'minor' },
    });
    run = await runInCodeServer({
      extensions: [vsix],
      workspace,
      suite: path.join(repoRoot, 'build', 'test', 'vscode', 'suite', 'index.js'),
      outDir: path.join(repoRoot, 'test-results', 'vscode', 'extension'),
      timeoutMs: 420_000,
      env: suiteEnv(registry, seeded),
    });
    report(run);
  });

  after(async () => {
    await registry?.stop();
    if (workspace) fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  });

  it('passes every test of the in-host suite, none skipped', () => {
    assert.equal(run.results.stats.failures, 0, describeFailures(run.results));
    assert.equal(run.results.stats.pending, 0, 'the registry tests ran');
    assert.ok(run.results.stats.passes >= 15, `${run.results.stats.passes} tests passed`);
  });

  it('ran the quick fixes, the registry pin, hover, completion and the commands', () => {
    const titles = run.results.tests.filter((t) => t.state === 'passed').map((t) => t.fullTitle).join('\n');
    for (const expected of [/Switch to Alpine rewrites/, /Convert to a multi-stage build/, /Pin digest keeps the tag/, /codeAction\/resolve/,
      /hovers a base image/, /completes tags/, /Pin all base images/, /Check all Dockerfiles/]) {
      assert.match(titles, expected);
    }
  });

  it('sent its registry requests to the local registry', () => {
    assert.ok(registry.requests.some((r) => r.method === 'HEAD' || r.method === 'GET'), 'the extension reached the registry');
  });

  it('took the README screenshots as PNGs', () => {
    const wanted = ['readme-diagnostics.png', 'readme-quick-fix-menu.png', 'readme-hover.png'];
    const taken = new Map(run.screenshots.map((s) => [path.basename(s), s]));
    for (const name of wanted) {
      const file = taken.get(name);
      assert.ok(file, `${name} among ${[...taken.keys()].join(', ')}`);
      assert.deepEqual(fs.readFileSync(file).subarray(0, 8), PNG_MAGIC, file);
      if (process.env.DPH_UPDATE_SCREENSHOTS === '1') {
        fs.mkdirSync(path.join(repoRoot, 'docs', 'screenshots'), { recursive: true });
        fs.copyFileSync(file, path.join(repoRoot, 'docs', 'screenshots', name.replace(/^readme-/, '')));
      }
    }
  });
});

describe('the packaged extension in Restricted Mode (workspace not trusted)', function () {
  this.timeout(600_000);
  let workspaceRegistry: TestRegistry;
  let userRegistry: TestRegistry;
  let workspace: string;
  let run: CodeServerRunResult;

  before(async () => {
    packageOnce();
    [workspaceRegistry, userRegistry] = await Promise.all([startRegistry(), startRegistry()]);
    const seeded = await seedStandardFixtures(userRegistry);
    const redirect = { 'docker.io': { endpoint: workspaceRegistry.url } };
    // Both ways a repository could send Docker Hub lookups (and credentials) to a host it names.
    workspace = copyWorkspace('restricted-workspace', {
      '.vscode/settings.json': { 'dockerfilePatchHygiene.registries': redirect },
      '.dockerfile-hygiene.json': { registries: redirect },
    });
    run = await runInCodeServer({
      extensions: [vsix],
      workspace,
      suite: path.join(repoRoot, 'build', 'test', 'vscode', 'restricted-suite', 'index.js'),
      outDir: path.join(repoRoot, 'test-results', 'vscode', 'restricted'),
      timeoutMs: 300_000,
      restrictedMode: true,
      settings: {
        'dockerfilePatchHygiene.registries': { 'docker.io': { endpoint: userRegistry.url } },
      },
      env: suiteEnv(userRegistry, seeded),
    });
    report(run);
  });

  after(async () => {
    await Promise.all([workspaceRegistry?.stop(), userRegistry?.stop()]);
    if (workspace) fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  });

  it('passes the Restricted Mode suite', () => {
    assert.equal(run.results.stats.failures, 0, describeFailures(run.results));
    assert.equal(run.results.stats.passes, 3);
  });

  it('asked only the registry of the user settings, never the one the workspace named', () => {
    assert.ok(userRegistry.requests.length > 0, 'the user-level registry was asked');
    assert.deepEqual(workspaceRegistry.requests.map((r) => `${r.method} ${r.path}`), []);
  });
});
