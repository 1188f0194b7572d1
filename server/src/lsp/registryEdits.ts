import type { DockerfileModel } from '../core/dockerfile';
import { registryFixEdits, registryFixTarget, requestedFrom } from '../core/registryFixes';
import type { RegistryFixRequest, TextEdit } from '../core/types';
import type { RegistryClient } from '../registry';

/** A registry fix with the image it was computed for, so it can be re-applied to a newer text. */
export interface PlannedFix {
  request: RegistryFixRequest;
  registry: string;
  repository: string;
}

export interface Failure {
  /** `docker.io/library/node:20`. */
  reference: string;
  message: string;
  registry?: string;
  kind?: string;
}

export function planFix(model: DockerfileModel, request: RegistryFixRequest): PlannedFix | undefined {
  const ref = requestedFrom(model, request)?.ref;
  return ref && { request, registry: ref.registry, repository: ref.repository };
}

type Target = NonNullable<ReturnType<typeof registryFixTarget>>;

function targetKey(t: Target): string {
  return `${t.registry}/${t.repository}:${t.tag}|${t.platform ?? ''}`;
}

function shown(t: Target): string {
  return `${t.registry}/${t.repository}:${t.tag}`;
}

/** Asks the registry (verified digests) for every distinct reference the fixes pin. */
export async function resolveDigests(client: RegistryClient, model: DockerfileModel, plans: PlannedFix[]): Promise<Map<string, { digest?: string; failure?: Failure }>> {
  const targets = new Map<string, Target>();
  for (const plan of plans) {
    const target = registryFixTarget(model, relocate(model, plan) ?? plan.request);
    if (target) targets.set(targetKey(target), target);
  }
  const results = new Map<string, { digest?: string; failure?: Failure }>();
  await Promise.all(
    [...targets].map(async ([key, t]) => {
      try {
        results.set(key, { digest: await client.resolveDigest({ registry: t.registry, repository: t.repository, tag: t.tag }, { platform: t.platform }) });
      } catch (err) {
        const e = err as { message?: string; registry?: string; kind?: string };
        results.set(key, { failure: { reference: shown(t), message: e.message ?? String(err), registry: e.registry, kind: e.kind } });
      }
    }),
  );
  return results;
}

/**
 * Edits against `model`, which may be a newer text than the digests were resolved for: each fix
 * finds its FROM again by image, and a FROM whose tag changed meanwhile is reported, not guessed.
 */
export function buildEdits(model: DockerfileModel, plans: PlannedFix[], digests: Map<string, { digest?: string; failure?: Failure }>): { edits: TextEdit[]; failures: Failure[] } {
  const edits: TextEdit[] = [];
  const failures: Failure[] = [];
  for (const plan of plans) {
    const request = relocate(model, plan);
    const target = request && registryFixTarget(model, request);
    const answer = target && digests.get(targetKey(target));
    if (!request || !target || !answer) {
      failures.push({ reference: `${plan.registry}/${plan.repository}`, message: 'The Dockerfile changed while the registry was asked; run the fix again.' });
      continue;
    }
    if (answer.failure) {
      failures.push(answer.failure);
      continue;
    }
    const fixEdits = registryFixEdits(model, request, answer.digest);
    if (!fixEdits) {
      failures.push({ reference: shown(target), message: 'The image reference is not written in one place (it is built from several ARGs); edit it by hand.' });
      continue;
    }
    edits.push(...fixEdits);
  }
  return { edits: withoutOverlaps(edits), failures: dedupe(failures) };
}

/** The request for the same image in `model`: the same stage when it still names it, else the first stage that does. */
function relocate(model: DockerfileModel, plan: PlannedFix): RegistryFixRequest | undefined {
  const same = (i: number) => {
    const ref = model.stages[i]?.from.ref;
    return ref !== undefined && ref.registry === plan.registry && ref.repository === plan.repository;
  };
  if (plan.request.reference !== undefined) {
    const ref = requestedFrom(model, plan.request)?.ref;
    return ref && ref.registry === plan.registry && ref.repository === plan.repository ? plan.request : undefined;
  }
  if (same(plan.request.stage)) return plan.request;
  const stage = model.stages.findIndex((_, i) => same(i));
  return stage >= 0 ? { ...plan.request, stage } : undefined;
}

/** Two FROMs using one ARG default produce the same edit twice; a client rejects overlapping edits. */
function withoutOverlaps(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const kept: TextEdit[] = [];
  for (const edit of sorted) {
    const last = kept[kept.length - 1];
    const overlaps = last && (edit.range.start.line < last.range.end.line || (edit.range.start.line === last.range.end.line && edit.range.start.character < last.range.end.character));
    if (!overlaps) kept.push(edit);
  }
  return kept;
}

function dedupe(failures: Failure[]): Failure[] {
  const seen = new Set<string>();
  return failures.filter((f) => !seen.has(f.reference + f.message) && seen.add(f.reference + f.message) !== undefined);
}
