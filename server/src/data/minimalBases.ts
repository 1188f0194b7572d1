import DISTROLESS from './distroless.json';
import type { BaseOs } from '../core/baseOs';

/**
 * Known base images: which distribution they are built on, and which smaller variants their
 * publishers push. Only what the publishers document; an image not listed here is "unknown".
 */

/** Words in tags that name a distribution (`python:3.12-slim-bookworm`, `eclipse-temurin:21-jre-jammy`). */
export const DISTRO_WORDS = {
  source: 'debian.org/releases, wiki.ubuntu.com/Releases, Docker Hub official-images tag lists, dotnet-docker README',
  asOf: '2026-11-22',
  debian: ['debian', 'jessie', 'stretch', 'buster', 'bullseye', 'bookworm', 'trixie', 'forky', 'sid'],
  ubuntu: ['ubuntu', 'trusty', 'xenial', 'bionic', 'focal', 'jammy', 'noble', 'oracular', 'plucky', 'questing', 'resolute'],
  /** Words matched as prefixes: `ubi9`, `oraclelinux8`, `al2023`, `amazonlinux2`. */
  rhelPrefixes: ['ubi', 'rhel', 'oraclelinux', 'amazonlinux', 'al2', 'centos', 'rockylinux', 'almalinux', 'fedora'],
  suse: ['opensuse', 'leap', 'tumbleweed', 'sles', 'bci'],
  /** No shell and no package manager. */
  distroless: ['distroless', 'chiseled'],
  /** Windows and distributions whose package manager is none of ours: we say nothing about them. */
  unknownPrefixes: ['windowsservercore', 'nanoserver', 'ltsc', 'azurelinux', 'cbl', 'mariner', 'photon'],
};

/** Tag words that mark a reduced image. */
export const MINIMAL_WORDS = {
  source: 'Docker Hub official-images variant docs ("image:<version>-slim", "-alpine"), Red Hat UBI docs, Ubuntu chiseled docs',
  asOf: '2026-11-22',
  words: ['slim', 'distroless', 'chiseled', 'minimal', 'micro'],
};

/** Where the smaller variants of an image live and how their tags are written. */
export interface FamilyAlternatives {
  /**
   * `<version>[-<kept words>]-alpine`; not offered when the tag has one of `unlessWords` (php's apache);
   * `versionOnly` drops the other words (amazoncorretto writes `21-alpine`, `21-alpine-jdk`, never `21-headless-alpine`).
   */
  alpine?: { unlessWords?: string[]; versionOnly?: boolean };
  /** Where `slim` goes relative to a Debian codename: `3.12-slim-bookworm` (python) or `22-bookworm-slim` (node). */
  slim?: 'slim-codename' | 'codename-slim' | 'append';
  /** A JDK image whose JRE variant is the runtime (`21-jdk` → `21-jre`). */
  jre?: boolean;
  /** .NET's Ubuntu chiseled images (`8.0-noble-chiseled`): distroless, no shell. */
  chiseled?: boolean;
  /** Red Hat family minimal images: the suffix appended to the tag (`almalinux:9-minimal`, `oraclelinux:9-slim`). */
  minimalTagSuffix?: string;
  /** Red Hat UBI: the minimal image is a sibling repository (`ubi9/ubi` → `ubi9/ubi-minimal`). */
  minimalSibling?: string;
  distroless?: 'nodejs' | 'java' | 'python';
  /** A deprecated JDK image whose maintained successor is Eclipse Temurin's JRE (`openjdk:17` → `eclipse-temurin:17-jre`). */
  temurinJre?: boolean;
  /** Other images that replace a distribution image entirely (`ubuntu` → `alpine:3.23`). */
  otherImages?: Array<{ kind: 'alpine' | 'slim'; name: string; tag: string; changes: string }>;
}

