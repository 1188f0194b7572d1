import DISTROLESS from '../data/distroless.json';
import DOTNET from '../data/dotnetTags.json';
import PUBLISHED from '../data/publishedTags.json';
import { imageName, isOfficialLike, type ImageRef } from './imageRef';
import { compareNumbers, parseTag } from './tags';

/**
 * What Docker Hub's official images publish, from a snapshot of docker-library/official-images
 * (scripts/gen-published-tags.mjs): the tags each library file lists today, and the floating tags
 * it stopped listing, with the day it last did. Offline, a suggested tag is only offered when this
 * table lists it; images outside the table are unknown, never assumed published.
 */

interface ImageTags {
  current: Set<string>;
  retired: Map<string, string>;
}

const images = PUBLISHED.images as Record<string, { current: string; retired: Record<string, string>; latestWas?: string }>;
/**
 * Published today outside Docker Hub's library, by `registry/path`: Microsoft's .NET images
 * (scripts/gen-dotnet-tags.mjs, from dotnet/dotnet-docker) and Google's distroless images
 * (scripts/gen-distroless.mjs). They list no retired tags.
 */
const others: Record<string, { current: string; retired: Record<string, string> }> = Object.fromEntries([
  ...Object.entries(DOTNET.images as Record<string, string>).map(([path, tags]) => [path, { current: tags, retired: {} }] as const),
  ...Object.entries(DISTROLESS.images as Record<string, string[]>).map(([path, tags]) => [path, { current: tags.join(' '), retired: {} }] as const),
]);
// Sets are built for the images actually asked about: a few, out of 186.
const expanded = new Map<string, ImageTags>();

function tagsOf(name: string): ImageTags | undefined {
  const cached = expanded.get(name);
  if (cached) return cached;
  const entry = Object.hasOwn(images, name) ? images[name] : Object.hasOwn(others, name) ? others[name] : undefined;
  if (!entry) return undefined;
  const retired = new Map<string, string>();
  for (const [day, tags] of Object.entries(entry.retired)) for (const tag of tags.split(' ')) retired.set(tag, day);
  const built = { current: new Set(entry.current.split(' ')), retired };
  expanded.set(name, built);
  return built;
}

/** The official image a reference names (`node`, `library/node`, `mirror.local/library/node`), or undefined. */
export function officialImage(ref: Pick<ImageRef, 'path' | 'registry'>): string | undefined {
  const name = imageName(ref);
  return isOfficialLike(ref) && Object.hasOwn(images, name) ? name : undefined;
}

/** Where the list of `name`'s tags comes from, for messages: `official-images 2026-08-21`. */
export function publishedSourceOf(name: string | undefined): string {
  if (name?.startsWith('mcr.microsoft.com/')) return `dotnet-docker ${DOTNET.date}`;
  if (name?.startsWith('gcr.io/distroless/')) return `distroless ${DISTROLESS.date}`;
  return `official-images ${PUBLISHED.date}`;
}

/**
 * The key of the published-tags table that knows `ref`: the official image's name, or the
 * `registry/path` of a .NET or distroless image; undefined when no table knows it.
 */
export function publishedImage(ref: Pick<ImageRef, 'path' | 'registry'>): string | undefined {
  const key = `${ref.registry}/${ref.path}`;
  return officialImage(ref) ?? (Object.hasOwn(others, key) ? key : undefined);
}

export type PublishedState =
  | { state: 'current' }
  | { state: 'retired'; lastListed: string }
  | { state: 'never' }
  | { state: 'unknown' };

/** Whether `name:tag` is published today, was once (and until when), or never was, as far as the table knows. */
export function publishedState(name: string | undefined, tag: string): PublishedState {
  const tags = name === undefined ? undefined : tagsOf(name);
  if (!tags) return { state: 'unknown' };
  if (tags.current.has(tag)) return { state: 'current' };
  const lastListed = tags.retired.get(tag);
  return lastListed ? { state: 'retired', lastListed } : { state: 'never' };
}

/**
 * What `latest` of an official image pointed to the last time it was listed, when it no longer is
 * (`centos` → `8.4.2105`): the most precise version tag listed with it. Undefined otherwise.
 */
export function latestWasVersion(name: string | undefined): string | undefined {
  const entry = name !== undefined && Object.hasOwn(images, name) ? images[name] : undefined;
  const versions = entry?.latestWas?.split(' ').filter((t) => /^\d+(\.\d+)*$/.test(t));
  return versions?.sort((a, b) => b.split('.').length - a.split('.').length || b.length - a.length)[0];
}

/** The tags published today for an official image, or undefined when the table does not know it. */
export function currentTags(name: string | undefined): ReadonlySet<string> | undefined {
  return name === undefined ? undefined : tagsOf(name)?.current;
}

/**
 * The published tag closest to `wanted` with the same shape: `wanted` itself when listed, else the
 * lowest listed version at or above it with the same variant and as many version parts
 * (`rust:1.70.0-slim-trixie` → `1.91.1-slim-trixie`). Undefined when the image lists none; `wanted`
 * unverified when the table does not know the image. `accept` rules out listed tags (end of life).
 */
export function nearestPublished(
  name: string | undefined,
  wanted: string,
  accept: (tag: string) => boolean = () => true,
): { tag: string; verified: boolean } | undefined {
  const tags = currentTags(name);
  if (!tags) return { tag: wanted, verified: false };
  if (tags.has(wanted)) return { tag: wanted, verified: true };
  const target = parseTag(wanted);
  if (target.numbers.length === 0) return undefined;
  let best: { tag: string; numbers: number[] } | undefined;
  for (const tag of tags) {
    const parsed = parseTag(tag);
    if (parsed.variant !== target.variant || parsed.precision !== target.precision || parsed.prerelease) continue;
    if (compareNumbers(parsed.numbers, target.numbers) < 0 || !accept(tag)) continue;
    if (!best || compareNumbers(parsed.numbers, best.numbers) < 0) best = { tag, numbers: parsed.numbers };
  }
  return best && { tag: best.tag, verified: true };
}
