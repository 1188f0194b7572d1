import { refRange } from '../dockerfile';
import { parseTag, compareTags } from '../tags';
import type { RawFinding, RuleMeta } from '../types';
import { answeredFacts } from './facts';
import type { RuleContext } from './rule';
import { imageReferences } from './support';

export const meta: RuleMeta = {
  code: 'DPH103',
  name: 'unknown-image',
  defaultSeverity: 'error',
  description: 'The registry says the repository or the tag does not exist: the build will fail at FROM.',
  needsRegistry: true,
  readsFacts: true,
};

export function check({ model, facts }: RuleContext): RawFinding[] {
  const found: RawFinding[] = [];
  for (const image of imageReferences(model)) {
    const { from, ref } = image;
    const answer = answeredFacts(facts, image);
    if (!answer?.notFound) continue;
    const host = `${ref.registry}/${ref.repository}`;
    if (answer.notFound === 'repository') {
      found.push({
        message: `${host} does not exist (or needs credentials you do not have); check the image name.`,
        range: refRange(from, ref.offsets.path[0], ref.offsets.path[1]),
        subject: from.range,
      });
      continue;
    }
    const tag = ref.tag ?? 'latest';
    const near = nearTags(tag, answer.tags ?? []);
    const span = ref.offsets.tag ?? ref.offsets.path;
    found.push({
      message: `${host} has no tag ${tag}${near.length ? `; near tags: ${near.join(', ')}` : ''}.`,
      range: refRange(from, span[0], span[1]),
      subject: from.range,
    });
  }
  return found;
}

/** Up to three tags of the same variant around where `tag` would sort. */
export function nearTags(tag: string, tags: string[]): string[] {
  const family = parseTag(tag).variantFamily;
  const same = tags.filter((t) => parseTag(t).variantFamily === family).sort(compareTags);
  const at = same.findIndex((t) => compareTags(t, tag) > 0);
  const index = at < 0 ? same.length : at;
  return same.slice(Math.max(0, index - 2), index + 1).reverse();
}
