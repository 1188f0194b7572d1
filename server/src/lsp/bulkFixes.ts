import type { DockerfileModel, FromImage } from '../core/dockerfile';
import type { Finding, Fix, TextEdit } from '../core/types';
import { planFix, type PlannedFix } from './registryEdits';

/** Image references with a tag and no digest (`:latest` too); an untagged one needs a tag chosen by a person first. */
export function pinPlans(model: DockerfileModel, line?: number): PlannedFix[] {
  return imageTargets(model, line)
    .filter((t) => t.from.ref!.tag !== undefined && t.from.ref!.digest === undefined)
    .flatMap((t) => planFix(model, { action: 'pin', stage: t.stage, reference: t.reference, pin: true }) ?? []);
}

/** Image references pinned with tag and digest: re-pin to where the tag points now. */
export function refreshPlans(model: DockerfileModel, line?: number): PlannedFix[] {
  return imageTargets(model, line)
    .filter((t) => t.from.ref!.tag !== undefined && t.from.ref!.digest !== undefined)
    .flatMap((t) => planFix(model, { action: 'refresh', stage: t.stage, reference: t.reference, pin: true }) ?? []);
}

/**
 * The safe update of every stale-tag finding within `level` (the newest patch by default, as
 * `fix --update`): plain edits, or registry fixes when the tag was pinned.
 */
export function updatePlans(model: DockerfileModel, findings: Finding[], level: 'patch' | 'minor' = 'patch'): { plans: PlannedFix[]; edits: TextEdit[] } {
  const plans: PlannedFix[] = [];
  const edits: TextEdit[] = [];
  const allowed = (f: Fix) => f.safety === 'safe' && (f.updateLevel === 'patch' || (level === 'minor' && f.updateLevel === 'minor'));
  for (const finding of findings.filter((f) => f.rule === 'stale-tag')) {
    const fix = finding.fixes.find((f) => f.preferred && allowed(f)) ?? finding.fixes.find(allowed);
    if (!fix) continue;
    const plan = fix.registry && planFix(model, fix.registry);
    if (plan) plans.push(plan);
    else edits.push(...fix.edits);
  }
  return { plans, edits };
}

/** FROM images, then COPY --from, mount and syntax images: everything Pin all pins. */
function imageTargets(model: DockerfileModel, line?: number): Array<{ from: FromImage; stage: number; reference?: number }> {
  const onLine = (from: FromImage) => line === undefined || from.range.start.line === line;
  return [
    ...model.stages.filter((s) => s.from.kind === 'image' && s.from.ref && onLine(s.from)).map((s) => ({ from: s.from, stage: s.index })),
    ...model.references.flatMap((r, reference) => (r.from.ref && onLine(r.from) ? [{ from: r.from, stage: r.stage ?? 0, reference }] : [])),
  ];
}
