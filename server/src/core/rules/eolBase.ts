import { refEdit, refRange } from '../dockerfile';
import { combinedReplacementTag, findEol, retiredImage, supportedUntil, type EolHit } from '../eol';
import { formatImageRef, imageName, parseImageRef, type ImageRef } from '../imageRef';
import { latestWasVersion, nearestPublished, officialImage, publishedImage, publishedSourceOf } from '../published';
import { parseTag } from '../tags';
import type { Fix, RawFinding, RuleMeta, TextEdit } from '../types';
import type { RuleContext } from './rule';
import { imageFroms, type ImageFrom } from './support';

export const meta: RuleMeta = {
  code: 'DPH004',
  name: 'eol-base',
  defaultSeverity: 'error',
  description: 'The runtime or OS of the image is past end of life: no more security patches, whatever you rebuild. Builder stages count too.',
};

/**
 * One finding per reference, however many of its parts are past end of life (`node:16-bullseye`:
 * the runtime and the Debian under it), with one fix that moves them together: two fixes that each
 * keep the other old part would each name a tag nobody publishes.
 */
export function check({ model, now }: RuleContext): RawFinding[] {
  const found: RawFinding[] = [];
  for (const image of imageFroms(model)) {
    const floating = floatingLatest(image.ref, now);
    if (floating) {
      found.push(floating(image));
      continue;
    }
    const tagStart = image.ref.offsets.tag?.[0];
    if (tagStart === undefined) continue;
    const hits = findEol(image.ref, now);
    if (hits.length === 0) continue;
    const move = supportedMove(image.ref, hits);
    const start = Math.min(...hits.map((h) => h.tagRange[0]));
    const end = Math.max(...hits.map((h) => h.tagRange[1]));
    found.push({
      message: `${message(hits, move, retiredImage(image.ref), publishedSourceOf(publishedImage(image.ref)))}.`,
      range: refRange(image.from, tagStart + start, tagStart + end),
      subject: image.from.range,
      fixes: move ? moveFix(image, hits, move) : [],
    });
  }
  return found;
}

export interface Move {
  text: string;
  supportedUntil?: string;
  /** Listed by the published-tags table, not only built from the lifecycle tables. */
  verified: boolean;
}

/** The reference after the move, checked against what the official images publish. */
/**
 * `FROM centos` or `centos:latest` of an image whose `latest` is no longer published: it still
 * pulls what `latest` last was (CentOS 8, from the official-images history), and that has ended.
 */
export function floatingLatest(ref: ImageRef, now: Date): ((image: ImageFrom) => RawFinding) | undefined {
  if (ref.digest || (ref.tag !== undefined && ref.tag !== 'latest')) return undefined;
  const name = officialImage(ref);
  const version = latestWasVersion(name);
  const pinned = version && parseImageRef(`${ref.raw.slice(0, ref.offsets.path[1])}:${version}`);
  const hits = pinned ? findEol(pinned, now) : [];
  if (!pinned || hits.length === 0) return undefined;
  const move = supportedMove(pinned, hits);
  return (image) => ({
    message: `${ref.raw} still pulls what ${name}:latest last was, ${name}:${version}, which is no longer published; ${message(hits, move)}.`,
    range: image.ref.offsets.tag ? refRange(image.from, image.ref.offsets.tag[0], image.ref.offsets.tag[1]) : refRange(image.from, 0, image.ref.offsets.path[1]),
    subject: image.from.range,
    fixes: move ? moveFix(image, hits, move) : [],
  });
}

export function supportedMove(ref: ImageRef, hits: EolHit[]): Move | undefined {
  if (hits.some((h) => h.supportedUntil === undefined) || retiredImage(ref)) return undefined;
  if (hits.some((h) => INCOMPATIBLE_LINES[h.family]?.test(h.cycle))) return undefined;
  const wholeImage = hits.find((h) => h.replacementImage !== undefined);
  const name = wholeImage?.replacementImage ?? imageName(ref);
  const wanted = combinedReplacementTag(ref.tag as string, hits);
  const known = wholeImage ? publishedImage({ path: name, registry: ref.registry }) : publishedImage(ref);
  const published = known ? nearestPublished(known, wanted) : { tag: wanted, verified: false };
  if (!published) return undefined;
  let text = formatImageRef(ref, { tag: published.tag, digest: null });
  if (wholeImage) {
    const nameStart = ref.offsets.path[1] - imageName(ref).length;
    text = ref.raw.slice(0, nameStart) + name + text.slice(ref.offsets.path[1]);
  }
  const until = hits.map((h) => h.supportedUntil as string).sort()[0];
  return { text, supportedUntil: until, verified: published.verified };
}