export interface ImageFamily {
  /** Docker Hub official image names; also matched on mirrors that keep the `library/` path. */
  official?: string[];
  /** `registry/repository` of other images: `*` matches within one path component, a trailing `/**` anything below. */
  repositories?: string[];
  role: 'os' | 'runtime' | 'sdk' | 'service';
  /** The distribution when the tag names none. */
  defaultOs?: BaseOs;
  /** Versions below `major` default to `os` instead (openjdk before 12 was Debian, later Oracle Linux). */
  defaultOsBelow?: { major: number; os: BaseOs };
  /** Version lines whose default variant changed distribution over time: unknown unless the tag names one. */
  unknownVersions?: string[];
  /** The untagged variant is already a slim image for versions below this major (dotnet/aspnet:8.0 is Debian slim). */
  defaultSlimBelow?: number;
  /** Build images name their JDK in the tag (`maven:3-amazoncorretto-21`): that JDK image's distribution. */
  vendorOs?: Record<string, BaseOs | null>;
  /** A distribution image whose tag names the distribution (`dhi.io/node:22-alpine3.23`). */
  osFromTag?: boolean;
  /** The whole image is minimal whatever the tag (alpine, busybox, distroless). */
  minimal?: boolean;
  alternatives?: FamilyAlternatives;
}

export const CURRENT_ALPINE = '3.23';
export const CURRENT_DEBIAN_SLIM = 'trixie-slim';

const ALPINE_FOR_DISTRO = (from: string) => ({
  kind: 'alpine' as const,
  name: 'alpine',
  tag: CURRENT_ALPINE,
  changes: `Alpine instead of ${from}: musl libc and apk instead of glibc and apt`,
});

