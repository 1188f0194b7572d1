import { refRange } from '../dockerfile';
import type { RawFinding, RuleMeta } from '../types';
import type { RuleContext } from './rule';
import { imageReferences, pinFix } from './support';

export const meta: RuleMeta = {
  code: 'DPH003',
  name: 'unpinned-digest',
  defaultSeverity: 'info',
  description: 'A tag without a digest is mutable: the same Dockerfile builds on different bases from one day to the next.',
};

export function check({ model }: RuleContext): RawFinding[] {
  return imageReferences(model)
    .filter(({ ref }) => ref.tag !== undefined && ref.tag !== 'latest' && ref.digest === undefined)
    .map((image) => ({
      message: `${image.ref.raw} is a mutable tag; pin its digest (${image.ref.raw}@sha256:…) so builds are reproducible, and refresh the pin when the tag moves.`,
      range: refRange(image.from, image.ref.offsets.tag![0], image.ref.offsets.tag![1]),
      subject: image.from.range,
      fixes: [pinFix(image, true)],
    }));
}
