import { refEdit, refRange } from '../dockerfile';
import { findEol } from '../eol';
import { formatImageRef, imageName } from '../imageRef';
import type { Fix, RawFinding, RuleMeta } from '../types';
import type { RuleContext } from './rule';
import { imageFroms, type ImageFrom } from './support';
import type { EolHit } from '../eol';

export const meta: RuleMeta = {
  code: 'DPH004',
  name: 'eol-base',
  defaultSeverity: 'error',
  description: 'The runtime or OS of the image is past end of life: no more security patches, whatever you rebuild. Builder stages count too.',
};

export function check({ model, now }: RuleContext): RawFinding[] {
  const found: RawFinding[] = [];
  for (const image of imageFroms(model)) {
    const tagStart = image.ref.offsets.tag?.[0];
    if (tagStart === undefined) continue;
    for (const hit of findEol(image.ref, now)) {
      found.push({
        message: `${hit.message}.`,
        range: refRange(image.from, tagStart + hit.tagRange[0], tagStart + hit.tagRange[1]),
        subject: image.from.range,
        fixes: moveFix(image, hit),
      });
    }
  }
  return found;
}

function moveFix({ from, ref }: ImageFrom, hit: EolHit): Fix[] {
  let newText = formatImageRef(ref, { tag: hit.replacementTag, digest: null });
  if (hit.replacementImage) {
    const name = imageName(ref);
    const nameStart = ref.offsets.path[1] - name.length;
    newText = ref.raw.slice(0, nameStart) + hit.replacementImage + newText.slice(ref.offsets.path[1]);
  }
  const edit = refEdit(from, 0, ref.raw.length, newText);
  if (!edit) return [];
  // A new release line changes the runtime: a safe-looking one-click fix would be a lie.
  const repin = ref.digest ? '; pin again after' : '';
  const until = hit.supportedUntil ? `, supported until ${hit.supportedUntil}` : '';
  return [{ title: `Move to a supported version: ${newText} (${hit.family} ${hit.cycle} ended ${hit.eol}${until}${repin})`, edits: [edit], safety: 'unsafe' }];
}
