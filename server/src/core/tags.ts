import semver from 'semver';
import { OS_CODENAMES } from '../data/eol';

/**
 * A Docker tag read as `[v]<version>[<prerelease>][-<variant>]`: `20.11.1-alpine3.20`,
 * `3.13.0rc1-slim`, `17-jdk-jammy`, `bookworm-slim`, `latest`.
 */
export interface TagVersion {
  raw: string;
  /** The leading numeric version (`[20, 11, 1]`); empty for `latest` or `bookworm-slim`. */
  numbers: number[];
  /** `numbers.length`: `20` is 1, `20.11` is 2, `20.11.1` is 3. */
  precision: number;
  /** `rc1` of `3.13.0rc1`, `a2` of `3.14.0a2`, `rc.1` of `22.0.0-rc.1`. */
  prerelease?: string;
  /** Everything after the version that is not a pre-release: `alpine3.20`, `slim-bookworm`. */
  variant: string;
  /** The variant with its embedded versions removed: `alpine3.20` → `alpine`. */
  variantFamily: string;
  /** The first version embedded in the variant: `alpine3.20` → `[3, 20]`. */
  variantNumbers: number[];
  /** Debian or Ubuntu codename named by the tag: `bookworm`, `jammy`. */
  codename?: string;
  /** Offsets in `raw` of the numeric version (without `v` and pre-release). */
  versionRange: [number, number];
  /** Offsets in `raw` of the variant. */
  variantRange: [number, number];
}

const LEADING_VERSION = /^(v?)(\d+(?:[._]\d+)*)/;
// Python and Go write pre-releases glued to the version (`3.13.0rc1`, `1.23rc1`); Node and
// semver-style projects after a dash (`22.0.0-rc.1`). A dash followed by a plain word is a variant.
const GLUED_PRERELEASE = /^(?:a|b|rc|alpha|beta|pre|dev)\.?\d*(?=$|[-_.])/i;
const DASHED_PRERELEASE = /^-((?:alpha|beta|rc|pre|preview|dev)(?:[.-]?\d+)*)(?=$|[-_])/i;
const EMBEDDED_VERSION = /\d+(?:\.\d+)*/g;
const JDK8_UPDATE = /^(\d+)u(\d+)(?:-b(\d+))?/;
const TEMURIN_BUILD = /^(\d+(?:\.\d+){0,3})_(\d+)(?=$|[-.])/;
/** A snapshot date in a tag (`bookworm-20241111`, `bullseye-20240612-slim`). */
const SNAPSHOT_DATE = /(?:^|[-_.])(20\d{6})(?=$|[-_.])/;

/** Reads a tag; never throws, whatever the text. */
export function parseTag(tag: string): TagVersion {
  let numbers: number[] = [];
  let versionRange: [number, number] = [0, 0];
  let rest = tag;
  let offset = 0;
  const version = LEADING_VERSION.exec(tag);
  // Java 8's `8u302-b08`: update 302, build 8, read as 8.0.302.8 so a newer update is a patch.
  const jdk8 = JDK8_UPDATE.exec(tag);
  // Temurin's `11.0.14.1_1`, `21.0.5_11`, `19_36`: a version of one to four parts and a build,
  // read as four parts and the build (11.0.14.1.1, 21.0.5.0.11, 19.0.0.0.36) so they compare.
  const build = jdk8 ? null : TEMURIN_BUILD.exec(tag);
  if (build) {
    const parts = build[1].split('.').map(Number);
    numbers = [...parts, ...Array(4 - parts.length).fill(0), Number(build[2])];
    versionRange = [0, build[0].length];
    rest = tag.slice(build[0].length);
    offset = build[0].length;
  } else if (jdk8) {
    numbers = [Number(jdk8[1]), 0, Number(jdk8[2]), Number(jdk8[3] ?? 0)];
    versionRange = [0, jdk8[0].length];
    rest = tag.slice(jdk8[0].length);
    offset = jdk8[0].length;
  } else if (version) {
    numbers = version[2].split(/[._]/).map(Number);
    versionRange = [version[1].length, version[0].length];
    rest = tag.slice(version[0].length);
    offset = version[0].length;
  }
  let prerelease: string | undefined;
  if (numbers.length > 0) {
    const glued = GLUED_PRERELEASE.exec(rest);
    const dashed = glued ? null : DASHED_PRERELEASE.exec(rest);
    if (glued) prerelease = glued[0];
    if (dashed) prerelease = dashed[1];
    const consumed = glued?.[0].length ?? dashed?.[0].length ?? 0;
    rest = rest.slice(consumed);
    offset += consumed;
    const separator = /^[-_.]/.exec(rest);
    if (separator) {
      rest = rest.slice(1);
      offset += 1;
    }
  }
  const embedded = [...rest.matchAll(EMBEDDED_VERSION)].map((m) => m[0].split('.').map(Number));
  const variantFamily = rest
    .replace(EMBEDDED_VERSION, '')
    .replace(/([-_.])[-_.]+/g, '$1')
    .replace(/^[-_.]+|[-_.]+$/g, '');
  const codename = rest.split(/[-_.]/).find((word) => OS_CODENAMES.has(word));
  return {
    raw: tag,
    numbers,
    precision: numbers.length,
    prerelease,
    variant: rest,
    variantFamily,
    variantNumbers: embedded[0] ?? [],
    codename,
    versionRange,
    variantRange: [offset, tag.length],
  };
}

