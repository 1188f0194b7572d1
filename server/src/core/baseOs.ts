import { DISTRO_WORDS, IMAGE_FAMILIES, type ImageFamily } from '../data/minimalBases';
import { PACKAGE_MANAGERS, type OsPackageManager, type PackageAction, type PackageManager } from '../data/packageManagers';
import { DOCKER_HUB, type ImageRef } from './imageRef';
import type { ShellCommand } from './types';
import { memoizeByRef } from './memo';

/** The distribution an image is built on; `rhel` covers Fedora, CentOS, Rocky, Alma, UBI, Amazon and Oracle Linux. */
export type BaseOs = 'alpine' | 'debian' | 'ubuntu' | 'rhel' | 'suse' | 'arch' | 'wolfi' | 'distroless' | 'busybox' | 'scratch';

/** A tag cut into its version part and the variant words after it: `3.12-slim-bookworm` → `3.12`, [slim, bookworm]. */
export interface TagWords {
  /** Leading version-like words joined by `-` (`22`, `3.13.0rc1`, `24-ea`, `lts`); empty for `latest` or no tag. */
  version: string;
  /** The remaining words, lower-cased, in order. */
  words: string[];
}

// Channel names that stand where a version number would: node:lts-alpine, openjdk:24-ea-jdk.
const CHANNELS = new Set([
  'lts', 'current', 'stable', 'mainline', 'ea', 'rc', 'beta', 'alpha', 'preview',
  'argon', 'boron', 'carbon', 'dubnium', 'erbium', 'fermium', 'gallium', 'hydrogen', 'iron', 'jod', 'krypton',
]);

/** Splits a tag into version and variant words; `latest` and no tag have neither. */
export function splitTag(tag: string | undefined): TagWords {
  if (tag === undefined || tag === 'latest') return { version: '', words: [] };
  const parts = tag.toLowerCase().split('-').filter((p) => p.length > 0);
  let cut = 0;
  while (cut < parts.length && (/^v?\d[\w.+]*$/.test(parts[cut]) || CHANNELS.has(parts[cut]))) cut++;
  return { version: parts.slice(0, cut).join('-'), words: parts.slice(cut) };
}

/** The first number of a version part (`3.12` → 3), for tables keyed by major version. */
export function majorOf(version: string): number | undefined {
  const m = /^v?(\d+)/.exec(version);
  return m ? Number(m[1]) : undefined;
}

/** `major.minor` of a version part (`3.12.4` → `3.12`). */
export function minorOf(version: string): string | undefined {
  const m = /^v?(\d+\.\d+)/.exec(version);
  return m ? m[1] : undefined;
}

/**
 * The Docker Hub official image a reference names, also through mirrors that keep the
 * `library/` path (`mirror.gcr.io/library/node`, `public.ecr.aws/docker/library/node`).
 */
export function officialName(ref: Pick<ImageRef, 'registry' | 'repository'>): string | undefined {
  const m = /(?:^|\/)library\/([^/]+)$/.exec(ref.repository);
  return m ? m[1] : undefined;
}

/** `FROM scratch`: Docker's empty base, never pulled. */
export function isScratch(ref: Pick<ImageRef, 'registry' | 'repository'>): boolean {
  return ref.registry === DOCKER_HUB && ref.repository === 'library/scratch';
}

const patternCache = new Map<string, RegExp>();
function repositoryPattern(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    const body = pattern
      .split('/**')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
      .join('/.+');
    re = new RegExp(`^${body}$`);
    patternCache.set(pattern, re);
  }
  return re;
}

/** True when a reference is one of the official names or matches one of the repository patterns of a data entry. */
export function matchesImage(
  ref: Pick<ImageRef, 'registry' | 'repository'>,
  entry: { official?: readonly string[]; repositories?: readonly string[] },
): boolean {
  const name = officialName(ref);
  if (name !== undefined && entry.official?.includes(name)) return true;
  const full = `${ref.registry}/${ref.repository}`;
  return (entry.repositories ?? []).some((p) => repositoryPattern(p).test(full));
}

