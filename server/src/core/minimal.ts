import { DISTRO_WORDS, DISTROLESS_IMAGES, MINIMAL_WORDS, type FamilyAlternatives } from '../data/minimalBases';
import {
  type BaseOs,
  findFamily,
  inferBaseOs,
  isScratch,
  majorOf,
  minorOf,
  osFromWords,
  packageManagerFor,
  splitTag,
} from './baseOs';
import { chainguardAlternative, dhiAlternative } from './hardened';
import { formatImageRef, type ImageRef } from './imageRef';
import { memoizeByRef } from './memo';

/** A smaller base that can replace an image, as the reference text to write. */
export interface Alternative {
  kind: MinimalTarget;
  /** The whole new reference, written like the user's (same registry prefix for the same repository); never with a digest. */
  image: string;
  /** True when only the tag changes. */
  sameRepository: boolean;
  /** The new tag, when `sameRepository`; for other repositories the tag inside `image`, if any. */
  newTag?: string;
  /** What changes for the user, for the fix title: "musl libc and apk instead of glibc and apt". */
  changes: string;
  /** True when the switch can break the build or the program (another libc, no shell): never the preferred fix. */
  unsafe: boolean;
  /** The tag is mutable (Chainguard's `latest`): the fix writes it only with a digest from the registry. */
  pinFromRegistry?: boolean;
}

/** The families of smaller bases a switch can move to; the `minimalTargets` setting picks among them. */
export const MINIMAL_TARGETS = ['slim', 'alpine', 'distroless', 'chiseled', 'dhi', 'chainguard'] as const;
export type MinimalTarget = (typeof MINIMAL_TARGETS)[number];
/** The ones that need no account and no vendor: what a switch offers unless configured otherwise. */
export const DEFAULT_MINIMAL_TARGETS: readonly MinimalTarget[] = ['slim', 'alpine', 'distroless'];

const OS_NAMES: Record<BaseOs, string> = {
  alpine: 'Alpine',
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  rhel: 'RHEL-family',
  suse: 'SUSE',
  arch: 'Arch Linux',
  wolfi: 'Wolfi',
  distroless: 'distroless',
  busybox: 'BusyBox',
  scratch: 'scratch',
};

const SMALL_OSES: ReadonlySet<BaseOs> = new Set(['alpine', 'wolfi', 'distroless', 'busybox', 'scratch']);
const DEBIAN_CODENAMES = DISTRO_WORDS.debian.filter((w) => w !== 'debian');

/** True for bases already reduced to little more than the runtime: slim, Alpine, distroless, scratch, UBI minimal… */
function isMinimalBaseUncached(ref: ImageRef): boolean {
  if (isScratch(ref)) return true;
  const family = findFamily(ref);
  if (family?.minimal) return true;
  // Repository names count only for known publishers (ubi9/ubi-minimal); `myorg/micro-service` says nothing.
  const repoWords = family ? ref.repository.slice(ref.repository.lastIndexOf('/') + 1).split('-') : [];
  const { version, words } = splitTag(ref.tag);
  if ([...repoWords, ...words].some((w) => MINIMAL_WORDS.words.includes(w))) return true;
  const os = inferBaseOs(ref);
  if (os !== undefined && SMALL_OSES.has(os)) return true;
  const major = majorOf(version);
  return family?.defaultSlimBelow !== undefined && major !== undefined && major < family.defaultSlimBelow && osFromWords(words) === undefined;
}
export const isMinimalBase = memoizeByRef(isMinimalBaseUncached);

/**
 * Why a base is bigger than it needs to be *within its own image and distribution*, or undefined.
 * Only two cases are real: a language image's default variant, built on buildpack-deps (compilers,
 * `-dev` headers, git) where a `-slim` variant of the same release exists, and a JDK image whose
 * JRE variant exists. Distribution images are not (`ubuntu` has no smaller variant; `debian:*-slim`
 * has the same packages, without documentation and locales), nor is a move to another
 * distribution (Alpine, Debian for Ubuntu): that is a different base, not a smaller one.
 * `reason` follows the reference: "the full variant, built on buildpack-deps (…)".
 */