/** Lines whose successor is a port, not a version bump: Python 2 code does not run on Python 3. */
const INCOMPATIBLE_LINES: Record<string, RegExp> = { python: /^2(\.|$)/ };

function message(hits: EolHit[], move: Move | undefined, retired?: string, source = publishedSourceOf(undefined)): string {
  const ended = hits.map((h) => `${label(h)} ${h.imageDeprecated ? 'stopped being updated' : 'reached end of life'} on ${h.eol}${h.approximate ? ' (approximate date)' : ''}`).join(' and ');
  const deprecated = hits.some((h) => h.replacementImage) ? '; the image is deprecated' : '';
  if (!move && retired) return `${ended}; ${retired}`;
  if (!move) {
    const port = hits.find((h) => INCOMPATIBLE_LINES[h.family]?.test(h.cycle));
    if (port) return `${ended}${deprecated}; moving to a supported ${port.family} is a port to a new major version, not a tag change`;
    const known = hits.every((h) => h.supportedUntil !== undefined);
    return known
      ? `${ended}${deprecated}; no published tag of this variant is on a supported line (checked against ${source})`
      : `${ended}${deprecated}; no supported release is known to move to`;
  }
  return `${ended}${deprecated}; move to ${move.text} (${supportedUntil(move.supportedUntil)})`;
}

function label(hit: EolHit): string {
  if (hit.imageDeprecated) return `the ${hit.family} image's ${hit.cycle} tags`;
  return `${hit.family} ${hit.cycle}${hit.what === 'os' && hit.codename ? ` (${hit.codename})` : ''}`;
}

/** `now` tells the tense: eol-soon moves before the date ("ends"), eol-base after it ("ended"). */
export function moveFix({ from, ref }: ImageFrom, hits: EolHit[], move: Move, now?: Date): Fix[] {
  const whole = refEdit(from, 0, ref.raw.length, move.text);
  const edits = whole ? [whole] : partEdits(from, ref, hits, move.text);
  if (!edits) return [];
  // A new release line changes the runtime: a safe-looking one-click fix would be a lie.
  const repin = ref.digest ? '; pin again after' : '';
  const ended = hits.map((h) => `${h.family} ${h.cycle} ${now && new Date(h.eol) > now ? 'ends' : 'ended'} ${h.eol}`).join(', ');
  const unverified = move.verified ? '' : '; tag not checked against a published list';
  return [
    {
      title: `Move to a supported version: ${move.text} (${ended}, ${supportedUntil(move.supportedUntil)}${repin}${unverified})`,
      edits,
      safety: 'unsafe',
      preferred: move.verified ? undefined : false,
    },
  ];
}

/**
 * The move as one edit per expired part, for a tag whose parts are written in different places
 * (`ARG RUST_VERSION=1.70.0` and `FROM rust:${RUST_VERSION}-slim-bullseye`): each part changes
 * where it is written. Undefined unless replacing the parts gives exactly the tag of the move.
 */
function partEdits(from: ImageFrom['from'], ref: ImageRef, hits: EolHit[], target: string): TextEdit[] | undefined {
  const tag = ref.tag;
  const tagStart = ref.offsets.tag?.[0];
  const wanted = parseImageRef(target)?.tag;
  if (tag === undefined || tagStart === undefined || wanted === undefined || hits.some((h) => h.replacementImage)) return undefined;
  const parsed = parseTag(wanted);
  const replacement = (h: EolHit): string | undefined => {
    if (h.what === 'runtime') return wanted.slice(parsed.versionRange[0], parsed.versionRange[1]);
    const current = tag.slice(h.tagRange[0], h.tagRange[1]);
    if (/^\d/.test(current)) return /alpine-?(\d+\.\d+)/.exec(parsed.variant)?.[1] ?? /al(2023|2)\b/.exec(parsed.variant)?.[1];
    return parsed.codename;
  };
  let rebuilt = tag;
  const edits: TextEdit[] = [];
  for (const h of [...hits].sort((a, b) => b.tagRange[0] - a.tagRange[0])) {
    const text = replacement(h);
    const edit = text === undefined ? undefined : refEdit(from, tagStart + h.tagRange[0], tagStart + h.tagRange[1], text);
    if (text === undefined || !edit) return undefined;
    rebuilt = rebuilt.slice(0, h.tagRange[0]) + text + rebuilt.slice(h.tagRange[1]);
    edits.push(edit);
  }
  return rebuilt === wanted ? edits : undefined;
}
