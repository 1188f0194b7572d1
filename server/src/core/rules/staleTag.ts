import { refEdit, refRange } from '../dockerfile';
import { formatImageRef } from '../imageRef';
import { officialImage } from '../published';
import { parseTag, upgradeCandidates } from '../tags';
import type { Fix, RawFinding, RuleMeta } from '../types';
import { answeredFacts } from './facts';
import type { RuleContext } from './rule';
import { imageReferences, type ImageFrom } from './support';

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
  for (const image of imageReferences(model)) {
    const { from, ref } = image;
    const answer = answeredFacts(facts, image);
    const tags = answer?.tags;
    // A list cut off by the registry client's cap may lack the newest tags: no claim of "newest".
    if (!ref.tag || !tags || tags.length === 0 || answer?.tagsIncomplete) continue;
    const candidates = upgradeCandidates(ref.tag, officialImage(ref) === 'ubuntu' ? tags.filter(ubuntuLts) : tags);
    const suffix = candidates.suffixPatch && parseTag(candidates.suffixPatch).variant;
    const offers = [
      candidates.patch && { tag: candidates.patch, why: 'newest patch', safe: true, level: 'patch' },
      candidates.minor && { tag: candidates.minor, why: `newest ${ref.tag.split('.')[0]}.x`, safe: true, level: 'minor' },
      candidates.suffixPatch && { tag: candidates.suffixPatch, why: `newest patch, on ${suffix}`, safe: false, level: 'variant' },
      candidates.variant && { tag: candidates.variant, why: 'newer base variant', safe: false, level: 'variant' },
    ].filter((o): o is Offer => !!o);
    if (offers.length === 0) continue;
    const [start, end] = ref.offsets.tag!;
    found.push({
      message: `${ref.raw} is behind: ${offers.map((o) => `${o.tag} (${o.why})`).join(', ')} exist${offers.length === 1 ? 's' : ''}. Update the tag to get their fixes.`,
      range: refRange(from, start, end),
      subject: from.range,
      fixes: offers.map((offer, i) => updateFix(image, offer, i === 0 && offer.safe)),
    });
  }
  return found;
}

interface Offer {
  tag: string;
  why: string;
  safe: boolean;
  level: 'patch' | 'minor' | 'variant';
}

/** Ubuntu's interim releases live nine months: from an LTS, only another LTS (even year, April) is a move. */
function ubuntuLts(tag: string): boolean {
  const m = /^(\d+)\.(\d+)/.exec(tag);
  return !m || (Number(m[1]) % 2 === 0 && m[2] === '04');
}

function updateFix({ stage, from, ref, reference }: ImageFrom, offer: Offer, preferred: boolean): Fix {
  const { tag, level } = offer;
  const label = offer.level === 'variant' ? ` (${offer.why})` : '';
  const title = `Update tag to ${tag}${label}${ref.digest ? ' and pin its digest' : ''}`;
  const safety = offer.safe ? 'safe' : 'unsafe';
  if (ref.digest) {
    // The old pin belongs to the old tag: the new tag needs its own digest from the registry.
    return { title, edits: [], safety, preferred, updateLevel: level, registry: { action: 'update-tag', stage: stage.index, reference, tag, pin: true } };
  }
  const edit = refEdit(from, 0, ref.raw.length, formatImageRef(ref, { tag }));
  return { title, edits: edit ? [edit] : [], safety, preferred, updateLevel: level };
}
