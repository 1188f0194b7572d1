import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { lifecycleOf, supportedUntil } from '../core/eol';
import { canonicalRef } from '../core/imageRef';
import { queryFor } from '../core/registryQueries';
import { age } from '../core/rules/facts';
import { upgradeCandidates } from '../core/tags';
import type { ImageFacts } from '../core/types';
import type { DocumentAnalysis } from './documentAnalysis';
import { within } from './budget';
import { imageAt } from './imageAtPosition';

/** How long a hover waits for the registry before showing what it knows. */
export const HOVER_BUDGET_MS = 1500;

/** Everything known about the base image under the cursor: where its tag points, its age, newer tags, end of life. */
export async function hoverAt(analysis: DocumentAnalysis, position: Position, now: Date): Promise<Hover | null> {
  const from = imageAt(analysis.model, position);
  const ref = from?.ref;
  if (!from || !ref) return null;
  const query = queryFor(ref, from.platform);
  const client = analysis.client;
  const [current, pinned] = await Promise.all([
    query ? within(client.imageFacts(query, { platform: query.platform, tags: true }), HOVER_BUDGET_MS) : undefined,
    ref.digest ? within(client.imageFacts({ registry: ref.registry, repository: ref.repository, digest: ref.digest }), HOVER_BUDGET_MS) : undefined,
  ]);
  const lines: string[] = [];
  const written = from.written !== ref.raw ? ` (from \`${from.written}\`)` : '';
  lines.push(`**${ref.raw}**${written} → \`${canonicalRef({ ...ref, tag: ref.tag ?? (ref.digest ? undefined : 'latest') })}\``, '');
  lines.push(...registryLines(current, query !== undefined, ref.tag ?? 'latest', from.platform, now));
  if (ref.digest) lines.push(pinLine(ref.digest, current, pinned, now));
  if (current?.tags && ref.tag) {
    const c = upgradeCandidates(ref.tag, current.tags);
    const newer = [c.patch && `\`${c.patch}\` (patch)`, c.minor && `\`${c.minor}\` (minor)`, c.variant && `\`${c.variant}\` (newer variant)`, c.major && `\`${c.major}\` (major)`].filter(Boolean);
    lines.push(`- **Newer tags:** ${newer.length ? newer.join(', ') : 'none in this variant'}`);
  }
  const today = now.toISOString().slice(0, 10);
  for (const life of lifecycleOf(ref)) {
    const label = `${life.family} ${life.cycle}${life.codename ? ` (${life.codename})` : ''}`;
    const state = life.eol <= today ? `${life.imageDeprecated ? 'stopped being updated on' : 'reached end of life on'} ${life.eol}` : supportedUntil(life.eol);
    lines.push(`- **End of life:** ${label} ${state}${life.approximate ? ' (approximate)' : ''}`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: from.writtenRange };
}

function registryLines(facts: ImageFacts | undefined, asked: boolean, tag: string, platform: string | undefined, now: Date): string[] {
  if (!asked) return [];
  if (!facts) return ['- _The registry has not answered yet; hover again in a moment._'];
  if (facts.problem) return [`- _Registry not asked:_ ${facts.problem.message}`];
  if (facts.notFound) return [`- **Not found:** the registry has no ${facts.notFound === 'tag' ? `tag \`${tag}\`` : 'such repository'}.`];
  const lines: string[] = [];
  if (facts.digest) lines.push(`- **\`${tag}\` points to:** \`${facts.digest}\`${platform ? ` (${platform})` : ''}`);
  if (facts.platforms?.length) lines.push(`- **Platforms:** ${facts.platforms.join(', ')}`);
  if (facts.created) lines.push(`- **Last pushed:** ${facts.created.slice(0, 10)} (built ${age(facts.created, now)})`);
  return lines;
}

function pinLine(digest: string, current: ImageFacts | undefined, pinned: ImageFacts | undefined, now: Date): string {
  const built = pinned?.created ? `, built ${pinned.created.slice(0, 10)} (${age(pinned.created, now)})` : '';
  if (!current?.digest) return `- **Pinned:** \`${digest}\`${built}`;
  return current.digest === digest
    ? `- **Pinned:** \`${digest}\`${built}: up to date with the tag`
    : `- **Pinned:** \`${digest}\`${built}: **out of date**, the tag has moved on; run "Refresh digest"`;
}
