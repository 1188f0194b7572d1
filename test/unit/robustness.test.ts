import { strict as assert } from 'node:assert';
import { analyze } from '../../server/src/core/analyze';
import { rules } from '../../server/src/core/rules';
import type { Rule } from '../../server/src/core/rules/rule';

const now = new Date('2026-12-02T00:00:00Z');

describe('robustness: analysis is bounded by construction', function () {
  this.timeout(60_000);

  it('hundreds of identical `RUN npm ci` lines give one missing-multi-stage finding (the list of undo keys once grew exponentially)', () => {
    const text = `FROM node:24\nCOPY . .\n${'RUN npm ci && npm run build\n'.repeat(400)}CMD ["node", "dist/index.js"]\n`;
    const found = analyze(text, { now }).findings.filter((f) => f.rule === 'missing-multi-stage');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /npm ci/);
  });

  it('a RUN of 5,000 continued lines is split into its 5,000 commands', () => {
    const body = Array.from({ length: 5000 }, (_, i) => `echo ${i}`).join(' && \\\n    ');
    const { model } = analyze(`FROM alpine:3.23\nRUN ${body}\n`, { now });
    assert.equal(model.stages[0].commands.length, 5000);
  });

  it('a 20,000-line heredoc is read as one script', () => {
    const text = `FROM debian:trixie\nRUN <<EOF\n${'apt-get install -y gcc\n'.repeat(20_000)}EOF\nCMD ["/usr/local/bin/app"]\n`;
    const { model, findings } = analyze(text, { now });
    assert.equal(model.stages[0].commands.length, 20_000);
    assert.equal(findings.filter((f) => f.rule === 'missing-multi-stage').length, 1);
  });

  it('800 identical FROM stages each get their own findings', () => {
    const text = Array.from({ length: 800 }, (_, i) => `FROM node:16 AS s${i}\nRUN npm ci`).join('\n');
    const eol = analyze(text, { now }).findings.filter((f) => f.rule === 'eol-base');
    assert.equal(eol.length, 800);
  });

  it('a rule that throws becomes an analysis-failed finding, and the other rules still report', () => {
    const broken: Rule = {
      meta: { code: 'DPH999', name: 'broken', defaultSeverity: 'error', description: 'throws' },
      check: () => {
        throw new RangeError('Invalid array length');
      },
    };
    const { findings } = analyze('FROM node:latest\n', { now, ruleSet: [broken, ...rules] });
    const failed = findings.find((f) => f.rule === 'analysis-failed');
    assert.ok(failed, 'analysis-failed reported');
    assert.equal(failed.code, 'DPH000');
    assert.equal(failed.severity, 'error');
    assert.match(failed.message, /The broken rule failed on this file \(RangeError: Invalid array length\)/);
    assert.ok(findings.some((f) => f.rule === 'latest-tag'), 'latest-tag still reported');
  });
});
