import { refRange } from '../dockerfile';
import type { RawFinding, RuleMeta } from '../types';
import type { RuleContext } from './rule';
import { imageReferences, pinFix } from './support';

export const meta: RuleMeta = {
  code: 'DPH002',
  name: 'latest-tag',
  defaultSeverity: 'warning',
  description: 'FROM uses `:latest` without a digest: the build changes whenever the tag moves, and nobody can tell what shipped.',
  hadolint: ['DL3007'],
};

export function check({ model }: RuleContext): RawFinding[] {
  return imageReferences(model)
    .filter(({ ref }) => ref.tag === 'latest' && ref.digest === undefined)
    .map((image) => ({
      message: `${image.ref.raw} follows whatever was pushed last; use a version tag, or pin the digest of today's latest to keep builds reproducible.`,
      range: refRange(image.from, image.ref.offsets.tag![0], image.ref.offsets.tag![1]),
      subject: image.from.range,
      // Not preferred: for latest, a version tag is the better fix, and only the user can pick one.
      fixes: [pinFix(image, false)],
    }));
}
