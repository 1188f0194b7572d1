import { strict as assert } from 'node:assert';
import { symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { ROOT, findingLines, runCli, workspace } from './support/cli';
import { onlyRules } from './support/configs';

describe('cli check: exit codes and fail levels', function () {
  this.timeout(30_000);
  let ws: Awaited<ReturnType<typeof workspace>>;
  before(async () => {
    ws = await workspace({
      '.dockerfile-hygiene.json': onlyRules({ 'latest-tag': 'warning' }),
      'Dockerfile': 'FROM node:latest\n',
      'strict/.dockerfile-hygiene.json': onlyRules({ 'latest-tag': 'error' }),
      'strict/Dockerfile': 'FROM node:latest\n',
      'hinted/.dockerfile-hygiene.json': onlyRules({ 'latest-tag': 'hint' }),
      'hinted/Dockerfile': 'FROM node:latest\n',
    });
  });
  after(() => ws.cleanup());

  const status = async (...args: string[]) => (await runCli(['check', '--offline', ...args], { cwd: ws.dir })).status;

  it('a warning passes the default fail level (error)', async () => {
    assert.equal(await status('Dockerfile'), 0);
  });

  it('a warning fails --fail-level warning and --fail-level info', async () => {
    assert.equal(await status('--fail-level', 'warning', 'Dockerfile'), 1);
    assert.equal(await status('--fail-level=info', 'Dockerfile'), 1);
  });

  it('--fail-level none never fails on findings', async () => {
    assert.equal(await status('--fail-level', 'none', 'strict/Dockerfile'), 0);
  });

  it('an error fails by default', async () => {
    assert.equal(await status('strict/Dockerfile'), 1);
  });

  it('a hint fails only --fail-level hint', async () => {
    assert.equal(await status('--fail-level', 'info', 'hinted/Dockerfile'), 0);
    assert.equal(await status('--fail-level', 'hint', 'hinted/Dockerfile'), 1);
  });

  for (const [args, pattern] of [
    [['--format', 'xml'], /--format must be one of text, json, sarif, got "xml"/],
    [['--fail-level', 'fatal'], /--fail-level must be one of error, warning, info, hint, none, got "fatal"/],
    [['--now', '2024-02-30'], /--now takes a date as YYYY-MM-DD.*"2024-02-30"/],
    [['--now', 'yesterday'], /--now takes a date as YYYY-MM-DD/],
    [['--frobnicate'], /unknown option --frobnicate for check/],
    [['--format'], /--format needs a value/],
    [['--offline=yes'], /--offline does not take a value/],
  ] as Array<[string[], RegExp]>) {
    it(`usage error ${args.join(' ')} exits 2 with one line and a hint to --help`, async () => {
      const r = await runCli(['check', 'Dockerfile', ...args], { cwd: ws.dir });
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, pattern);
      assert.match(r.stderr, /See `dockerfile-patch-hygiene check --help`\.\n$/);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1);
    });
  }

  it('an unknown command, or none, exits 2', async () => {
    const unknown = await runCli(['lint'], { cwd: ws.dir });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command "lint"; the commands are check, fix and rebuild\. See `dockerfile-patch-hygiene --help`/);
    const none = await runCli([], { cwd: ws.dir });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /name a command/);
  });

  it('a missing file exits 2 naming it, and the other files are still reported', async () => {
    const r = await runCli(['check', '--offline', '--fail-level', 'none', 'nope/Dockerfile', 'Dockerfile'], { cwd: ws.dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^error: nope\/Dockerfile: no such file or directory\.$/m);
    assert.deepEqual(findingLines(r.stdout).map((l) => l.split(' ')[0]), ['Dockerfile:1:11']);
  });

  it('an unreadable Dockerfile found in a directory exits 2 naming it', async () => {
    const local = await workspace({ 'ok/Dockerfile': 'FROM node:20\n' });
    try {
      await symlink(path.join(local.dir, 'gone'), path.join(local.dir, 'ok', 'Dockerfile.broken'));
      const r = await runCli(['check', '--offline', 'ok'], { cwd: local.dir });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^error: ok\/Dockerfile\.broken: cannot read: no such file or directory\.$/m);
    } finally {
      await local.cleanup();
    }
  });

  it('--help and --version exit 0', async () => {
    const help = await runCli(['--help'], { cwd: ws.dir });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: dockerfile-patch-hygiene <command>/);
    assert.match(help.stdout, /check \[paths\.\.\.\]/);
    const checkHelp = await runCli(['check', '--help'], { cwd: ws.dir });
    assert.equal(checkHelp.status, 0);
    assert.match(checkHelp.stdout, /--fail-level LEVEL/);
    const fixHelp = await runCli(['help', 'fix'], { cwd: ws.dir });
    assert.match(fixHelp.stdout, /--dry-run/);
    const version = await runCli(['--version'], { cwd: ws.dir });
    assert.equal(version.status, 0);
    const pkg = require(path.join(ROOT, 'package.json')) as { version: string };
    assert.equal(version.stdout, `${pkg.version}\n`);
  });
});

describe('cli check: stdin and --now', function () {
  this.timeout(30_000);
  let ws: Awaited<ReturnType<typeof workspace>>;
  before(async () => {
    ws = await workspace({
      '.dockerfile-hygiene.json': onlyRules({ 'latest-tag': 'warning', 'eol-base': 'error' }),
      'svc/.dockerfile-hygiene.json': onlyRules({ 'latest-tag': 'error' }),
      'worker/Dockerfile': 'FROM python:3.8-slim\n',
    });
  });
  after(() => ws.cleanup());

  it('- reads the Dockerfile from stdin and reports it as <stdin>', async () => {
    const r = await runCli(['check', '--offline', '-'], { cwd: ws.dir, stdin: 'FROM node:latest\n' });
    assert.deepEqual(findingLines(r.stdout).map((l) => l.split(' ').slice(0, 3).join(' ')), ['<stdin>:1:11 warning latest-tag']);
    assert.equal(r.status, 0);
  });

  it('--stdin-filename names stdin and picks the configuration next to that name', async () => {
    const r = await runCli(['check', '--offline', '--stdin-filename', 'svc/Dockerfile', '-'], { cwd: ws.dir, stdin: 'FROM node:latest\n' });
    assert.deepEqual(findingLines(r.stdout).map((l) => l.split(' ').slice(0, 3).join(' ')), ['svc/Dockerfile:1:11 error latest-tag']);
    assert.equal(r.status, 1);
  });

  it('--now decides whether a runtime is past its end of life', async () => {
    const before = await runCli(['check', '--offline', '--now', '2024-06-01', 'worker'], { cwd: ws.dir });
    assert.deepEqual(findingLines(before.stdout), []);
    assert.equal(before.status, 0);
    const after = await runCli(['check', '--offline', '--now', '2024-11-01', 'worker'], { cwd: ws.dir });
    const lines = findingLines(after.stdout);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^worker\/Dockerfile:1:13 error eol-base python 3\.8 reached end of life on 2024-10-07/);
    assert.equal(after.status, 1);
  });
});

describe('cli rebuild dispatch', function () {
  this.timeout(30_000);
  it('rebuild --help is answered by the rebuild command', async () => {
    const ws = await workspace({});
    try {
      const r = await runCli(['rebuild', '--help'], { cwd: ws.dir });
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^Usage: rebuild <Dockerfile>/);
      const usage = await runCli(['rebuild'], { cwd: ws.dir });
      assert.equal(usage.status, 2);
      assert.match(usage.stderr, /Name the Dockerfile to rebuild\./);
    } finally {
      await ws.cleanup();
    }
  });
});