/** Orders two tags by version, then pre-release (a release is newer), then variant version. */
export function compareTags(a: string, b: string): number {
  return compareParsed(parseTag(a), parseTag(b));
}

function compareParsed(a: TagVersion, b: TagVersion): number {
  return (
    compareNumbers(a.numbers, b.numbers) ||
    comparePrerelease(a.prerelease, b.prerelease) ||
    compareEmbedded(a, b) ||
    (a.raw < b.raw ? -1 : a.raw > b.raw ? 1 : 0)
  );
}

/** Orders two version number lists part by part; a missing part sorts before any number. */
export function compareNumbers(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? -1) - (b[i] ?? -1);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

function comparePrerelease(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const left = `0.0.0-${normalisePrerelease(a)}`;
  const right = `0.0.0-${normalisePrerelease(b)}`;
  if (semver.valid(left) && semver.valid(right)) return semver.compare(left, right);
  return a < b ? -1 : 1;
}

/** `rc1` → `rc.1`, so that semver orders `rc2` before `rc10`. */
function normalisePrerelease(pre: string): string {
  return pre
    .toLowerCase()
    .replace(/([a-z]+)[.-]?(\d+)/g, '$1.$2')
    .replace(/-/g, '.');
}

function embeddedVersions(tag: TagVersion): number[][] {
  return [...tag.variant.matchAll(EMBEDDED_VERSION)].map((m) => m[0].split('.').map(Number));
}

