import { JDK_TAGGED_IMAGES, EOL_TABLES, EolCycle, EolTable, NO_END_ANNOUNCED, OS_CODENAMES, eolTable } from '../data/eol';
import { ImageRef, imageName, isOfficialLike } from './imageRef';
import { TagVersion, parseTag } from './tags';
import { memoizeByRef } from './memo';

/** One release line a base image is built on (`node 16`, `debian 10`), with its end of life. */
export interface Lifecycle {
  family: string;
  cycle: string;
  codename?: string;
  /** Last day of free security support (YYYY-MM-DD). */
  eol: string;
  approximate: boolean;
  /** `runtime` for the image's own product, `os` for the distribution under it. */
  what: 'runtime' | 'os';
  /** Offsets in the TAG of the text naming this release line (`16` of `16-alpine`). */
  tagRange: [number, number];
  /** Where the dates come from. */
  source: string;
  /** The date is when the image stopped being updated (openjdk), not when the product's line ended. */
  imageDeprecated?: boolean;
}

/** A release line that is past its end of life, with the smallest edit that moves off it. */
export interface EolHit extends Lifecycle {
  /** The whole tag after the fix: `22-alpine`, `3.12-slim-trixie`. */
  replacementTag: string;
  /**
   * Set when the image itself is abandoned (`openjdk` → `eclipse-temurin`): the fix replaces the
   * image name as well as the tag. `tagRange` then covers the whole tag.
   */
  replacementImage?: string;
  /** End of support of the suggested release line. */
  supportedUntil?: string;
  message: string;
}

/**
 * The release lines a reference is built on, whatever their state. Known images are Docker Hub
 * official images, under any registry (`node`, `docker.io/library/node`,
 * `mirror.local/library/node`, `127.0.0.1:5000/node` as a mirror), and .NET's images on MCR.
 * `latest` and untagged references name no release line.
 */
function lifecycleOfUncached(ref: ImageRef): Lifecycle[] {
  if (ref.tag === undefined || ref.tag === 'latest') return [];
  const table = tableFor(ref);
  if (!table && !isOfficialLike(ref)) return [];
  const tag = parseTag(ref.tag);
  const found: Lifecycle[] = [];
  const own = table && ownCycle(table, tag, imageName(ref));
  if (table && own) found.push(lifecycle(table, own.cycle, table.kind, own.range));
  if (table?.kind !== 'os') found.push(...osInVariant(tag));
  if (!table && JDK_TAGGED_IMAGES.images.includes(imageName(ref))) found.push(...jdkInVariant(tag));
  return found;
}

/**
 * The JDK named inside a build tool's tag: `gradle:7-jdk16`, `maven:3-eclipse-temurin-19`,
 * `maven:3-amazoncorretto-20`. The openjdk variants are the retired openjdk image: retired-tag's.
 */
function jdkInVariant(tag: TagVersion): Lifecycle[] {
  const start = tag.variantRange[0];
  for (const [pattern, family] of JDK_TAGGED_IMAGES.words) {
    const m = pattern.exec(tag.variant);
    const table = m && eolTable(family);
    const cycle = m && table?.cycles.find((c) => c.cycle === m[2]);
    if (m && table && cycle) {
      const at = start + m.index + m[1].length;
      return [lifecycle(table, cycle, 'runtime', [at, at + m[2].length])];
    }
  }
  return [];
}
export const lifecycleOf = memoizeByRef(lifecycleOfUncached);

/** Release lines of `ref` that reached end of life on or before `now`, with their fixes. */
export function findEol(ref: ImageRef, now: Date): EolHit[] {
  const today = isoDay(now);
  return lifecycleOf(ref)
    .filter((life) => life.eol <= today)
    .map((life) => toHit(ref, life, today));
}