/** The known image family of a reference (data/minimalBases.ts), or undefined. */
export function findFamily(ref: Pick<ImageRef, 'registry' | 'repository'>): ImageFamily | undefined {
  return IMAGE_FAMILIES.entries.find((f) => matchesImage(ref, f));
}

const RHEL_WORD = new RegExp(`^(?:${DISTRO_WORDS.rhelPrefixes.join('|')})[\\d.]*$`);

/**
 * What the tag's words say about the distribution: a BaseOs, `null` when they name one we do not
 * handle (Windows, Azure Linux), or undefined when they name none.
 */
export function osFromWords(words: readonly string[]): BaseOs | null | undefined {
  const has = (list: readonly string[]) => words.some((w) => list.includes(w));
  if (has(DISTRO_WORDS.distroless)) return 'distroless';
  if (words.some((w) => /^alpine[\d.]*$/.test(w))) return 'alpine';
  if (words.includes('wolfi')) return 'wolfi';
  if (words.some((w) => DISTRO_WORDS.unknownPrefixes.some((p) => w.startsWith(p)))) return null;
  if (has(DISTRO_WORDS.debian)) return 'debian';
  if (has(DISTRO_WORDS.ubuntu)) return 'ubuntu';
  if (words.some((w) => RHEL_WORD.test(w))) return 'rhel';
  if (has(DISTRO_WORDS.suse)) return 'suse';
  return undefined;
}

/**
 * The distribution an image is built on, from the image itself (`ubuntu`, `gcr.io/distroless/…`)
 * or from the variant words of a runtime image's tag (`node:22-alpine`, `eclipse-temurin:21-jre-jammy`).
 * Undefined when we do not know: never a guess.
 */
function inferBaseOsUncached(ref: ImageRef): BaseOs | undefined {
  if (isScratch(ref)) return 'scratch';
  const family = findFamily(ref);
  if (family?.role === 'os') return (family.osFromTag ? osFromWords(splitTag(ref.tag).words) : undefined) ?? family.defaultOs;
  // A digest alone says nothing about which variant it is (node@sha256:… may be Alpine).
  if (ref.tag === undefined && ref.digest) return undefined;
  const { version, words } = splitTag(ref.tag);
  const named = osFromWords(words);
  if (named === null) return undefined;
  if (named !== undefined) return named;
  if (!family) return undefined;
  // A bare `slim` is Debian slim in every family we list, even where the default is not Debian (openjdk:17-slim).
  if (words.includes('slim')) return 'debian';
  for (const w of words) {
    const vendor = family.vendorOs?.[w];
    if (vendor !== undefined) return vendor ?? undefined;
  }
  if (family.unknownVersions?.some((v) => version === v || version.startsWith(`${v}.`))) return undefined;
  const major = majorOf(version);
  if (family.defaultOsBelow && major !== undefined && major < family.defaultOsBelow.major) return family.defaultOsBelow.os;
  return family.defaultOs;
}
export const inferBaseOs = memoizeByRef(inferBaseOsUncached);

/** The package manager a distribution ships; undefined where there is none (distroless, busybox, scratch). */
export function packageManagerFor(os: BaseOs): OsPackageManager | undefined {
  switch (os) {
    case 'alpine':
    case 'wolfi':
      return 'apk';
    case 'debian':
    case 'ubuntu':
      return 'apt';
    case 'rhel':
      return 'dnf';
    case 'suse':
      return 'zypper';
    case 'arch':
      return 'pacman';
    default:
      return undefined;
  }
}

/** A package manager invocation found in a RUN command. */
export interface PackageManagerCall {
  /** `dnf` stands for yum, dnf and microdnf alike; `apt` for apt-get, apt and aptitude. */
  manager: PackageManager;
  /** OS managers are the ones that must fit the base image; language managers work on any base. */
  kind: 'os' | 'language';
  /** `update` covers index refreshes and upgrades. */
  action: PackageAction;
  /** The subcommand as written (`add`, `install`, `-Syu`), if any. */
  subcommand?: string;
  /** Package names as given, without version pins (`gcc=4:12.2` → `gcc`, `flask==3.0` → `flask`). */
  packages: string[];
}

