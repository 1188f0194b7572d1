import { refEdit, refRange } from '../dockerfile';
import { findEol } from '../eol';
import { formatImageRef, parseImageRef } from '../imageRef';
import { nearestPublished, officialImage, publishedSourceOf, publishedState } from '../published';
import type { RawFinding, RuleMeta } from '../types';
import { floatingLatest } from './eolBase';
import type { RuleContext } from './rule';
import { imageFroms } from './support';

export const meta: RuleMeta = {
  code: 'DPH008',
  name: 'retired-tag',
  defaultSeverity: 'warning',
  description: 'A floating tag the official images stopped publishing (`redis:7.0-alpine`, `node:16.16`): it is never rebuilt, so its OS packages never get another fix.',
};

/**
 * Official-image tags that float (a version line or a variant, not one pinned build) and that the
 * library file no longer lists, from the published-tags table. The image is still pullable, which
 * is why nothing else notices: it is frozen on the day of its last build. A reference eol-base
 * already reports is left to it: one finding per reference, with the move that fixes both.
 */
export function check({ model, now }: RuleContext): RawFinding[] {
  const found: RawFinding[] = [];
  for (const image of imageFroms(model)) {
    const { from, ref } = image;
    const name = officialImage(ref);
    if (!ref.tag || !name || findEol(ref, now).length > 0 || floatingLatest(ref, now)) continue;
    const state = publishedState(name, ref.tag);
    if (state.state !== 'retired') continue;
    // A maintained tag can still be on an expired line (alpine 3.21): the move goes past those.
    const next = nearestPublished(name, ref.tag, (tag) => !expired(formatImageRef(ref, { tag, digest: null }), now));
    const to = next?.verified ? formatImageRef(ref, { tag: next.tag, digest: null }) : undefined;
    const edit = to ? refEdit(from, 0, ref.raw.length, to) : undefined;
    const [start, end] = ref.offsets.tag!;
    found.push({
      message:
        `${name}:${ref.tag} was last listed by the official images on ${state.lastListed} and is no longer rebuilt` +
        (to ? `; ${next!.tag} is the nearest tag of the same shape that is maintained` : '; no maintained tag of the same shape is published') +
        ` (${publishedSourceOf(name)}).`,
      range: refRange(from, start, end),
      subject: from.range,
      fixes: edit ? [{ title: `Move to a maintained tag: ${to}${ref.digest ? '; pin again after' : ''}`, edits: [edit], safety: 'unsafe' }] : [],
    });
  }
  return found;
}

function expired(raw: string, now: Date): boolean {
  const ref = parseImageRef(raw);
  return ref !== undefined && findEol(ref, now).length > 0;
}
