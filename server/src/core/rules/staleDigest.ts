import { refRange } from '../dockerfile';
import type { RawFinding, RuleMeta } from '../types';
import { age, answeredFacts, shortDigest } from './facts';
import type { RuleContext } from './rule';
import { imageReferences } from './support';

export const meta: RuleMeta = {
  code: 'DPH102',
  name: 'stale-digest',
  defaultSeverity: 'warning',
  description: 'The pinned digest is no longer what its tag points to: the tag was re-pushed, usually with security patches.',
  needsRegistry: true,
  readsFacts: true,
};

export function check({ model, facts, now }: RuleContext): RawFinding[] {
  const found: RawFinding[] = [];
  for (const image of imageReferences(model)) {
    const { stage, from, ref } = image;
    if (!ref.tag || !ref.digest) continue;
    const current = answeredFacts(facts, image)?.digest;
    if (!current || current === ref.digest) continue;
    const created = answeredFacts(facts, image)?.created;
    const when = created ? ` (its image was built ${created.slice(0, 10)}, ${age(created, now)})` : '';
    const [start, end] = ref.offsets.digest!;
    found.push({
      message: `${ref.raw.slice(0, ref.offsets.path[1])}:${ref.tag} was re-pushed${when}; this pin ${shortDigest(ref.digest)} misses those patches. Refresh to ${shortDigest(current)}.`,
      range: refRange(from, start, end),
      subject: from.range,
      fixes: [
        {
          title: `Refresh digest of ${ref.raw.slice(0, ref.offsets.path[1])}:${ref.tag}`,
          edits: [],
          safety: 'safe',
          preferred: true,
          registry: { action: 'refresh', stage: stage.index, reference: image.reference, pin: true },
        },
      ],
    });
  }
  return found;
}
