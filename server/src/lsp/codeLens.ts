import type { CodeLens } from 'vscode-languageserver/node';
import { queryFor } from '../core/registryQueries';
import { age } from '../core/rules/facts';
import type { ImageFacts } from '../core/types';
import type { FromImage } from '../core/dockerfile';
import type { DocumentAnalysis } from './documentAnalysis';
import { within } from './budget';
import { COMMANDS } from './protocol';

export const LENS_BUDGET_MS = 1000;

/**
 * One lens per image reference that names a tag (FROM, COPY --from, a mount source, the syntax
 * directive): the pin's age and whether the tag moved since, with
 * Refresh or Pin where that applies. Returns `complete: false` when the registry had not answered
 * within the budget, so the caller asks the client to refresh lenses later.
 */
export async function codeLenses(analysis: DocumentAnalysis, now: Date): Promise<{ lenses: CodeLens[]; complete: boolean }> {
  const froms = [...analysis.model.stages.map((s) => s.from), ...analysis.model.references.map((r) => r.from)];
  const perStage = await Promise.all(froms.map((from) => referenceLenses(analysis, from, now)));
  return { lenses: perStage.flatMap((s) => s.lenses), complete: perStage.every((s) => s.complete) };
}

async function referenceLenses(analysis: DocumentAnalysis, from: FromImage, now: Date): Promise<{ lenses: CodeLens[]; complete: boolean }> {
  const ref = from.ref;
  if (from.kind !== 'image' || !ref?.tag) return { lenses: [], complete: true };
  const range = { start: from.range.start, end: from.range.start };
  const args = [analysis.uri, { line: from.range.start.line }];
  if (!ref.digest) return { lenses: [{ range, command: { title: 'Pin digest', command: COMMANDS.pinAll, arguments: args } }], complete: true };
  const query = queryFor(ref, from.platform)!;
  const [current, pinned] = await Promise.all([
    within(analysis.client.imageFacts(query, { platform: query.platform }), LENS_BUDGET_MS),
    within(analysis.client.imageFacts({ registry: ref.registry, repository: ref.repository, digest: ref.digest }), LENS_BUDGET_MS),
  ]);
  const moved = !!current?.digest && current.digest !== ref.digest;
  // A lens with an empty command is plain text: the state, then the action beside it.
  const lenses: CodeLens[] = [{ range, command: { title: lensTitle(ref.digest, current, pinned, now), command: '' } }];
  if (moved) lenses.push({ range, command: { title: 'Refresh pin', command: COMMANDS.refreshAll, arguments: args } });
  return { lenses, complete: current !== undefined && pinned !== undefined };
}

function lensTitle(digest: string, current: ImageFacts | undefined, pinned: ImageFacts | undefined, now: Date): string {
  const pinnedPart = pinned?.created ? `pinned ${age(pinned.created, now)}` : 'pinned';
  if (!current) return `${pinnedPart} · checking the registry…`;
  if (current.problem) return `${pinnedPart} · registry not reachable`;
  if (!current.digest) return pinnedPart;
  if (current.digest === digest) return `${pinnedPart} · up to date`;
  const moved = current.created ? `tag moved ${age(current.created, now)}` : 'tag moved';
  return `${pinnedPart} · ${moved}`;
}
