import { ANALYSIS_FAILED } from '../../server/src/core/analysisFailed';
import { strict as assert } from 'node:assert';
import { rules } from '../../server/src/core/rules';
import { docsUrl } from '../../server/src/core/rules/rule';
import { findingLines, runCli, workspace } from './support/cli';
import { onlyRules } from './support/configs';

describe('cli check: output formats', function () {
  this.timeout(30_000);
  let ws: Awaited<ReturnType<typeof workspace>>;
  before(async () => {
    ws = await workspace({
      '.dockerfile-hygiene.json': onlyRules({ 'latest-tag': 'warning', 'untagged-image': 'error' }),
      'web/Dockerfile': '# web front end\nFROM node:latest\nRUN npm ci\n',
      'tools/Containerfile': 'FROM ubuntu\n',
      'clean/Dockerfile': 'FROM node:20.18.1-alpine\n',
    });
  });
  after(() => ws.cleanup());

  it('text: one compiler-style line per finding with 1-based line:col, then a summary', async () => {
    const r = await runCli(['check', '--offline', 'web', 'tools'], { cwd: ws.dir });
    // Files in command-line order, findings in source order.
    assert.deepEqual(findingLines(r.stdout), [
      "web/Dockerfile:2:11 warning latest-tag node:latest follows whatever was pushed last; use a version tag, or pin the digest of today's latest to keep builds reproducible.",
      'tools/Containerfile:1:6 error untagged-image ubuntu has no tag, so it means ubuntu:latest, which moves without notice; name a version tag (and pin its digest).',
    ]);
    assert.match(r.stdout, /\n2 problems \(1 error, 1 warning\) in 2 files\n$/);
    assert.equal(r.status, 1);
  });

  it('text: a clean file says so and exits 0', async () => {
    const r = await runCli(['check', '--offline', 'clean/Dockerfile'], { cwd: ws.dir });
    assert.equal(r.stdout, 'no problems in 1 file\n');
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
  });

  it('json: version 1, zero-based ranges, and offline registry fixes marked requiresRegistry', async () => {
    const r = await runCli(['check', '--offline', '--format', 'json', 'web/Dockerfile'], { cwd: ws.dir });
    const report = JSON.parse(r.stdout) as { version: number; findings: Array<Record<string, unknown>> };
    assert.equal(report.version, 1);
    assert.equal(report.findings.length, 1);
    const [f] = report.findings;
    assert.equal(f.file, 'web/Dockerfile');
    assert.equal(f.rule, 'latest-tag');
    assert.equal(f.code, 'DPH002');
    assert.equal(f.severity, 'warning');
    assert.match(f.message as string, /node:latest follows whatever was pushed last/);
    assert.deepEqual(f.range, { start: { line: 1, character: 10 }, end: { line: 1, character: 16 } });
    assert.deepEqual(f.fixes, [{ title: 'Pin digest of node:latest', safety: 'safe', edits: [], requiresRegistry: true }]);
    assert.equal(r.status, 0);
  });

  it('json: no findings is an empty list', async () => {
    const r = await runCli(['check', '--offline', '--format', 'json', 'clean'], { cwd: ws.dir });
    assert.deepEqual(JSON.parse(r.stdout), { version: 1, findings: [] });
    assert.equal(r.status, 0);
  });

  it('sarif: 2.1.0 with every rule described, 1-based regions and relative artifact URIs', async () => {
    const r = await runCli(['check', '--offline', '--format', 'sarif', 'web', 'tools'], { cwd: ws.dir });
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    assert.equal(sarif.runs.length, 1);
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'dockerfile-patch-hygiene');
    assert.match(run.tool.driver.version, /^\d+\.\d+\.\d+/);
    assert.deepEqual(
      run.tool.driver.rules.map((d: { id: string; name: string; helpUri: string }) => [d.id, d.name, d.helpUri]),
      [...rules.map((rule) => rule.meta), ANALYSIS_FAILED].map((meta) => [meta.code, meta.name, docsUrl(meta.name)]),
    );
    const latest = run.tool.driver.rules.find((d: { name: string }) => d.name === 'latest-tag');
    assert.ok(latest.shortDescription.text.length > 10);
    assert.equal(latest.defaultConfiguration.level, 'warning');
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${ws.dir}/`);
    const byRule = Object.fromEntries(run.results.map((res: { ruleId: string }) => [res.ruleId, res]));
    assert.deepEqual(Object.keys(byRule).sort(), ['DPH001', 'DPH002']);
    const result = byRule.DPH002;
    assert.equal(result.level, 'warning');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'DPH002');
    assert.match(result.message.text, /node:latest/);
    assert.deepEqual(result.locations[0].physicalLocation, {
      artifactLocation: { uri: 'web/Dockerfile', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 11, endLine: 2, endColumn: 17 },
    });
    assert.equal(byRule.DPH001.level, 'error');
    assert.equal(byRule.DPH001.locations[0].physicalLocation.artifactLocation.uri, 'tools/Containerfile');
    // Offline, the pin has no digest: no SARIF fix is offered rather than an empty one.
    assert.equal(result.fixes, undefined);
    assert.equal(r.status, 1);
  });

  it('sarif: info and hint findings become notes', async () => {
    const local = await workspace({
      '.dockerfile-hygiene.json': onlyRules({ 'latest-tag': 'info', 'untagged-image': 'hint' }),
      'Dockerfile': 'FROM node:latest\nFROM ubuntu\n',
    });
    try {
      const r = await runCli(['check', '--offline', '--format', 'sarif'], { cwd: local.dir });
      const levels = JSON.parse(r.stdout).runs[0].results.map((res: { level: string }) => res.level);
      assert.deepEqual(levels, ['note', 'note']);
      assert.equal(r.status, 0);
    } finally {
      await local.cleanup();
    }
  });
});
