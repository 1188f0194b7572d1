import type { DockerfileModel } from '../core/dockerfile';
import type { Finding, TextEdit } from '../core/types';
import { planFix, type PlannedFix } from './registryEdits';

/** FROMs with a tag and no digest (`:latest` too); an untagged FROM needs a tag chosen by a person first. */
export function pinPlans(model: DockerfileModel, line?: number): PlannedFix[] {
  return imageStages(model, line)
    .filter((s) => s.from.ref!.tag !== undefined && s.from.ref!.digest === undefined)
    .flatMap((s) => planFix(model, { action: 'pin', stage: s.index, pin: true }) ?? []);
}

/** FROMs pinned with tag and digest: re-pin to where the tag points now. */
export function refreshPlans(model: DockerfileModel, line?: number): PlannedFix[] {
  return imageStages(model, line)
    .filter((s) => s.from.ref!.tag !== undefined && s.from.ref!.digest !== undefined)
    .flatMap((s) => planFix(model, { action: 'refresh', stage: s.index, pin: true }) ?? []);
}

/** The preferred (safe) fix of every stale-tag finding: plain edits, or registry fixes when the tag was pinned. */
export function updatePlans(model: DockerfileModel, findings: Finding[]): { plans: PlannedFix[]; edits: TextEdit[] } {
  const plans: PlannedFix[] = [];
  const edits: TextEdit[] = [];
  for (const finding of findings.filter((f) => f.rule === 'stale-tag')) {
    const fix = finding.fixes.find((f) => f.preferred && f.safety === 'safe');
    if (!fix) continue;
    const plan = fix.registry && planFix(model, fix.registry);
    if (plan) plans.push(plan);
    else edits.push(...fix.edits);
  }
  return { plans, edits };
}

function imageStages(model: DockerfileModel, line?: number) {
  return model.stages.filter((s) => s.from.kind === 'image' && s.from.ref && (line === undefined || s.from.range.start.line === line));
}