export const IMAGE_FAMILIES: { source: string; asOf: string; entries: ImageFamily[] } = {
  source:
    'Docker Hub official images (github.com/docker-library/official-images library/*), mcr.microsoft.com/dotnet tag docs ' +
    '(.NET 10 defaults to Ubuntu 24.04), GoogleContainerTools/distroless README, Red Hat UBI catalog, Chainguard Images; ' +
    `latest Alpine ${CURRENT_ALPINE} (2025-12-03), Debian 13 trixie stable (2025-08-09)`,
  asOf: '2026-11-22',
  entries: [
    // Distributions
    { official: ['alpine'], role: 'os', defaultOs: 'alpine', minimal: true },
    { official: ['busybox'], role: 'os', defaultOs: 'busybox', minimal: true },
    { repositories: ['gcr.io/distroless/**'], role: 'os', defaultOs: 'distroless', minimal: true },
    { repositories: ['cgr.dev/chainguard/**', 'docker.io/chainguard/**'], role: 'os', defaultOs: 'wolfi', minimal: true },
    // Docker Hardened Images: runtime tags have no shell or package manager; `-dev` tags are build images.
    { repositories: ['dhi.io/**'], role: 'os', defaultOs: 'debian', osFromTag: true, minimal: true },
    {
      official: ['debian'],
      role: 'os',
      defaultOs: 'debian',
      alternatives: { slim: 'append', otherImages: [ALPINE_FOR_DISTRO('Debian')] },
    },
    {
      official: ['ubuntu'],
      role: 'os',
      defaultOs: 'ubuntu',
      alternatives: {
        otherImages: [
          ALPINE_FOR_DISTRO('Ubuntu'),
          {
            kind: 'slim',
            name: 'debian',
            tag: CURRENT_DEBIAN_SLIM,
            changes: 'Debian slim instead of Ubuntu: same glibc and apt, other package versions, fewer preinstalled tools',
          },
        ],
      },
    },
    { official: ['almalinux'], role: 'os', defaultOs: 'rhel', alternatives: { minimalTagSuffix: '-minimal' } },
    { official: ['rockylinux'], repositories: ['docker.io/rockylinux/rockylinux'], role: 'os', defaultOs: 'rhel', alternatives: { minimalTagSuffix: '-minimal' } },
    { official: ['oraclelinux'], role: 'os', defaultOs: 'rhel', alternatives: { minimalTagSuffix: '-slim' } },
    {
      official: ['fedora', 'centos', 'amazonlinux'],
      repositories: ['docker.io/almalinux/**', 'quay.io/centos/**', 'quay.io/fedora/**', 'public.ecr.aws/amazonlinux/**', 'registry.fedoraproject.org/**'],
      role: 'os',
      defaultOs: 'rhel',
    },
    {
      repositories: [
        'docker.io/redhat/ubi*', 'registry.access.redhat.com/ubi*', 'registry.access.redhat.com/ubi*/ubi',
        'registry.redhat.io/ubi*', 'registry.redhat.io/ubi*/ubi',
      ],
      role: 'os',
      defaultOs: 'rhel',
      alternatives: { minimalSibling: '-minimal' },
    },
    // Red Hat's language images (ubi9/nodejs-20, ubi9/openjdk-21): RHEL, smaller siblings vary by image.
    { repositories: ['registry.access.redhat.com/**', 'registry.redhat.io/**'], role: 'runtime', defaultOs: 'rhel' },
    // Canonical's own images on Docker Hub (ubuntu/nginx, ubuntu/chiseled-jre).
    { repositories: ['docker.io/ubuntu/**'], role: 'runtime', defaultOs: 'ubuntu' },
    { official: ['archlinux'], role: 'os', defaultOs: 'arch' },
    { repositories: ['docker.io/opensuse/**', 'registry.suse.com/**', 'registry.opensuse.org/**'], role: 'os', defaultOs: 'suse' },

    // Language runtimes: the default tag is Debian with compilers and headers preinstalled (buildpack-deps).
    { official: ['node'], role: 'runtime', defaultOs: 'debian', alternatives: { alpine: {}, slim: 'codename-slim', distroless: 'nodejs' } },
    { official: ['python'], role: 'runtime', defaultOs: 'debian', alternatives: { alpine: {}, slim: 'slim-codename', distroless: 'python' } },
    { official: ['ruby'], role: 'runtime', defaultOs: 'debian', alternatives: { alpine: {}, slim: 'slim-codename' } },
    { official: ['php'], role: 'runtime', defaultOs: 'debian', alternatives: { alpine: { unlessWords: ['apache'] } } },
    { official: ['perl'], role: 'runtime', defaultOs: 'debian', alternatives: { slim: 'slim-codename' } },
    { official: ['erlang', 'elixir'], role: 'runtime', defaultOs: 'debian', alternatives: { alpine: {}, slim: 'append' } },
    {
      official: ['openjdk'],
      role: 'runtime',
      defaultOs: 'rhel',
      defaultOsBelow: { major: 12, os: 'debian' },
      // Deprecated since 2022 and no longer patched: its own -slim tags are no alternative.
      alternatives: { temurinJre: true, distroless: 'java' },
    },
    { official: ['eclipse-temurin'], role: 'runtime', defaultOs: 'ubuntu', alternatives: { alpine: {}, jre: true, distroless: 'java' } },
    { official: ['amazoncorretto'], role: 'runtime', defaultOs: 'rhel', alternatives: { alpine: { versionOnly: true } } },
    { official: ['sapmachine', 'ibm-semeru-runtimes', 'ibmjava', 'tomcat', 'jetty'], role: 'runtime', defaultOs: 'ubuntu' },
    {
      repositories: ['mcr.microsoft.com/dotnet/runtime-deps', 'mcr.microsoft.com/dotnet/runtime', 'mcr.microsoft.com/dotnet/aspnet'],
      role: 'runtime',
      defaultOs: 'ubuntu',
      defaultOsBelow: { major: 10, os: 'debian' },
      defaultSlimBelow: 10,
      alternatives: { alpine: {}, chiseled: true },
    },

    // Build images: SDKs and compilers.
    { official: ['golang'], role: 'sdk', defaultOs: 'debian', alternatives: { alpine: {} } },
    { official: ['rust'], role: 'sdk', defaultOs: 'debian', alternatives: { alpine: {}, slim: 'slim-codename' } },
    {
      official: ['maven'],
      role: 'sdk',
      defaultOs: 'ubuntu',
      // maven:3-openjdk-17 was Oracle Linux but 3-openjdk-11 Debian: unknown (null) unless the tag says more.
      vendorOs: { amazoncorretto: 'rhel', graalvm: 'rhel', sapmachine: 'ubuntu', ibmjava: 'ubuntu', ibm: 'ubuntu', eclipse: 'ubuntu', openjdk: null },
      alternatives: { alpine: {} },
    },
    { official: ['gradle'], role: 'sdk', defaultOs: 'ubuntu', vendorOs: { corretto: 'rhel' }, alternatives: { alpine: {} } },
    { official: ['gcc', 'buildpack-deps', 'haskell'], role: 'sdk', defaultOs: 'debian' },
    { official: ['swift'], role: 'sdk', defaultOs: 'ubuntu' },
    { repositories: ['mcr.microsoft.com/dotnet/sdk'], role: 'sdk', defaultOs: 'ubuntu', defaultOsBelow: { major: 10, os: 'debian' } },

    // Services often used as the final stage (static sites behind nginx, a seeded database).
    { official: ['nginx', 'httpd', 'redis', 'postgres', 'haproxy', 'memcached'], role: 'service', defaultOs: 'debian', alternatives: { alpine: {} } },
    { official: ['traefik', 'caddy', 'docker', 'bash', 'composer'], role: 'service', defaultOs: 'alpine', minimal: true },
    { official: ['rabbitmq'], role: 'service', defaultOs: 'ubuntu', alternatives: { alpine: {} } },
    { official: ['mongo', 'mariadb'], role: 'service', defaultOs: 'ubuntu' },
    // mysql 5.5/5.6 were Debian only; 5.7 moved to Oracle Linux in 2021 with `-debian` tags beside it, so a
    // bare 5.7 tag is either (unknown); 8.0 and later default to Oracle Linux.
    { official: ['mysql'], role: 'service', defaultOs: 'rhel', defaultOsBelow: { major: 8, os: 'debian' }, unknownVersions: ['5.7'] },
  ],
};

