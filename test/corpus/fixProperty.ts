import { applyEdits } from '../../server/src/cli/fixPlan';
import { analyze } from '../../server/src/core/analyze';
import { parseImageRef } from '../../server/src/core/imageRef';
import { publishedImage, publishedState } from '../../server/src/core/published';
import type { Finding } from '../../server/src/core/types';
import { corpusKey, type CorpusFile } from './corpus';

/**
 * The fix property on real files: apply every fix a finding offers offline, analyse the result, and
 * check that the finding is gone, that nothing new at warning or error appeared, and that every
 * image reference the fix wrote is a tag the official images publish today (images outside the
 * published-tags table are counted as unverified, not passed).
 */
export interface FixClassCounts {
  offered: number;
  applied: number;
  findingGone: number;
  noNewProblems: number;
  tagsPublished: number;
  tagsUnverified: number;
}

export interface FixViolation {
  file: string;
  line: number;
  rule: string;
  fix: string;
  problem: string;
}

export interface FixPropertyReport {
  classes: Map<string, FixClassCounts>;
  violations: FixViolation[];
}

const BLOCKING = new Set(['warning', 'error']);

export function checkFixes(files: readonly CorpusFile[], now: Date): FixPropertyReport {
  const classes = new Map<string, FixClassCounts>();
  const violations: FixViolation[] = [];
  for (const file of files) {
    const path = corpusKey(file);
    const before = analyze(file.text, { now, path });
    const beforeRefs = new Set(imageRefs(before.model.stages));
    for (const finding of before.findings) {
      for (const fix of finding.fixes) {
        if (fix.registry || fix.edits.length === 0) continue;
        const kind = fixClass(fix.title);
        const counts = classes.get(kind) ?? { offered: 0, applied: 0, findingGone: 0, noNewProblems: 0, tagsPublished: 0, tagsUnverified: 0 };
        classes.set(kind, counts);
        counts.offered++;
        const report = (problem: string) => violations.push({ file: path, line: finding.range.start.line + 1, rule: finding.rule, fix: fix.title, problem });
        let text: string;
        try {
          text = applyEdits(file.text, fix.edits);
        } catch (err) {
          report(`edits do not apply: ${(err as Error).message}`);
          continue;
        }
        const after = analyze(text, { now, path });
        if (after.findings.some((f) => f.rule === 'analysis-failed')) {
          report('the fixed file does not analyse');
          continue;
        }
        counts.applied++;
        if (countOf(after.findings, finding.rule) < countOf(before.findings, finding.rule)) counts.findingGone++;
        else report(`${finding.rule} still reported`);
        const gained = gainedProblems(before.findings, after.findings, finding.rule);
        if (gained.length === 0) counts.noNewProblems++;
        else report(`new ${gained.join(', ')}`);
        let allPublished = true;
        let unverified = false;
        for (const raw of imageRefs(after.model.stages)) {
          if (beforeRefs.has(raw)) continue;
          const ref = parseImageRef(raw);
          const name = ref && publishedImage(ref);
          if (!ref?.tag || !name) {
            unverified = true;
            continue;
          }
          const state = publishedState(name, ref.tag);
          if (state.state !== 'current') {
            allPublished = false;
            report(`writes ${raw}: ${state.state === 'retired' ? `no longer published (last listed ${state.lastListed})` : 'never published'}`);
          }
        }
        if (unverified) counts.tagsUnverified++;
        else if (allPublished) counts.tagsPublished++;
      }
    }
  }
  return { classes, violations };
}

/** Fix titles up to their first colon or parenthesis: `Move to a supported version`, `Switch to slim`. */
export function fixClass(title: string): string {
  return title.split(/[:(]/)[0].trim();
}

function imageRefs(stages: ReadonlyArray<{ from: { kind: string; ref?: { raw: string } } }>): string[] {
  return stages.flatMap((s) => (s.from.kind === 'image' && s.from.ref ? [s.from.ref.raw] : []));
}

function countOf(findings: readonly Finding[], rule: string): number {
  return findings.filter((f) => f.rule === rule).length;
}

/** Rules at warning or error, other than the one fixed, that report more after the fix than before. */
function gainedProblems(before: readonly Finding[], after: readonly Finding[], fixed: string): string[] {
  const rules = new Set(after.filter((f) => BLOCKING.has(f.severity) && f.rule !== fixed).map((f) => f.rule));
  return [...rules].filter((rule) => countOf(after, rule) > countOf(before, rule));
}