function compareEmbedded(a: TagVersion, b: TagVersion): number {
  const left = embeddedVersions(a);
  const right = embeddedVersions(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = compareNumbers(left[i], right[i]);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Tags that can replace each other: same family, same place and length of embedded versions,
 * same `v` prefix (`alpine` is the bare form of `20-alpine`). `alpine` and `alpine3.20` are different shapes, so one never becomes the other.
 */
function shapeKey(tag: TagVersion): string {
  const prefix = tag.raw.startsWith('v') && tag.numbers.length > 0 ? 'v' : '';
  const shape = tag.variant.replace(EMBEDDED_VERSION, (v) => `#${v.split('.').length}`);
  return `${prefix}|${shape}`;
}

/**
 * The variant of `candidate` is the current one or a newer release of the same line: an embedded
 * multi-part version may move within its first number (`alpine3.18` → `alpine3.20`), a single
 * number (`eclipse-temurin-17`, `ltsc2019`) names another product and must stay.
 */
function variantCanReplace(current: TagVersion, candidate: TagVersion): boolean {
  const from = embeddedVersions(current);
  const to = embeddedVersions(candidate);
  return from.every((version, i) => {
    const diff = compareNumbers(to[i], version);
    if (diff === 0) return true;
    return diff > 0 && version.length >= 2 && to[i][0] === version[0];
  });
}

/** Parsed tags of the same shape as `current`, skipping pre-releases unless `current` is one. */
function sameShape(current: TagVersion, available: string[]): TagVersion[] {
  const key = shapeKey(current);
  return available
    .map(parseTag)
    .filter((t) => t.raw !== current.raw && shapeKey(t) === key && (current.prerelease !== undefined || t.prerelease === undefined));
}

function startsWith(numbers: number[], prefix: number[]): boolean {
  return prefix.every((n, i) => numbers[i] === n);
}

function floating(current: TagVersion, peers: TagVersion[]): boolean {
  return peers.some((t) => t.precision > current.precision && startsWith(t.numbers, current.numbers));
}

/**
 * True when a more precise tag of the same variant exists under this one (`20-alpine` while
 * `20.11.1-alpine` exists): the tag moves by design, so it is never stale by its name.
 */
export function isFloatingTag(tag: string, available: string[]): boolean {
  const current = parseTag(tag);
  return floating(current, sameShape(current, available));
}

export interface UpgradeCandidates {
  /** Newest patch of the same minor (`20.10.0-alpine` → `20.10.5-alpine`). */
  patch?: string;
  /** Newest tag of the same major in a newer minor (`20.10.0-alpine` → `20.18.1-alpine`). */
  minor?: string;
  /** Newest tag of a newer major; information only. */
  major?: string;
  /** The same version on a newer variant line (`20-alpine3.18` → `20-alpine3.20`). */
  variant?: string;
  /** A newer patch that only exists on a newer suffix (`20.11.1-alpine3.18` → `20.11.5-alpine3.19`): labelled, never "newest patch". */
  suffixPatch?: string;
}

/** Snapshot tags (`bookworm-20241111`): the newest later snapshot of the same line and variant. */
function snapshotCandidates(cur: TagVersion, available: string[]): UpgradeCandidates {
  const date = SNAPSHOT_DATE.exec(cur.raw);
  if (!date) return {};
  const shape = cur.raw.replace(date[1], '#');
  let best: string | undefined;
  for (const tag of available) {
    const other = SNAPSHOT_DATE.exec(tag);
    if (!other || tag.replace(other[1], '#') !== shape || other[1] <= date[1]) continue;
    if (!best || other[1] > (SNAPSHOT_DATE.exec(best) as RegExpExecArray)[1]) best = tag;
  }
  return best ? { variant: best } : {};
}

/**
 * Newer tags that keep the variant and precision of `current`. Floating tags get no patch or
 * minor candidate (they already move), but still a variant candidate.
 */
export function upgradeCandidates(current: string, available: string[]): UpgradeCandidates {
  const cur = parseTag(current);
  if (cur.precision === 0) return snapshotCandidates(cur, available);
  const peers = sameShape(cur, available).filter((t) => variantCanReplace(cur, t));
  // From a pre-release, later pre-releases of the same version only until that version is released.
  const released = (t: TagVersion) => t.prerelease === undefined;
  const sameRelease = (t: TagVersion) => compareNumbers(t.numbers, cur.numbers) === 0;
  const stableExists = peers.some((t) => released(t) && compareNumbers(t.numbers, cur.numbers) >= 0);
  const acceptable = (t: TagVersion) => released(t) || (cur.prerelease !== undefined && sameRelease(t) && !stableExists);
  const newer = peers.filter((t) => t.precision === cur.precision && compareParsed(t, cur) > 0 && acceptable(t));
  // Patch and minor moves keep the suffix exactly; a newer Alpine or Debian suffix is its own offer.
  const same = newer.filter((t) => t.variant === cur.variant);
  const newest = (tags: TagVersion[]) => tags.reduce<TagVersion | undefined>((best, t) => (!best || compareParsed(t, best) > 0 ? t : best), undefined)?.raw;
  const newerVersion = (t: TagVersion) => compareNumbers(t.numbers, cur.numbers) > 0 || comparePrerelease(t.prerelease, cur.prerelease) > 0;
  const result: UpgradeCandidates = {};
  const [major, minor] = cur.numbers;
  if (!floating(cur, peers)) {
    if (cur.precision >= 3) {
      result.patch = newest(same.filter((t) => t.numbers[0] === major && t.numbers[1] === minor && newerVersion(t)));
    }
    if (cur.precision >= 2) {
      result.minor = newest(same.filter((t) => t.numbers[0] === major && t.numbers[1] > minor));
    }
  }
  result.major = newest(newer.filter((t) => t.numbers[0] > major));
  result.variant = newest(
    newer.filter((t) => compareNumbers(t.numbers, cur.numbers) === 0 && t.prerelease === cur.prerelease && compareEmbedded(t, cur) > 0),
  );
  if (!floating(cur, peers) && cur.precision >= 3) {
    const suffixPatch = newest(newer.filter((t) => t.variant !== cur.variant && t.numbers[0] === major && t.numbers[1] === minor && newerVersion(t)));
    if (suffixPatch && (!result.patch || compareParsed(parseTag(suffixPatch), parseTag(result.patch)) > 0) && suffixPatch !== result.variant) {
      result.suffixPatch = suffixPatch;
    }
  }
  for (const key of Object.keys(result) as (keyof UpgradeCandidates)[]) {
    if (result[key] === undefined) delete result[key];
  }
  return result;
}