function isFullBaseUncached(ref: ImageRef): { reason: string; smaller: Alternative } | undefined {
  if (isMinimalBase(ref)) return undefined;
  const family = findFamily(ref);
  const os = inferBaseOs(ref);
  if (!family || !os || family.role !== 'runtime') return undefined;
  const same = minimalAlternatives(ref).find((a) => a.sameRepository && !a.unsafe && a.kind === 'slim');
  if (!same) return undefined;
  const name = ref.path.slice(ref.path.lastIndexOf('/') + 1);
  if (family.alternatives?.jre && !splitTag(ref.tag).words.includes('jre')) {
    return { reason: `a full JDK (javac, jlink and the compiler toolchain a running app never uses); ${same.image} is the same Java on the same ${OS_NAMES[os]} release with the JRE only`, smaller: same };
  }
  if (os !== 'debian') return undefined;
  return {
    reason: `the full ${name} variant, built on buildpack-deps (gcc, make, -dev headers, git and other build tools); ${same.image} is the same ${name} on the same Debian release without them`,
    smaller: same,
  };
}
export const isFullBase = memoizeByRef(isFullBaseUncached);

/**
 * For users who opted in to chiseled images: a .NET runtime on full Ubuntu, where the same release
 * is published chiseled (only the runtime's files, no shell, no apt). Not a finding by default:
 * .NET's own default images are already small, and chiseled breaks every RUN step.
 */
export function chiseledSmaller(ref: ImageRef): { reason: string; smaller: Alternative } | undefined {
  if (isMinimalBase(ref) || inferBaseOs(ref) !== 'ubuntu') return undefined;
  const smaller = minimalAlternatives(ref).find((a) => a.kind === 'chiseled');
  return smaller && { reason: `full Ubuntu with a shell and apt; ${smaller.image} is the same .NET on the same Ubuntu release with only the runtime's files`, smaller };
}

/**
 * Smaller bases for an image: safe ones first, then slim before Alpine before distroless.
 * `latest` or no tag keeps the floating channel (`node` → `node:slim`, `node:alpine`; `node:lts` →
 * `node:lts-alpine`), so only the variant changes. A digest is dropped: a pin for another tag means nothing.
 */