function toHit(ref: ImageRef, life: Lifecycle, today: string): EolHit {
  const table = eolTable(life.family) as EolTable;
  const tag = ref.tag as string;
  const name = imageName(ref);
  let replacementTag = tag;
  let replacementImage: string | undefined;
  let tagRange = life.tagRange;
  let target: EolCycle | undefined;
  if (table.successor) {
    const successor = eolTable(table.successor.family) as EolTable;
    target = successor.cycles.find((c) => c.cycle === life.cycle && isLive(c, today)) ?? recommend(successor, today);
    if (target) {
      const words: string[] = parseTag(tag).variant.match(/[a-z]+/g) ?? [];
      const kept = table.successor.keep.filter((word) => words.includes(word));
      replacementTag = [spelling(target), ...kept].join('-');
      replacementImage = table.successor.image;
      tagRange = [0, tag.length];
    }
  } else {
    target = recommend(table, today);
    if (target) {
      const current = tag.slice(life.tagRange[0], life.tagRange[1]);
      const byName = life.codename !== undefined && current === life.codename && target.codename !== undefined;
      const text = byName ? (target.codename as string) : spelling(target);
      // Snapshot tags (`bullseye-20240612-slim`) pin a build of the old release; the new
      // release has other snapshot dates, so the fix moves to its rolling tag instead.
      const snapshot = /^-\d{8}(?=$|-)/.exec(tag.slice(life.tagRange[1]));
      if (snapshot) tagRange = [life.tagRange[0], life.tagRange[1] + snapshot[0].length];
      replacementTag = tag.slice(0, tagRange[0]) + text + tag.slice(tagRange[1]);
    }
  }
  const label = `${life.family} ${life.cycle}${life.what === 'os' && life.codename ? ` (${life.codename})` : ''}`;
  const when = `${life.eol}${life.approximate ? ' (approximate date)' : ''}`;
  const prefix = ref.raw.slice(0, ref.offsets.path[1] - name.length);
  const suggestion = `${prefix}${replacementImage ?? name}:${replacementTag}`;
  const deprecated = table.successor ? `; the ${name} image is deprecated` : '';
  const message = target
    ? `${label} reached end of life on ${when}${deprecated}; move to ${suggestion} (${supportedUntil(target.eol)})`
    : `${label} reached end of life on ${when}${deprecated}; no supported release is known to move to`;
  return { ...life, tagRange, replacementTag, replacementImage, supportedUntil: target?.eol, message };
}

/**
 * The tag after every hit's edit, for one fix that moves runtime and OS together
 * (`16-alpine3.15` → `24-alpine3.23`). Hits that replace the image (`replacementImage`) win alone.
 */
export function combinedReplacementTag(tag: string, hits: EolHit[]): string {
  const whole = hits.find((hit) => hit.replacementImage !== undefined);
  if (whole) return whole.replacementTag;
  let result = tag;
  for (const hit of [...hits].sort((a, b) => b.tagRange[0] - a.tagRange[0])) {
    const suffix = tag.length - hit.tagRange[1];
    const text = hit.replacementTag.slice(hit.tagRange[0], hit.replacementTag.length - suffix);
    result = result.slice(0, hit.tagRange[0]) + text + result.slice(hit.tagRange[1]);
  }
  return result;
}

/** Where the images of a retired path are now (`mcr.microsoft.com/dotnet/core/sdk`), from the family's data. */
export function retiredImage(ref: ImageRef): string | undefined {
  const qualified = `${ref.registry}/${ref.path}`;
  return tableFor(ref)?.retiredImages?.find((r) => r.images.includes(qualified))?.now;
}

function tableFor(ref: ImageRef): EolTable | undefined {
  const qualified = `${ref.registry}/${ref.path}`;
  const byPath = EOL_TABLES.find((t) => t.qualifiedImages?.includes(qualified));
  if (byPath) return byPath;
  if (!isOfficialLike(ref)) return undefined;
  const name = imageName(ref);
  return EOL_TABLES.find((t) => t.images.includes(name));
}

function ownCycle(table: EolTable, tag: TagVersion, name: string): { cycle: EolCycle; range: [number, number] } | undefined {
  if (tag.numbers.length > 0) {
    const cycle = longestPrefixCycle(table, tag.numbers);
    return cycle && { cycle, range: tag.versionRange };
  }
  const start = tag.variantRange[0];
  const word = /^[a-z]+/.exec(tag.variant)?.[0];
  const named = word && table.cycles.find((c) => c.codename === word);
  if (named && word) return { cycle: named, range: [start, start + word.length] };
  // `centos:centos7`: the image name glued to its version.
  const glued = new RegExp(`^${name}(\\d+(?:\\.\\d+)*)`).exec(tag.variant);
  if (glued) {
    const cycle = longestPrefixCycle(table, glued[1].split('.').map(Number));
    const from = start + name.length;
    return cycle && { cycle, range: [from, from + glued[1].length] };
  }
  return undefined;
}