/**
 * Google's distroless images on the newest Debian they publish, read from the distroless README by
 * scripts/gen-distroless.mjs. Language images replace the same major (Node, Java) or, for Python
 * (Debian's own python3), the same minor version. Written with the `nonroot` tag: distroless
 * publishes no version tags, and `latest` would be a mutable tag of the tool's own making.
 */
export const DISTROLESS_IMAGES = distrolessImages();

function distrolessImages(): { source: string; asOf: string; nodejs: Record<string, string>; java: Record<string, string>; python: Record<string, string>; static: string; base: string; baseFor: (debian: number) => string | undefined } {
  const suffix = `-debian${DISTROLESS.newestDebian}`;
  const names = Object.keys(DISTROLESS.images);
  const byMajor = (lang: string) =>
    Object.fromEntries(
      names.flatMap((n) => {
        const m = new RegExp(`^gcr\\.io/distroless/${lang}(\\d+)${suffix}$`).exec(n);
        return m ? [[m[1], `${n}:nonroot`]] : [];
      }),
    );
  const python = `gcr.io/distroless/python3${suffix}`;
  return {
    source: `${DISTROLESS.source} at ${DISTROLESS.commit.slice(0, 12)}`,
    asOf: DISTROLESS.date,
    nodejs: byMajor('nodejs'),
    java: byMajor('java'),
    python: DISTROLESS.python3Minor && names.includes(python) ? { [DISTROLESS.python3Minor]: `${python}:nonroot` } : {},
    static: `gcr.io/distroless/static${suffix}:nonroot`,
    base: `gcr.io/distroless/base${suffix}:nonroot`,
    // A dynamically linked binary needs the glibc of the Debian it was built on, or a newer one.
    baseFor: (debian: number) => (names.includes(`gcr.io/distroless/base-debian${debian}`) ? `gcr.io/distroless/base-debian${Math.max(debian, DISTROLESS.newestDebian)}:nonroot` : undefined),
  };
}
