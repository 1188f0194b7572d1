import { strict as assert } from 'node:assert';
import { chmod, readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { freeLoopbackPort } from '../support/registry/free-port';
import { seedStandardFixtures, startRegistry, type SeededFixtures, type TestRegistry } from '../support/registry';
import { findingLines, runCli, workspace } from './support/cli';
import { onlyRules } from './support/configs';

const BOM = '\uFEFF';
const CRLF_FILE = `${BOM}# Base image: keep it pinned, CI checks it\r\nFROM node:20\r\n\r\n# dependencies first for the layer cache\r\nWORKDIR /app\r\nCMD ["node", "server.js"]\r\n`;

interface SarifReplacement {
  deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  insertedContent: { text: string };
}

/** Applies zero-based LSP edits to a text, as an editor would. */
function applyEdits(text: string, edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>): string {
  return TextDocument.applyEdits(TextDocument.create('file:///Dockerfile', 'dockerfile', 0, text), edits);
}

/** Applies SARIF replacements (1-based lines and columns, exclusive end column). */
function applySarif(text: string, replacements: SarifReplacement[]): string {
  return applyEdits(text, replacements.map((r) => ({
    range: {
      start: { line: r.deletedRegion.startLine - 1, character: r.deletedRegion.startColumn - 1 },
      end: { line: r.deletedRegion.endLine - 1, character: r.deletedRegion.endColumn - 1 },
    },
    newText: r.insertedContent.text,
  })));
}

describe('cli against a real registry (check and fix)', function () {
  this.timeout(120_000);
  let reg: TestRegistry;
  let seeded: SeededFixtures;
  let hub: string;
  before(async () => {
    reg = await startRegistry();
    seeded = await seedStandardFixtures(reg);
    hub = JSON.stringify({ registries: { 'docker.io': { endpoint: reg.url } } });
  });
  after(async () => reg?.stop());

  const withConfig = (registries: string, rules: Record<string, 'error' | 'warning' | 'info'>) =>
    onlyRules(rules, { registries: JSON.parse(registries).registries });

  it('check resolves the pin fix from the registry: JSON edits carry the registry digest', async () => {
    const ws = await workspace({ '.dockerfile-hygiene.json': withConfig(hub, { 'unpinned-digest': 'info' }), 'Dockerfile': 'FROM node:20\n' });
    try {
      const r = await runCli(['check', '--format', 'json', '--no-cache'], { cwd: ws.dir });
      const [finding] = JSON.parse(r.stdout).findings;
      assert.equal(finding.rule, 'unpinned-digest');
      assert.equal(applyEdits('FROM node:20\n', finding.fixes[0].edits), `FROM node:20@${seeded.digestOf('library/node:20')}\n`);
      assert.equal(finding.fixes[0].requiresRegistry, undefined);
      assert.equal(r.status, 0);
    } finally {
      await ws.cleanup();
    }
  });

  it('check reports a stale pin online, SARIF carries the refresh as a fix, and --offline reads it from the cache', async () => {
    const old = seeded.digestOf('library/node:20.11.1');
    const current = seeded.digestOf('library/node:20');
    const ws = await workspace({ '.dockerfile-hygiene.json': withConfig(hub, { 'stale-digest': 'warning' }), 'Dockerfile': `FROM node:20@${old}\n` });
    try {
      const cache = path.join(ws.dir, 'cache');
      const online = await runCli(['check', '--format', 'sarif', '--cache-dir', cache], { cwd: ws.dir });
      const [result] = JSON.parse(online.stdout).runs[0].results;
      assert.equal(result.ruleId, 'DPH102');
      assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 1, startColumn: 14, endLine: 1, endColumn: 14 + old.length });
      assert.deepEqual(result.fixes[0].artifactChanges[0].artifactLocation, { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' });
      const replacements = result.fixes[0].artifactChanges[0].replacements as SarifReplacement[];
      assert.equal(applySarif(`FROM node:20@${old}\n`, replacements), `FROM node:20@${current}\n`);
      assert.equal(online.status, 0);

      reg.clearRequests();
      const offline = await runCli(['check', '--offline', '--cache-dir', cache, '--fail-level', 'warning'], { cwd: ws.dir });
      assert.equal(reg.requests.length, 0, 'offline must not reach the registry');
      assert.match(findingLines(offline.stdout)[0], /^Dockerfile:1:14 warning stale-digest node:20 was re-pushed/);
      assert.equal(offline.status, 1);

      const cold = await runCli(['check', '--offline', '--no-cache', '--fail-level', 'warning'], { cwd: ws.dir });
      assert.deepEqual(findingLines(cold.stdout), [], 'without a cache, registry rules stay silent offline');
      assert.equal(cold.status, 0);
    } finally {
      await ws.cleanup();
    }
  });

  it('check with the registry down warns once on stderr and stays silent on registry rules', async () => {
    const down = JSON.stringify({ registries: { 'docker.io': { endpoint: `http://127.0.0.1:${await freeLoopbackPort()}` } } });
    const ws = await workspace({ '.dockerfile-hygiene.json': withConfig(down, { 'stale-digest': 'error', 'stale-tag': 'error' }), 'Dockerfile': 'FROM node:20\nFROM node:20.10.0\n' });
    try {
      const r = await runCli(['check', '--no-cache'], { cwd: ws.dir });
      assert.equal(r.stdout, 'no problems in 1 file\n');
      const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: registry checks skipped for docker.io'));
      assert.equal(warnings.length, 1, r.stderr);
      assert.equal(r.status, 0);
    } finally {
      await ws.cleanup();
    }
  });

  it('fix --pin writes node:20@<registry digest> atomically, keeping BOM, CRLF, comments and mode', async () => {
    const ws = await workspace({ '.dockerfile-hygiene.json': hub, 'Dockerfile': CRLF_FILE });
    try {
      const file = path.join(ws.dir, 'Dockerfile');
      await chmod(file, 0o640);
      const inodeBefore = (await stat(file)).ino;
      const r = await runCli(['fix', '--pin', '--no-cache'], { cwd: ws.dir });
      const digest = seeded.digestOf('library/node:20');
      assert.equal(r.status, 0, r.stderr);
      assert.equal(await readFile(file, 'utf8'), CRLF_FILE.replace('FROM node:20\r\n', `FROM node:20@${digest}\r\n`));
      const after = await stat(file);
      assert.equal(after.mode & 0o777, 0o640);
      assert.notEqual(after.ino, inodeBefore, 'written to a temporary file and renamed over');
      assert.deepEqual((await readdir(ws.dir)).filter((n) => n.endsWith('.tmp')), []);
      assert.match(r.stdout, new RegExp(`^Dockerfile:2:6: pinned node:20 -> node:20@${digest}$`, 'm'));
      assert.match(r.stdout, /^fixed 1 reference in 1 file$/m);

      const again = await runCli(['fix', '--pin', '--no-cache'], { cwd: ws.dir });
      assert.equal(again.status, 0);
      assert.equal(again.stdout, 'nothing to fix in 1 file\n');
    } finally {
      await ws.cleanup();
    }
  });

  it('fix --pin --dry-run prints a unified diff and leaves the file byte-identical', async () => {
    const ws = await workspace({ '.dockerfile-hygiene.json': hub, 'svc/Dockerfile': CRLF_FILE });
    try {
      const file = path.join(ws.dir, 'svc/Dockerfile');
      const before = await readFile(file);
      const mtime = (await stat(file)).mtimeMs;
      const r = await runCli(['fix', '--pin', '--dry-run', '--no-cache', 'svc'], { cwd: ws.dir });
      const digest = seeded.digestOf('library/node:20');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^--- a\/svc\/Dockerfile\n\+\+\+ b\/svc\/Dockerfile\n/m);
      assert.match(r.stdout, /^-FROM node:20\r$/m);
      assert.match(r.stdout, new RegExp(`^\\+FROM node:20@${digest}\\r$`, 'm'));
      assert.match(r.stderr, /would fix 1 reference in 1 file \(dry run: nothing written\)/);
      assert.ok((await readFile(file)).equals(before));
      assert.equal((await stat(file)).mtimeMs, mtime);
    } finally {
      await ws.cleanup();
    }
  });

  it('fix --refresh moves a stale pin to the digest the tag points to now', async () => {
    const old = seeded.digestOf('library/node:20.11.1');
    const ws = await workspace({ '.dockerfile-hygiene.json': hub, 'Dockerfile': `FROM node:20@${old} AS build\nFROM node:20.18.1-alpine\n` });
    try {
      const r = await runCli(['fix', '--refresh', '--no-cache'], { cwd: ws.dir });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(await readFile(path.join(ws.dir, 'Dockerfile'), 'utf8'), `FROM node:20@${seeded.digestOf('library/node:20')} AS build\nFROM node:20.18.1-alpine\n`);
      assert.match(r.stdout, /Dockerfile:1:6: refreshed node:20@sha256:/);
    } finally {
      await ws.cleanup();
    }
  });

  it('fix --update moves patch only; --update=minor moves to the newest minor, and with --pin pins the new tag, not the old one', async () => {
    const ws = await workspace({ '.dockerfile-hygiene.json': hub, 'Dockerfile': 'FROM node:20.10.0-alpine AS build\nFROM node:20.10.0\n' });
    try {
      const file = path.join(ws.dir, 'Dockerfile');
      const patchOnly = await runCli(['fix', '--update', '--no-cache'], { cwd: ws.dir });
      assert.equal(patchOnly.status, 0, patchOnly.stderr);
      assert.equal(await readFile(file, 'utf8'), 'FROM node:20.10.0-alpine AS build\nFROM node:20.10.0\n', 'no 20.10.x patch exists: nothing moves');
      const dry = await runCli(['fix', '--update=minor', '--dry-run', '--no-cache'], { cwd: ws.dir });
      assert.equal(dry.status, 0, dry.stderr);
      assert.match(dry.stderr, /^Dockerfile:1:6: would update node:20\.10\.0-alpine -> node:20\.18\.1-alpine$/m);
      assert.match(dry.stdout, /^\+FROM node:20\.18\.1$/m);
      const r = await runCli(['fix', '--update=minor', '--pin', '--no-cache'], { cwd: ws.dir });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(
        await readFile(file, 'utf8'),
        `FROM node:20.18.1-alpine@${seeded.digestOf('library/node:20.18.1-alpine')} AS build\nFROM node:20.18.1@${seeded.digestOf('library/node:20.18.1')}\n`,
      );
      assert.match(r.stdout, /^Dockerfile:2:6: updated node:20\.10\.0 -> node:20\.18\.1@sha256:[0-9a-f]{64}$/m);
    } finally {
      await ws.cleanup();
    }
  });

  it('fix --pin pins every image the build pulls: FROM, COPY --from, a RUN --mount source and the syntax directive', async () => {
    const text = [
      '# syntax=node:20-alpine',
      'FROM node:20 AS build',
      'COPY --from=node:22-alpine /usr/local/bin/node /opt/node22',
      'RUN --mount=type=bind,from=node:22-slim,source=/usr/local/bin,target=/n ls /n',
      'FROM build',
      'COPY --from=build /app /app',
      '',
    ].join('\n');
    const ws = await workspace({ '.dockerfile-hygiene.json': hub, 'Dockerfile': text });
    try {
      const r = await runCli(['fix', '--pin', '--no-cache'], { cwd: ws.dir });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(
        await readFile(path.join(ws.dir, 'Dockerfile'), 'utf8'),
        [
          `# syntax=node:20-alpine@${seeded.digestOf('library/node:20-alpine')}`,
          `FROM node:20@${seeded.digestOf('library/node:20')} AS build`,
          `COPY --from=node:22-alpine@${seeded.digestOf('library/node:22-alpine')} /usr/local/bin/node /opt/node22`,
          `RUN --mount=type=bind,from=node:22-slim@${seeded.digestOf('library/node:22-slim')},source=/usr/local/bin,target=/n ls /n`,
          'FROM build',
          'COPY --from=build /app /app',
          '',
        ].join('\n'),
      );
      assert.match(r.stdout, /^fixed 4 references in 1 file$/m);
    } finally {
      await ws.cleanup();
    }
  });

  it('fix --pin on a tree large enough for the worker pool pins every file', async () => {
    const files: Record<string, string> = { '.dockerfile-hygiene.json': hub };
    for (let i = 0; i < 70; i++) files[`svc${String(i).padStart(2, '0')}/Dockerfile`] = `# service ${i}\r\nFROM node:20\r\nRUN echo ${i}\r\n`;
    const ws = await workspace(files);
    try {
      // Two cores start no pool by default: asked for, it must give the same result.
      const r = await runCli(['fix', '--pin', '--no-cache'], { cwd: ws.dir, env: { DPH_WORKERS: '2' } });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^fixed 70 references in 70 files$/m);
      const digest = seeded.digestOf('library/node:20');
      assert.equal(await readFile(path.join(ws.dir, 'svc69/Dockerfile'), 'utf8'), `# service 69\r\nFROM node:20@${digest}\r\nRUN echo 69\r\n`);
    } finally {
      await ws.cleanup();
    }
  });

  it('fix --pin across more files than one batch (BATCH = 256) pins every file, in every batch', async () => {
    const files: Record<string, string> = { '.dockerfile-hygiene.json': hub };
    for (let i = 0; i < 300; i++) files[`svc${String(i).padStart(3, '0')}/Dockerfile`] = `FROM node:20\nRUN echo ${i}\n`;
    const ws = await workspace(files);
    try {
      const r = await runCli(['fix', '--pin', '--no-cache'], { cwd: ws.dir, env: { DPH_WORKERS: '1' } });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^fixed 300 references in 300 files$/m);
      const digest = seeded.digestOf('library/node:20');
      for (const i of ['000', '255', '256', '299']) assert.equal(await readFile(path.join(ws.dir, `svc${i}/Dockerfile`), 'utf8'), `FROM node:20@${digest}\nRUN echo ${Number(i)}\n`);
    } finally {
      await ws.cleanup();
    }
  });

  it('a bad configuration in the last of 300 directories stops fix before the first batch writes anything', async () => {
    const files: Record<string, string> = { '.dockerfile-hygiene.json': hub };
    for (let i = 0; i < 300; i++) files[`svc${String(i).padStart(3, '0')}/Dockerfile`] = `FROM node:20\n`;
    files['svc299/.dockerfile-hygiene.json'] = '{ "rules": ';
    const ws = await workspace(files);
    try {
      const r = await runCli(['fix', '--pin', '--no-cache'], { cwd: ws.dir, env: { DPH_WORKERS: '1' } });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /svc299\/\.dockerfile-hygiene\.json/);
      assert.equal(await readFile(path.join(ws.dir, 'svc000/Dockerfile'), 'utf8'), 'FROM node:20\n');
    } finally {
      await ws.cleanup();
    }
  });

  it('fix - reads stdin and writes the fixed file to stdout', async () => {
    const ws = await workspace({ '.dockerfile-hygiene.json': hub });
    try {
      const r = await runCli(['fix', '--pin', '--no-cache', '-'], { cwd: ws.dir, stdin: 'FROM node:20-alpine\n' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, `FROM node:20-alpine@${seeded.digestOf('library/node:20-alpine')}\n`);
    } finally {
      await ws.cleanup();
    }
  });

  it('fix with the registry down exits 1, says which reference and why, and changes nothing', async () => {
    const port = await freeLoopbackPort();
    const ws = await workspace({
      '.dockerfile-hygiene.json': JSON.stringify({ registries: { 'docker.io': { endpoint: `http://127.0.0.1:${port}` } } }),
      'Dockerfile': CRLF_FILE,
    });
    try {
      const file = path.join(ws.dir, 'Dockerfile');
      const before = await readFile(file);
      const r = await runCli(['fix', '--pin', '--no-cache'], { cwd: ws.dir });
      assert.equal(r.status, 1);
      assert.match(r.stderr, new RegExp(`^Dockerfile:2:6: could not pin node:20: .*docker\\.io`, 'm'));
      assert.equal(r.stdout, 'nothing fixed; 1 reference could not be fixed\n');
      assert.ok((await readFile(file)).equals(before));
    } finally {
      await ws.cleanup();
    }
  });

  it('a registry that is down for the first batch is not asked again for the next (300 files, two batches)', async () => {
    const port = await freeLoopbackPort();
    const config = JSON.stringify({ registries: { 'docker.io': { endpoint: `http://127.0.0.1:${port}` } } });
    const asked = async (count: number) => {
      const files: Record<string, string> = { '.dockerfile-hygiene.json': config };
      for (let i = 0; i < count; i++) files[`s${String(i).padStart(3, '0')}/Dockerfile`] = `FROM node:2${i % 3}\n`;
      const ws = await workspace(files);
      try {
        const r = await runCli(['check', '--verbose', '--no-cache', '--format', 'json'], { cwd: ws.dir, env: { DPH_WORKERS: '1' } });
        assert.equal(r.status, 1, r.stderr);
        assert.equal((JSON.parse(r.stdout) as { findings: Array<{ file: string }> }).findings.filter((f) => f.file === `s${String(count - 1).padStart(3, '0')}/Dockerfile`).length > 0, true);
        return r.stderr.split('\n').filter((l) => l.startsWith('registry: GET')).length;
      } finally {
        await ws.cleanup();
      }
    };
    const oneBatch = await asked(3);
    assert.ok(oneBatch > 0);
    assert.equal(await asked(300), oneBatch);
  });

  it('fix --pin --offline without a cached digest exits 1 and asks for a run with network', async () => {
    const ws = await workspace({ '.dockerfile-hygiene.json': hub, 'Dockerfile': 'FROM node:22-slim\n' });
    try {
      const r = await runCli(['fix', '--pin', '--offline', '--cache-dir', path.join(ws.dir, 'cache')], { cwd: ws.dir });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /could not pin node:22-slim: .*not in the registry cache and offline mode is on/);
      assert.equal(await readFile(path.join(ws.dir, 'Dockerfile'), 'utf8'), 'FROM node:22-slim\n');
    } finally {
      await ws.cleanup();
    }
  });

  it('fix without --pin, --refresh or --update is a usage error', async () => {
    const ws = await workspace({ 'Dockerfile': 'FROM node:20\n' });
    try {
      const r = await runCli(['fix'], { cwd: ws.dir });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /say which fixes to apply: --pin, --refresh and\/or --update\. See `dockerfile-patch-hygiene fix --help`/);
    } finally {
      await ws.cleanup();
    }
  });
});