function longestPrefixCycle(table: EolTable, numbers: number[]): EolCycle | undefined {
  let best: EolCycle | undefined;
  for (const cycle of table.cycles) {
    if (cycle.cycle === table.shortOnlyCycle && numbers.length > 2) continue;
    const parts = cycle.cycle.split('.').map(Number);
    if (parts.every((n, i) => numbers[i] === n) && (!best || parts.length > best.cycle.split('.').length)) best = cycle;
  }
  if (best) return best;
  // A tag less precise than the product's lines (`python:2`, `php:7-apache`, `mysql:5`) floats to
  // the newest line it names: 2.7, 7.4, 5.7.
  const under = table.cycles.filter((c) => numbers.every((n, i) => Number(c.cycle.split('.')[i]) === n) && c.cycle.split('.').length > numbers.length);
  return under.sort((a, b) => compareCycles(a.cycle, b.cycle)).at(-1);
}

/** The distribution named inside a runtime tag: `-buster`, `-jammy`, `-alpine3.15`. */
function osInVariant(tag: TagVersion): Lifecycle[] {
  const found: Lifecycle[] = [];
  const start = tag.variantRange[0];
  for (const word of tag.variant.matchAll(/[a-z]+/g)) {
    const family = OS_CODENAMES.get(word[0]);
    const table = family && eolTable(family);
    const cycle = table?.cycles.find((c) => c.codename === word[0]);
    const at = start + (word.index ?? 0);
    if (table && cycle) found.push(lifecycle(table, cycle, 'os', [at, at + word[0].length]));
  }
  // `alpine3.21`, and Temurin's `alpine-3.21`.
  const alpine = /alpine(-?)(\d+\.\d+)/.exec(tag.variant);
  const table = eolTable('alpine') as EolTable;
  const cycle = alpine && longestPrefixCycle(table, alpine[2].split('.').map(Number));
  if (alpine && cycle) {
    const at = start + alpine.index + 'alpine'.length + alpine[1].length;
    found.push(lifecycle(table, cycle, 'os', [at, at + alpine[2].length]));
  }
  // Amazon Corretto's `al2` and `al2023`: Amazon Linux under the JDK.
  const amazon = /(?:^|-)al(2023|2)(?=$|-)/.exec(tag.variant);
  const amazonTable = eolTable('amazonlinux');
  const amazonCycle = amazon && amazonTable?.cycles.find((c) => c.cycle === amazon[1]);
  if (amazon && amazonTable && amazonCycle) {
    const at = start + amazon.index + amazon[0].indexOf('al') + 2;
    found.push(lifecycle(amazonTable, amazonCycle, 'os', [at, at + amazon[1].length]));
  }
  return found;
}

function lifecycle(table: EolTable, cycle: EolCycle, what: 'runtime' | 'os', tagRange: [number, number]): Lifecycle {
  return {
    family: table.family,
    cycle: cycle.cycle,
    codename: cycle.codename,
    eol: cycle.eol,
    approximate: cycle.approximate === true,
    what,
    tagRange,
    source: table.source,
    imageDeprecated: table.imageDeprecated,
  };
}

function isLive(cycle: EolCycle, today: string): boolean {
  return (cycle.released === undefined || cycle.released <= today) && cycle.eol > today;
}

/**
 * The line to move to on `today`: the reviewed recommendation while it is released and
 * supported, otherwise the newest supported line, LTS first where the product has LTS lines.
 */
export function recommend(table: EolTable, today: string): EolCycle | undefined {
  const marked = table.cycles.find((c) => c.recommended && isLive(c, today));
  if (marked) return marked;
  const live = table.cycles.filter((c) => isLive(c, today) && (!table.recommendable || table.recommendable.test(c.cycle)));
  const lts = live.filter((c) => c.lts && (c.ltsFrom === undefined || c.ltsFrom <= today));
  const pool = lts.length > 0 ? lts : live;
  return pool.sort((a, b) => compareCycles(a.cycle, b.cycle)).at(-1);
}

function compareCycles(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? -1) - (right[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}

function spelling(cycle: EolCycle): string {
  return cycle.tag ?? cycle.cycle;
}

/** `supported until 2028-04-30`, or that no end is announced yet. */
export function supportedUntil(eol: string | undefined): string {
  return eol === undefined || eol === NO_END_ANNOUNCED ? 'no end of life announced' : `supported until ${eol}`;
}

let lastDay: { time: number; day: string } | undefined;
/** Every FROM of a run asks with the same `now`: toISOString once, not per reference. */
function isoDay(now: Date): string {
  const time = now.getTime();
  if (lastDay?.time !== time) lastDay = { time, day: now.toISOString().slice(0, 10) };
  return lastDay.day;
}
