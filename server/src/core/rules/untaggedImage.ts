import { refRange } from '../dockerfile';
import type { RawFinding, RuleMeta } from '../types';
import type { RuleContext } from './rule';
import { imageReferences } from './support';

export const meta: RuleMeta = {
  code: 'DPH001',
  name: 'untagged-image',
  defaultSeverity: 'warning',
  description: 'FROM names an image with neither tag nor digest, so Docker silently uses whatever `latest` is today.',
  hadolint: ['DL3006'],
};

export function check({ model }: RuleContext): RawFinding[] {
  return imageReferences(model)
    .filter(({ ref }) => ref.tag === undefined && ref.digest === undefined)
    .map(({ from, ref }) => {
      const end = ref.offsets.path[1];
      return {
        message: `${ref.raw} has no tag, so it means ${ref.raw}:latest, which moves without notice; name a version tag (and pin its digest).`,
        range: refRange(from, 0, end),
        subject: from.range,
      };
    });
}
