import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { findingLines, runCli, workspace } from './support/cli';
import { onlyRules } from './support/configs';

describe('cli: .dockerfile-hygiene.json', function () {
  this.timeout(30_000);

  const check = async (config: string, args: string[] = []) => {
    const ws = await workspace({ '.dockerfile-hygiene.json': config, 'app/Dockerfile': 'FROM node:latest\n' });
    try {
      const r = await runCli(['check', '--offline', ...args, 'app'], { cwd: ws.dir });
      return { ...r, file: path.join(ws.dir, '.dockerfile-hygiene.json') };
    } finally {
      await ws.cleanup();
    }
  };

  it('an unknown rule name is named, with a suggestion and the valid names', async () => {
    const r = await check('{\n  "rules": {\n    "latest-tagg": "error"\n  }\n}\n');
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.includes(`${r.file}:3:5: "latest-tagg" is not a rule (did you mean "latest-tag"?); valid rule names: untagged-image, latest-tag, unpinned-digest,`), r.stderr);
  });

  it('a bad severity names the key and the allowed values', async () => {
    const r = await check('{\n  "rules": {\n    "latest-tag": "warn"\n  }\n}\n');
    assert.equal(r.status, 2);
    assert.ok(r.stderr.includes(`${r.file}:3:5: rules.latest-tag is "warn"; use one of "off", "hint", "info", "warning", "error".`), r.stderr);
  });

  it('invalid JSON gives the line and column', async () => {
    const r = await check('{\n  "rules": {\n    "latest-tag": "warning",\n  }\n}\n');
    assert.equal(r.status, 2);
    assert.ok(r.stderr.includes(`${r.file}:4:3: invalid JSON at line 4, column 3: expected a property name in double quotes.`), r.stderr);
  });

  it('an unknown top-level key is named with the allowed keys', async () => {
    const r = await check('{"rule": {}}');
    assert.equal(r.status, 2);
    assert.ok(r.stderr.includes(`${r.file}:1:2: unknown key "rule" (did you mean "rules"?); the allowed top-level keys are rules, registries, allowedRegistries, eolSoonDays, minimalTargets.`), r.stderr);
  });

  it('a registry endpoint that is not an http(s) URL is named', async () => {
    const r = await check(JSON.stringify({ registries: { 'docker.io': { endpoint: 'ftp://mirror' } } }));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /registries\.docker\.io\.endpoint is "ftp:\/\/mirror"; use an http:\/\/ or https:\/\/ URL/);
  });

  it('a registry key with a scheme is explained', async () => {
    const r = await check(JSON.stringify({ registries: { 'http://127.0.0.1:5000': { endpoint: 'http://127.0.0.1:5000' } } }));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /registry key "http:\/\/127\.0\.0\.1:5000" must be a host as written in image references/);
  });

  it('rules may be named by code, and severities apply', async () => {
    const { 'latest-tag': _, ...others } = JSON.parse(onlyRules({})).rules as Record<string, string>;
    const r = await check(JSON.stringify({ rules: { ...others, DPH002: 'error' } }));
    assert.deepEqual(findingLines(r.stdout).map((l) => l.split(' ').slice(0, 3).join(' ')), ['app/Dockerfile:1:11 error latest-tag']);
    assert.equal(r.status, 1);
  });

  it('one rule set twice, by name and by code, is an error', async () => {
    const r = await check(JSON.stringify({ rules: { 'latest-tag': 'off', DPH002: 'error' } }));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /rules\.DPH002 and rules\.latest-tag both set latest-tag \(DPH002\); keep one\./);
  });

  it('the nearest configuration wins, walking up from each Dockerfile', async () => {
    const ws = await workspace({
      '.dockerfile-hygiene.json': onlyRules({ 'latest-tag': 'warning' }),
      'a/Dockerfile': 'FROM node:latest\n',
      'b/.dockerfile-hygiene.json': onlyRules({ 'latest-tag': 'error' }),
      'b/deep/Dockerfile': 'FROM node:latest\n',
    });
    try {
      const r = await runCli(['check', '--offline'], { cwd: ws.dir });
      assert.deepEqual(findingLines(r.stdout).map((l) => l.split(' ').slice(0, 3).join(' ')), [
        'a/Dockerfile:1:11 warning latest-tag',
        'b/deep/Dockerfile:1:11 error latest-tag',
      ]);
    } finally {
      await ws.cleanup();
    }
  });

  it('--config replaces the nearest configuration for every file', async () => {
    const ws = await workspace({
      '.dockerfile-hygiene.json': onlyRules({ 'latest-tag': 'warning' }),
      'ci.json': onlyRules({ 'latest-tag': 'error' }),
      'Dockerfile': 'FROM node:latest\n',
    });
    try {
      const r = await runCli(['check', '--offline', '--config', 'ci.json'], { cwd: ws.dir });
      assert.deepEqual(findingLines(r.stdout).map((l) => l.split(' ').slice(0, 3).join(' ')), ['Dockerfile:1:11 error latest-tag']);
      const missing = await runCli(['check', '--offline', '--config', 'nope.json'], { cwd: ws.dir });
      assert.equal(missing.status, 2);
      assert.ok(missing.stderr.includes(`${path.join(ws.dir, 'nope.json')}: cannot use this configuration file: the file does not exist.`), missing.stderr);
    } finally {
      await ws.cleanup();
    }
  });
});
