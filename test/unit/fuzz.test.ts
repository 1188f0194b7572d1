import { strict as assert } from 'node:assert';
import { analyze } from '../../server/src/core/analyze';
import type { Finding, Range } from '../../server/src/core/types';
import { registryFixEdits } from '../../server/src/core/registryFixes';
import { binaryJunk, generateDockerfile, mutate, rng } from '../support/generateDockerfile';
import { applyEdits } from '../support/ruleTester';

const now = new Date('2026-11-22T00:00:00Z');

function assertWithin(text: string, range: Range, what: string): void {
  const lines = text.split('\n');
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < Math.max(lines.length, 1), `${what}: line ${p.line} inside ${lines.length} lines`);
    assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `${what}: character ${p.character} inside line ${p.line}`);
  }
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what}: start before end`);
}

function checkSane(text: string, findings: Finding[]): void {
  for (const f of findings) {
    assertWithin(text, f.range, `${f.rule} range`);
    assert.ok(f.message.length > 0);
    for (const fix of f.fixes) for (const e of fix.edits) assertWithin(text, e.range, `${f.rule} fix "${fix.title}"`);
  }
}

describe('fuzz: analysis never throws and keeps every range inside the document', function () {
  // Thousands of analyses: on a loaded 2-core machine this takes tens of seconds, not mocha's 2.
  this.timeout(300_000);
  it('on 400 generated Dockerfiles and 2,000 mutations of them', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const text = generateDockerfile(seed, 20 + (seed % 80));
      checkSane(text, analyze(text, { now }).findings);
      for (let m = 0; m < 5; m++) {
        const damaged = mutate(text, seed * 7919 + m);
        try {
          checkSane(damaged, analyze(damaged, { now }).findings);
        } catch (e) {
          throw new Error(`seed ${seed}/${m}: ${(e as Error).stack}\n--- input ---\n${JSON.stringify(damaged)}`);
        }
      }
    }
  });

  it('on pure binary junk, empty files and lone instructions', () => {
    const r = rng(42);
    const inputs = ['', '\n', 'FROM', 'FROM ', 'FROM :', 'FROM @', 'FROM a@sha256:', 'ARG', 'ARG =', 'FROM ${', 'FROM $A:$', 'RUN <<', 'RUN \\', '\uFEFFFROM node:20\r\n', '#escape=`\nFROM node`\n:20'];
    for (let i = 0; i < 200; i++) inputs.push(binaryJunk(r, 1 + Math.floor(r() * 4000)));
    for (const text of inputs) checkSane(text, analyze(text, { now }).findings);
  });

  it('on a 10,000-line Dockerfile, in well under a second per thousand lines', () => {
    const text = generateDockerfile(7, 10_000);
    assert.ok(text.split('\n').length >= 10_000);
    const started = process.hrtime.bigint();
    const { findings, model } = analyze(text, { now });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    checkSane(text, findings);
    assert.ok(model.stages.length > 100, 'many stages parsed');
    // A loose ceiling that only a pathological (quadratic) slowdown breaks; speed itself is benchmarked.
    assert.ok(ms < 10_000, `10,000 lines analysed in ${ms.toFixed(0)} ms`);
  });

  it('every fix of 150 generated files re-analyses without the finding it fixed', () => {
    const digest = `sha256:${'d'.repeat(64)}`;
    let applied = 0;
    for (let seed = 1000; seed < 1150; seed++) {
      const text = generateDockerfile(seed, 30 + (seed % 40));
      const { model, findings } = analyze(text, { now });
      for (const finding of findings) {
        for (const fix of finding.fixes) {
          const edits = fix.registry ? registryFixEdits(model, fix.registry, digest) : fix.edits;
          if (!edits || edits.length === 0) continue;
          const output = applyEdits(text, edits);
          const before = findings.filter((f) => f.rule === finding.rule).length;
          const after = analyze(output, { now }).findings.filter((f) => f.rule === finding.rule).length;
          assert.ok(after < before, `seed ${seed}: "${fix.title}" leaves ${finding.rule} (${before} → ${after})\n${output}`);
          applied++;
        }
      }
    }
    assert.ok(applied > 300, `${applied} fixes applied`);
  });
});