function minimalAlternativesUncached(ref: ImageRef): Alternative[] {
  const family = findFamily(ref);
  const os = inferBaseOs(ref);
  if (!family || family.minimal || !os || isScratch(ref)) return [];
  const alt = family.alternatives ?? {};
  const { version, words } = splitTag(ref.tag);
  const pm = packageManagerFor(os) ?? 'its package manager';
  const out: Alternative[] = [];
  const sameRepo = (kind: Alternative['kind'], tagWords: string[], changes: string, unsafe: boolean) => {
    const newTag = tagWords.filter((w) => w.length > 0).join('-');
    out.push({ kind, image: formatImageRef(ref, { tag: newTag, digest: null }), sameRepository: true, newTag, changes, unsafe });
  };
  const other = (kind: Alternative['kind'], image: string, changes: string, unsafe: boolean) => {
    const colon = image.lastIndexOf(':');
    const newTag = colon > image.lastIndexOf('/') ? image.slice(colon + 1) : undefined;
    out.push({ kind, image, sameRepository: false, newTag, changes, unsafe });
  };

  const slim = words.includes('slim');
  const codename = words.find((w) => DEBIAN_CODENAMES.includes(w));
  // Words that say what the image holds (fpm, jdk, management), as opposed to which distribution it is.
  const kept = words.filter((w) => w !== 'slim' && osFromWords([w]) === undefined);
  const alpineChanges = `musl libc and apk instead of glibc and ${pm}`;

  if (family.role === 'os') {
    if (alt.slim === 'append' && !slim) {
      const tag = ref.tag === undefined || ref.tag === 'latest' ? 'stable-slim' : `${ref.tag}-slim`;
      sameRepo('slim', [tag], 'the same release without documentation, locales and rarely needed files', false);
    }
    if (alt.minimalTagSuffix && version) {
      sameRepo('slim', [`${ref.tag}${alt.minimalTagSuffix}`], 'microdnf instead of dnf, far fewer packages', true);
    }
    if (alt.minimalSibling) {
      const last = ref.path.slice(ref.path.lastIndexOf('/') + 1);
      if (/^ubi\d*$/.test(last)) {
        const image = ref.raw.slice(0, ref.offsets.path[1]) + alt.minimalSibling + (ref.tag ? `:${ref.tag}` : '');
        other('slim', image, 'microdnf instead of dnf, far fewer packages', true);
      }
    }
    for (const o of alt.otherImages ?? []) {
      other(o.kind, `${siblingOfficial(ref, o.name)}:${o.tag}`, o.changes, true);
    }
    return bySafety(out);
  }

  if (alt.temurinJre) {
    const major = majorOf(version);
    if (major !== undefined) {
      const temurin = siblingOfficial(ref, 'eclipse-temurin');
      const fromRhel = os === 'rhel' ? ` (apt instead of ${pm})` : '';
      other('slim', `${temurin}:${major}-jre`, `Eclipse Temurin JRE on Ubuntu${fromRhel} instead of the deprecated, unpatched openjdk image`, os === 'rhel');
      other('alpine', `${temurin}:${major}-jre-alpine`, `Eclipse Temurin JRE on Alpine: ${alpineChanges}`, true);
    }
  }
  // JDK images: keep the JDK words but ask for the JRE.
  let runtime = kept;
  let jreNote = '';
  if (alt.jre) {
    if (!version) return bySafety(out);
    if (!kept.includes('jre')) {
      runtime = kept.includes('jdk') ? kept.map((w) => (w === 'jdk' ? 'jre' : w)) : ['jre', ...kept];
      jreNote = 'JRE instead of JDK (no javac or jlink)';
      sameRepo('slim', [version, ...runtime, ...words.filter((w) => osFromWords([w]) !== undefined)], jreNote, false);
    }
  }
  if (alt.slim && !slim) {
    const order = alt.slim === 'slim-codename' ? ['slim', codename ?? ''] : [codename ?? '', 'slim'];
    const changes =
      os === 'debian'
        ? 'the same Debian release without compilers, headers and most tools'
        : `Debian slim instead of ${OS_NAMES[os]}: ${pm === 'apt' ? 'apt' : `apt instead of ${pm}`}, fewer tools`;
    sameRepo('slim', [version, ...kept, ...order], changes, os !== 'debian');
  }
  if (alt.chiseled && version) {
    const major = majorOf(version) ?? 0;
    const ubuntu = words.find((w) => DISTRO_WORDS.ubuntu.includes(w) && w !== 'ubuntu');
    sameRepo('chiseled', [version, ubuntu ?? (major >= 8 ? 'noble' : 'jammy'), 'chiseled'], 'Ubuntu chiseled: no shell or package manager, so RUN steps and shell-form CMD stop working', true);
  }
  if (alt.alpine && os !== 'alpine' && !words.some((w) => alt.alpine?.unlessWords?.includes(w))) {
    const variant = alt.alpine.versionOnly ? [] : runtime;
    sameRepo('alpine', [version, ...variant, 'alpine'], jreNote ? `${jreNote}; ${alpineChanges}` : alpineChanges, true);
  }
  const distroless = distrolessImage(alt.distroless, version);
  if (distroless) {
    other('distroless', distroless, 'no shell or package manager: RUN steps and shell-form CMD/ENTRYPOINT stop working', true);
  }
  if (family.role === 'runtime' || family.role === 'service') {
    for (const hardened of [dhiAlternative(ref, version, os), chainguardAlternative(ref, version)]) if (hardened) out.push(hardened);
  }
  return bySafety(out);
}
export const minimalAlternatives = memoizeByRef(minimalAlternativesUncached);

const KIND_ORDER: Record<Alternative['kind'], number> = { slim: 0, alpine: 1, distroless: 2, chiseled: 3, dhi: 4, chainguard: 5 };
function bySafety(alternatives: Alternative[]): Alternative[] {
  return alternatives.sort((a, b) => Number(a.unsafe) - Number(b.unsafe) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

function distrolessImage(kind: FamilyAlternatives['distroless'], version: string): string | undefined {
  if (kind === undefined) return undefined;
  if (kind === 'python') {
    const minor = minorOf(version);
    return minor ? DISTROLESS_IMAGES.python[minor] : undefined;
  }
  const major = majorOf(version);
  return major === undefined ? undefined : DISTROLESS_IMAGES[kind][String(major)];
}

/** Another Docker Hub official image, written with the user's registry prefix (`docker.io/library/`, a mirror). */
function siblingOfficial(ref: ImageRef, name: string): string {
  const path = ref.raw.slice(0, ref.offsets.path[1]);
  return path.slice(0, path.lastIndexOf('/') + 1) + name;
}
