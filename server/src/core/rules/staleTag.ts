import { refEdit, refRange } from '../dockerfile';
import { formatImageRef } from '../imageRef';
import { upgradeCandidates } from '../tags';
import type { Fix, RawFinding, RuleMeta } from '../types';
import { answeredFacts } from './facts';
import type { RuleContext } from './rule';
import { imageFroms, type ImageFrom } from './support';

export const meta: RuleMeta = {
  code: 'DPH101',
  name: 'stale-tag',
  defaultSeverity: 'warning',
  description: 'A newer patch or minor release exists in the same variant (`20.10.0-alpine` → `20.18.1-alpine`).',
  needsRegistry: true,
  readsFacts: true,
};

export function check({ model, facts }: RuleContext): RawFinding[] {
  const found: RawFinding[] = [];
  for (const image of imageFroms(model)) {
    const { from, ref } = image;
    const tags = answeredFacts(facts, image)?.tags;
    if (!ref.tag || !tags || tags.length === 0) continue;
    const candidates = upgradeCandidates(ref.tag, tags);
    const offers = [
      candidates.patch && { tag: candidates.patch, why: 'newest patch', safe: true },
      candidates.minor && { tag: candidates.minor, why: `newest ${ref.tag.split('.')[0]}.x`, safe: true },
      candidates.variant && { tag: candidates.variant, why: 'newer base variant', safe: false },
    ].filter((o): o is { tag: string; why: string; safe: boolean } => !!o);
    if (offers.length === 0) continue;
    const [start, end] = ref.offsets.tag!;
    found.push({
      message: `${ref.raw} is behind: ${offers.map((o) => `${o.tag} (${o.why})`).join(', ')} exist${offers.length === 1 ? 's' : ''}. Update the tag to get their fixes.`,
      range: refRange(from, start, end),
      subject: from.range,
      fixes: offers.map((offer, i) => updateFix(image, offer.tag, offer.safe, i === 0 && offer.safe)),
    });
  }
  return found;
}

function updateFix({ stage, from, ref }: ImageFrom, tag: string, safe: boolean, preferred: boolean): Fix {
  const title = `Update tag to ${tag}${ref.digest ? ' and pin its digest' : ''}`;
  const safety = safe ? 'safe' : 'unsafe';
  if (ref.digest) {
    // The old pin belongs to the old tag: the new tag needs its own digest from the registry.
    return { title, edits: [], safety, preferred, registry: { action: 'update-tag', stage: stage.index, tag, pin: true } };
  }
  const edit = refEdit(from, 0, ref.raw.length, formatImageRef(ref, { tag }));
  return { title, edits: edit ? [edit] : [], safety, preferred };
}