/** Which package manager a simple command runs, with its action and packages; undefined for anything else. */
export function packageManagerOf(cmd: ShellCommand): PackageManagerCall | undefined {
  let argv = cmd.argv;
  if (argv.length === 0) return undefined;
  let program = basename(argv[0]);
  // `python3 -m pip install x` and `uv pip install x` are pip.
  if (/^python[\d.]*$/.test(program) && argv[1] === '-m' && /^pip[\d.]*$/.test(argv[2] ?? '')) {
    program = 'pip';
    argv = argv.slice(2);
  } else if (program === 'uv' && argv[1] === 'pip') {
    program = 'pip';
    argv = argv.slice(1);
  }
  if (/^pip[\d.]*$/.test(program)) program = 'pip';
  const syntax = PACKAGE_MANAGERS.entries.find((s) => s.programs.includes(program));
  if (!syntax) return undefined;
  const positional = positionals(argv.slice(1), syntax.valued);
  if (syntax.manager === 'pacman') return pacmanCall(argv.slice(1), positional);
  let [subcommand, ...rest] = positional;
  // `dnf group install "Development Tools"`, `dnf module install nodejs:20`
  if (syntax.manager === 'dnf' && (subcommand === 'group' || subcommand === 'module') && rest.length > 0) {
    subcommand = `${subcommand} ${rest[0]}`;
    rest = rest.slice(1);
  }
  const verb = subcommand?.split(' ').pop();
  const action: PackageAction =
    verb === undefined
      ? (syntax.bare ?? 'other')
      : ((Object.keys(syntax.actions) as Array<keyof typeof syntax.actions>).find((a) => syntax.actions[a]?.includes(verb)) ??
        'other');
  return {
    manager: syntax.manager,
    kind: syntax.kind,
    action,
    subcommand,
    packages: action === 'other' ? [] : rest.map((p) => packageName(syntax.manager, p)).filter((p) => p.length > 0),
  };
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** Non-option words, skipping the values of options that take one (`--virtual .build-deps`). */
function positionals(args: readonly string[], valued: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (valued.includes(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

function pacmanCall(args: readonly string[], packages: string[]): PackageManagerCall {
  const op = args.find((a) => /^-[A-Z]/.test(a) || /^--(sync|remove|upgrade|query|database|files|deptest)$/.test(a)) ?? '';
  const letters = op.startsWith('--') ? { '--sync': 'S', '--remove': 'R', '--upgrade': 'U' }[op] ?? '' : op.slice(1);
  const flags = args.filter((a) => /^-[a-zA-Z]/.test(a)).map((a) => a.slice(1)).join('');
  let action: PackageAction = 'other';
  if (letters.startsWith('S')) {
    if (flags.includes('c')) action = 'other';
    else action = packages.length > 0 ? 'install' : flags.includes('y') || flags.includes('u') ? 'update' : 'other';
  } else if (letters.startsWith('R')) action = 'remove';
  else if (letters.startsWith('U')) action = 'install';
  return { manager: 'pacman', kind: 'os', action, subcommand: op || undefined, packages: action === 'other' ? [] : packages };
}

/** Drops version pins and extras so package names compare: `gcc=4:12.2`, `musl-dev>1.2`, `flask[async]==3.0`, `@types/node@20`. */
function packageName(manager: PackageManager, spec: string): string {
  // Local files and URLs are kept as written.
  if (/^(\.{0,2}\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(spec)) return spec;
  switch (manager) {
    case 'apt':
      return spec.replace(/[=/].*$/, '').replace(/:[a-z0-9]+$/, '');
    case 'apk':
      return spec.replace(/[=<>~@].*$/, '');
    case 'dnf':
    case 'zypper':
      // `gcc-4.8.5-39.el7`: name-version-release, as yum and zypper accept it.
      return spec.replace(/-\d+(\.\d+)+(-[^-]+)?$/, '').replace(/[<>=].*$/, '');
    case 'pip':
      return spec.replace(/\s*(\[|===?|~=|!=|<=?|>=?|;|@).*$/s, '');
    case 'npm':
    case 'yarn':
    case 'pnpm':
    case 'bun': {
      const at = spec.indexOf('@', 1);
      return at > 0 ? spec.slice(0, at) : spec;
    }
    default:
      return spec;
  }
}
