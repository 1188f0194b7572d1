import { strict as assert } from 'node:assert';
import { analyze } from '../../server/src/core/analyze';
import { registryFixEdits } from '../../server/src/core/registryFixes';
import type { MinimalTarget } from '../../server/src/core/minimal';
import type { Rule } from '../../server/src/core/rules/rule';
import type { Finding, Fix, RegistryFacts, TextEdit } from '../../server/src/core/types';

export interface ValidCase {
  name: string;
  code: string;
  now?: string;
  facts?: RegistryFacts;
  /** The file's path, for rules that read it (`.devcontainer/Dockerfile`). */
  path?: string;
  /** The `minimalTargets` setting, for the switch fixes. */
  minimalTargets?: MinimalTarget[];
  allowedRegistries?: string[];
}

export interface InvalidCase extends ValidCase {
  /** Expected findings of this rule: zero-based [startLine, startChar, endLine, endChar]. */
  findings: { range: [number, number, number, number]; message?: RegExp }[];
  /** Text after applying the fix whose title matches `fix` (the first fix when omitted) to the first finding. */
  output?: string;
  fix?: RegExp;
  /** Digest handed to a registry fix. */
  digest?: string;
  /** Titles the first finding's fixes must not match (or, with `true`, that it offers none). */
  noFix?: RegExp | true;
}

const DEFAULT_NOW = '2026-11-22';

/** Runs a rule's table: valid snippets give no finding, invalid ones give exactly these, fixes give this text. */
export function ruleTester(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(`${rule.meta.name} (${rule.meta.code})`, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, () => {
          const found = findingsOf(rule, c);
          assert.deepEqual(found.map(describeFinding), []);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, () => {
          const found = findingsOf(rule, c);
          assert.deepEqual(
            found.map((f) => rangeTuple(f)),
            c.findings.map((f) => f.range),
            `findings: ${found.map(describeFinding).join('; ')}`,
          );
          c.findings.forEach((f, i) => f.message && assert.match(found[i].message, f.message));
          if (c.noFix !== undefined) {
            const titles = found[0]?.fixes.map((f) => f.title) ?? [];
            const offending = c.noFix === true ? titles : titles.filter((t) => (c.noFix as RegExp).test(t));
            assert.deepEqual(offending, [], 'fixes that must not be offered');
          }
          if (c.output !== undefined) {
            const fix = pickFix(found[0], c.fix);
            const edits = fix.registry
              ? registryFixEdits(analyze(c.code).model, fix.registry, c.digest)
              : fix.edits;
            assert.ok(edits && edits.length > 0, `fix "${fix.title}" has edits`);
            const output = applyEdits(c.code, edits);
            assert.equal(output, c.output);
            const after = findingsOf(rule, { ...c, code: output });
            assert.ok(after.length < found.length, `fix "${fix.title}" removes the finding; still: ${after.map(describeFinding)}`);
          }
        });
      }
    });
  });
}

export function findingsOf(rule: Rule, c: ValidCase): Finding[] {
  const now = new Date(`${c.now ?? DEFAULT_NOW}T00:00:00Z`);
  return analyze(c.code, { now, facts: c.facts, path: c.path, minimalTargets: c.minimalTargets, allowedRegistries: c.allowedRegistries }).findings.filter((f) => f.rule === rule.meta.name);
}

function pickFix(finding: Finding | undefined, title: RegExp | undefined): Fix {
  assert.ok(finding, 'a finding to fix');
  const fix = title ? finding.fixes.find((f) => title.test(f.title)) : finding.fixes[0];
  assert.ok(fix, `a fix matching ${title} among: ${finding.fixes.map((f) => f.title).join(', ')}`);
  return fix;
}

/** Applies non-overlapping edits, last first, as an editor does. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

function rangeTuple(f: Finding): [number, number, number, number] {
  return [f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character];
}

function describeFinding(f: Finding): string {
  return `${f.rule}@${rangeTuple(f).join(',')}: ${f.message}`;
}
