/**
 * End-of-life tables for the base images people write in FROM lines.
 *
 * `eol` is the last day of FREE security support: upstream security support for runtimes, Debian
 * LTS for Debian (the official debian images keep receiving LTS updates), standard support for
 * Ubuntu (ESM needs a Pro subscription, which a container build does not have). Dates marked
 * `approximate` were announced as a month or "at least" date, or follow a published schedule for a
 * release that had not happened when the table was checked.
 */

/** One release line of a product. */
export interface EolCycle {
  /** The release line as tags spell its leading version: `16`, `3.12`, `1.22`, `18.04`. */
  cycle: string;
  /** Lower-case codename as it appears in tags (`bookworm`, `jammy`, node's `gallium`). */
  codename?: string;
  /** First release (YYYY-MM-DD); a cycle is never recommended before it exists. */
  released?: string;
  /** Last day of free security support (YYYY-MM-DD). */
  eol: string;
  lts?: boolean;
  /** The line to move to, reviewed as of the table's `asOf` date. */
  recommended?: boolean;
  /** How tags spell the version when it differs from `cycle` (.NET: cycle `8`, tag `8.0`). */
  tag?: string;
  approximate?: boolean;
}

/** What a fix should do when the whole image is abandoned, not just one of its versions. */
export interface Successor {
  /** Image to move to, as written in a FROM line. */
  image: string;
  /** Family of the successor's table (its cycles decide the replacement version). */
  family: string;
  /** Variant words of the old tag worth keeping, in the order the successor's tags use them. */
  keep: string[];
}

export interface EolTable {
  /** Stable key, also used in messages: `node`, `debian`. */
  family: string;
  kind: 'runtime' | 'os';
  /** Docker Hub official image names this table describes (`node`). */
  images: string[];
  /** Images outside Docker Hub's official namespace, as `registry/path`. */
  qualifiedImages?: string[];
  source: string;
  /** When the table was last checked against its source. */
  asOf: string;
  /** Set when the image itself is deprecated: every cycle of it gets this replacement. */
  successor?: Successor;
  cycles: EolCycle[];
}

const ENDOFLIFE = 'https://endoflife.date';

export const EOL_TABLES: readonly EolTable[] = [
  {
    family: 'node',
    kind: 'runtime',
    images: ['node'],
    source: `${ENDOFLIFE}/nodejs`,
    asOf: '2026-11-22',
    cycles: [
      { cycle: '4', codename: 'argon', released: '2015-09-08', eol: '2018-04-30', lts: true },
      { cycle: '5', released: '2015-10-29', eol: '2016-06-30' },
      { cycle: '6', codename: 'boron', released: '2016-04-26', eol: '2019-04-30', lts: true },
      { cycle: '7', released: '2016-10-25', eol: '2017-06-30' },
      { cycle: '8', codename: 'carbon', released: '2017-05-30', eol: '2019-12-31', lts: true },
      { cycle: '9', released: '2017-10-01', eol: '2018-06-30' },
      { cycle: '10', codename: 'dubnium', released: '2018-04-24', eol: '2021-04-30', lts: true },
      { cycle: '11', released: '2018-10-23', eol: '2019-06-01' },
      { cycle: '12', codename: 'erbium', released: '2019-04-23', eol: '2022-04-30', lts: true },
      { cycle: '13', released: '2019-10-22', eol: '2020-06-01' },
      { cycle: '14', codename: 'fermium', released: '2020-04-21', eol: '2023-04-30', lts: true },
      { cycle: '15', released: '2020-10-20', eol: '2021-06-01' },
      { cycle: '16', codename: 'gallium', released: '2021-04-20', eol: '2023-09-11', lts: true },
      { cycle: '17', released: '2021-10-19', eol: '2022-06-01' },
      { cycle: '18', codename: 'hydrogen', released: '2022-04-19', eol: '2025-04-30', lts: true },
      { cycle: '19', released: '2022-10-18', eol: '2023-06-01' },
      { cycle: '20', codename: 'iron', released: '2023-04-18', eol: '2026-04-30', lts: true },
      { cycle: '21', released: '2023-10-17', eol: '2024-06-01' },
      { cycle: '22', codename: 'jod', released: '2024-04-24', eol: '2027-04-30', lts: true },
      { cycle: '23', released: '2024-10-16', eol: '2025-06-01' },
      { cycle: '24', codename: 'krypton', released: '2025-05-06', eol: '2028-04-30', lts: true, recommended: true },
      { cycle: '25', released: '2025-10-15', eol: '2026-06-01' },
      { cycle: '26', released: '2026-04-22', eol: '2029-04-30', lts: true },
    ],
  },
  {
    family: 'python',
    kind: 'runtime',
    images: ['python'],
    source: `${ENDOFLIFE}/python`,
    asOf: '2026-11-22',
    cycles: [
      { cycle: '2.7', released: '2010-07-03', eol: '2020-01-01' },
      { cycle: '3.3', released: '2012-09-29', eol: '2017-09-29' },
      { cycle: '3.4', released: '2014-03-16', eol: '2019-03-18' },
      { cycle: '3.5', released: '2015-09-13', eol: '2020-09-30' },
      { cycle: '3.6', released: '2016-12-23', eol: '2021-12-23' },
      { cycle: '3.7', released: '2018-06-27', eol: '2023-06-27' },
      { cycle: '3.8', released: '2019-10-14', eol: '2024-10-07' },
      { cycle: '3.9', released: '2020-10-05', eol: '2025-10-31' },
      { cycle: '3.10', released: '2021-10-04', eol: '2026-10-31' },
      { cycle: '3.11', released: '2022-10-24', eol: '2027-10-31' },
      { cycle: '3.12', released: '2023-10-02', eol: '2028-10-31' },
      { cycle: '3.13', released: '2024-10-07', eol: '2029-10-31' },
      { cycle: '3.14', released: '2025-10-07', eol: '2030-10-31', recommended: true },
      { cycle: '3.15', released: '2026-10-01', eol: '2031-10-31', approximate: true },
    ],
  },
  {
    family: 'golang',
    kind: 'runtime',
    images: ['golang'],
    source: `${ENDOFLIFE}/go`,
    asOf: '2026-11-22',
    // Go supports a release until two newer ones exist: eol(1.N) = released(1.N+2).
    cycles: [
      { cycle: '1.15', released: '2020-08-11', eol: '2021-08-16' },
      { cycle: '1.16', released: '2021-02-16', eol: '2022-03-15' },
      { cycle: '1.17', released: '2021-08-16', eol: '2022-08-02' },
      { cycle: '1.18', released: '2022-03-15', eol: '2023-02-01' },
      { cycle: '1.19', released: '2022-08-02', eol: '2023-09-06' },
      { cycle: '1.20', released: '2023-02-01', eol: '2024-02-06' },
      { cycle: '1.21', released: '2023-08-08', eol: '2024-08-13' },
      { cycle: '1.22', released: '2024-02-06', eol: '2025-02-11' },
      { cycle: '1.23', released: '2024-08-13', eol: '2025-08-12' },
      { cycle: '1.24', released: '2025-02-11', eol: '2026-02-10', approximate: true },
      { cycle: '1.25', released: '2025-08-12', eol: '2026-08-11', approximate: true },
      { cycle: '1.26', released: '2026-02-10', eol: '2027-02-09', approximate: true },
      { cycle: '1.27', released: '2026-08-11', eol: '2027-08-10', approximate: true, recommended: true },
    ],
  },
  {
    family: 'ruby',
    kind: 'runtime',
    images: ['ruby'],
    source: `${ENDOFLIFE}/ruby`,
    asOf: '2026-11-22',
    cycles: [
      { cycle: '2.4', released: '2016-12-23', eol: '2020-03-31' },
      { cycle: '2.5', released: '2017-12-25', eol: '2021-03-31' },
      { cycle: '2.6', released: '2018-12-25', eol: '2022-03-31' },
      { cycle: '2.7', released: '2019-12-25', eol: '2023-03-31' },
      { cycle: '3.0', released: '2020-12-25', eol: '2024-04-23' },
      { cycle: '3.1', released: '2021-12-25', eol: '2025-03-31' },
      { cycle: '3.2', released: '2022-12-25', eol: '2026-03-31' },
      { cycle: '3.3', released: '2023-12-25', eol: '2027-03-31' },
      { cycle: '3.4', released: '2024-12-24', eol: '2028-03-31', recommended: true },
      { cycle: '4.0', released: '2025-12-25', eol: '2029-03-31' },
    ],
  },
  {
    family: 'php',
    kind: 'runtime',
    images: ['php'],
    source: `${ENDOFLIFE}/php`,
    asOf: '2026-11-22',
    cycles: [
      { cycle: '5.6', released: '2014-08-28', eol: '2018-12-31' },
      { cycle: '7.0', released: '2015-12-03', eol: '2019-01-10' },
      { cycle: '7.1', released: '2016-12-01', eol: '2019-12-01' },
      { cycle: '7.2', released: '2017-11-30', eol: '2020-11-30' },
      { cycle: '7.3', released: '2018-12-06', eol: '2021-12-06' },
      { cycle: '7.4', released: '2019-11-28', eol: '2022-11-28' },
      { cycle: '8.0', released: '2020-11-26', eol: '2023-11-26' },
      { cycle: '8.1', released: '2021-11-25', eol: '2025-12-31' },
      { cycle: '8.2', released: '2022-12-08', eol: '2026-12-31' },
      { cycle: '8.3', released: '2023-11-23', eol: '2027-12-31' },
      { cycle: '8.4', released: '2024-11-21', eol: '2028-12-31', recommended: true },
      { cycle: '8.5', released: '2025-11-20', eol: '2029-12-31' },
    ],
  },
  {
    family: 'eclipse-temurin',
    kind: 'runtime',
    images: ['eclipse-temurin'],
    source: `${ENDOFLIFE}/eclipse-temurin`,
    asOf: '2026-11-22',
    // Adoptium publishes LTS ends as "at least <month>"; the last day of that month is used.
    cycles: [
      { cycle: '8', released: '2021-07-29', eol: '2030-12-31', lts: true, approximate: true },
      { cycle: '11', released: '2021-08-01', eol: '2027-10-31', lts: true },
      { cycle: '16', released: '2021-07-30', eol: '2021-09-30' },
      { cycle: '17', released: '2021-09-22', eol: '2027-10-31', lts: true },
      { cycle: '18', released: '2022-03-24', eol: '2022-09-30' },
      { cycle: '19', released: '2022-09-26', eol: '2023-03-31' },
      { cycle: '20', released: '2023-03-23', eol: '2023-09-19' },
      { cycle: '21', released: '2023-10-10', eol: '2029-12-31', lts: true, recommended: true },
      { cycle: '22', released: '2024-03-20', eol: '2024-09-17' },
      { cycle: '23', released: '2024-09-17', eol: '2025-03-18' },
      { cycle: '24', released: '2025-03-18', eol: '2025-09-16' },
      { cycle: '25', released: '2025-09-16', eol: '2031-09-30', lts: true, approximate: true },
      { cycle: '26', released: '2026-03-17', eol: '2026-09-15', approximate: true },
    ],
  },
  {
    family: 'amazoncorretto',
    kind: 'runtime',
    images: ['amazoncorretto'],
    source: `${ENDOFLIFE}/amazon-corretto`,
    asOf: '2026-11-22',
    cycles: [
      { cycle: '8', released: '2019-02-20', eol: '2030-12-31', lts: true, approximate: true },
      { cycle: '11', released: '2019-02-18', eol: '2032-01-31', lts: true, approximate: true },
      { cycle: '15', released: '2020-08-26', eol: '2021-03-16' },
      { cycle: '16', released: '2021-04-23', eol: '2021-10-19' },
      { cycle: '17', released: '2021-08-24', eol: '2029-10-31', lts: true, approximate: true },
      { cycle: '18', released: '2022-02-26', eol: '2022-10-18' },
      { cycle: '19', released: '2022-08-17', eol: '2023-04-01' },
      { cycle: '20', released: '2023-02-23', eol: '2023-09-21' },
      { cycle: '21', released: '2023-08-25', eol: '2030-10-31', lts: true, approximate: true, recommended: true },
      { cycle: '25', released: '2025-09-16', eol: '2032-10-31', lts: true, approximate: true },
    ],
  },
  {
    // Docker Hub deprecated the openjdk image in July 2022: only early-access builds kept
    // being pushed, so every GA tag of it has been frozen since then.
    family: 'openjdk',
    kind: 'runtime',
    images: ['openjdk'],
    source: 'https://hub.docker.com/_/openjdk',
    asOf: '2026-11-22',
    successor: { image: 'eclipse-temurin', family: 'eclipse-temurin', keep: ['jre', 'jdk', 'alpine'] },
    cycles: ['7', '8', '11', '17', '18', '19', '20', '21', '22'].map((cycle) => ({
      cycle,
      eol: '2022-07-31',
      approximate: true,
    })),
  },
  {
    family: 'dotnet',
    kind: 'runtime',
    images: [],
    qualifiedImages: ['sdk', 'aspnet', 'runtime', 'runtime-deps'].map((name) => `mcr.microsoft.com/dotnet/${name}`),
    source: `${ENDOFLIFE}/dotnet`,
    asOf: '2026-11-22',
    cycles: [
      { cycle: '2.1', released: '2018-05-30', eol: '2021-08-21', lts: true },
      { cycle: '3.1', released: '2019-12-03', eol: '2022-12-13', lts: true },
      { cycle: '5', tag: '5.0', released: '2020-11-10', eol: '2022-05-10' },
      { cycle: '6', tag: '6.0', released: '2021-11-08', eol: '2024-11-12', lts: true },
      { cycle: '7', tag: '7.0', released: '2022-11-08', eol: '2024-05-14' },
      { cycle: '8', tag: '8.0', released: '2023-11-14', eol: '2026-11-10', lts: true },
      { cycle: '9', tag: '9.0', released: '2024-11-12', eol: '2026-11-10' },
      { cycle: '10', tag: '10.0', released: '2025-11-11', eol: '2028-11-14', lts: true, recommended: true },
    ],
  },
  {
    family: 'postgres',
    kind: 'runtime',
    images: ['postgres'],
    source: `${ENDOFLIFE}/postgresql`,
    asOf: '2026-11-22',
    cycles: [
      { cycle: '9.5', released: '2016-01-07', eol: '2021-02-11' },
      { cycle: '9.6', released: '2016-09-29', eol: '2021-11-11' },
      { cycle: '10', released: '2017-10-05', eol: '2022-11-10' },
      { cycle: '11', released: '2018-10-18', eol: '2023-11-09' },
      { cycle: '12', released: '2019-10-03', eol: '2024-11-21' },
      { cycle: '13', released: '2020-09-24', eol: '2025-11-13' },
      { cycle: '14', released: '2021-09-30', eol: '2026-11-12' },
      { cycle: '15', released: '2022-10-13', eol: '2027-11-11' },
      { cycle: '16', released: '2023-09-14', eol: '2028-11-09' },
      { cycle: '17', released: '2024-09-26', eol: '2029-11-08', recommended: true },
      { cycle: '18', released: '2025-09-25', eol: '2030-11-14' },
    ],
  },
  {
    family: 'mysql',
    kind: 'runtime',
    images: ['mysql'],
    source: `${ENDOFLIFE}/mysql`,
    asOf: '2026-11-22',
    cycles: [
      { cycle: '5.6', released: '2013-02-05', eol: '2021-02-28', approximate: true },
      { cycle: '5.7', released: '2015-10-21', eol: '2023-10-25' },
      { cycle: '8.0', released: '2018-04-19', eol: '2026-04-30' },
      { cycle: '8.4', released: '2024-04-30', eol: '2032-04-30', lts: true, recommended: true },
    ],
  },
  {
    family: 'debian',
    kind: 'os',
    images: ['debian'],
    source: `${ENDOFLIFE}/debian`,
    asOf: '2026-11-22',
    cycles: [
      { cycle: '7', codename: 'wheezy', released: '2013-05-04', eol: '2018-05-31' },
      { cycle: '8', codename: 'jessie', released: '2015-04-25', eol: '2020-06-30' },
      { cycle: '9', codename: 'stretch', released: '2017-06-17', eol: '2022-06-30' },
      { cycle: '10', codename: 'buster', released: '2019-07-06', eol: '2024-06-30' },
      { cycle: '11', codename: 'bullseye', released: '2021-08-14', eol: '2026-08-31' },
      { cycle: '12', codename: 'bookworm', released: '2023-06-10', eol: '2028-06-30' },
      { cycle: '13', codename: 'trixie', released: '2025-08-09', eol: '2030-06-30', recommended: true },
    ],
  },
  {
    family: 'ubuntu',
    kind: 'os',
    images: ['ubuntu'],
    source: `${ENDOFLIFE}/ubuntu`,
    asOf: '2026-11-22',
    cycles: [
      { cycle: '14.04', codename: 'trusty', released: '2014-04-17', eol: '2019-04-02', lts: true },
      { cycle: '16.04', codename: 'xenial', released: '2016-04-21', eol: '2021-04-02', lts: true },
      { cycle: '18.04', codename: 'bionic', released: '2018-04-26', eol: '2023-05-31', lts: true },
      { cycle: '18.10', codename: 'cosmic', released: '2018-10-18', eol: '2019-07-18' },
      { cycle: '19.04', codename: 'disco', released: '2019-04-18', eol: '2020-01-23' },
      { cycle: '19.10', codename: 'eoan', released: '2019-10-17', eol: '2020-07-06' },
      { cycle: '20.04', codename: 'focal', released: '2020-04-23', eol: '2025-05-31', lts: true },
      { cycle: '20.10', codename: 'groovy', released: '2020-10-22', eol: '2021-07-22' },
      { cycle: '21.04', codename: 'hirsute', released: '2021-04-22', eol: '2022-01-20' },
      { cycle: '21.10', codename: 'impish', released: '2021-10-14', eol: '2022-07-14' },
      { cycle: '22.04', codename: 'jammy', released: '2022-04-21', eol: '2027-04-01', lts: true },
      { cycle: '22.10', codename: 'kinetic', released: '2022-10-20', eol: '2023-07-20' },
      { cycle: '23.04', codename: 'lunar', released: '2023-04-20', eol: '2024-01-20' },
      { cycle: '23.10', codename: 'mantic', released: '2023-10-12', eol: '2024-07-12' },
      { cycle: '24.04', codename: 'noble', released: '2024-04-25', eol: '2029-05-31', lts: true, recommended: true },
      { cycle: '24.10', codename: 'oracular', released: '2024-10-10', eol: '2025-07-10' },
      { cycle: '25.04', codename: 'plucky', released: '2025-04-17', eol: '2026-01-17' },
      { cycle: '25.10', codename: 'questing', released: '2025-10-09', eol: '2026-07-01' },
      { cycle: '26.04', codename: 'resolute', released: '2026-04-23', eol: '2031-04-30', lts: true },
    ],
  },
  {
    family: 'alpine',
    kind: 'os',
    images: ['alpine'],
    source: `${ENDOFLIFE}/alpine-linux`,
    asOf: '2026-11-22',
    cycles: [
      { cycle: '3.8', released: '2018-06-26', eol: '2020-05-01' },
      { cycle: '3.9', released: '2019-01-29', eol: '2020-11-01' },
      { cycle: '3.10', released: '2019-06-19', eol: '2021-05-01' },
      { cycle: '3.11', released: '2019-12-19', eol: '2021-11-01' },
      { cycle: '3.12', released: '2020-05-29', eol: '2022-05-01' },
      { cycle: '3.13', released: '2021-01-14', eol: '2022-11-01' },
      { cycle: '3.14', released: '2021-06-15', eol: '2023-05-01' },
      { cycle: '3.15', released: '2021-11-24', eol: '2023-11-01' },
      { cycle: '3.16', released: '2022-05-23', eol: '2024-05-23' },
      { cycle: '3.17', released: '2022-11-22', eol: '2024-11-22' },
      { cycle: '3.18', released: '2023-05-09', eol: '2025-05-09' },
      { cycle: '3.19', released: '2023-12-07', eol: '2025-11-01' },
      { cycle: '3.20', released: '2024-05-22', eol: '2026-04-01' },
      { cycle: '3.21', released: '2024-12-05', eol: '2026-11-01' },
      { cycle: '3.22', released: '2025-05-30', eol: '2027-05-01' },
      { cycle: '3.23', released: '2025-12-04', eol: '2027-11-01', recommended: true },
    ],
  },
  {
    // The centos image on Docker Hub is deprecated; AlmaLinux is the binary-compatible successor
    // published as an official image.
    family: 'centos',
    kind: 'os',
    images: ['centos'],
    source: `${ENDOFLIFE}/centos`,
    asOf: '2026-11-22',
    successor: { image: 'almalinux', family: 'almalinux', keep: [] },
    cycles: [
      { cycle: '5', released: '2007-04-12', eol: '2017-03-31' },
      { cycle: '6', released: '2011-07-10', eol: '2020-11-30' },
      { cycle: '7', released: '2014-07-07', eol: '2024-06-30' },
      { cycle: '8', released: '2019-09-24', eol: '2021-12-31' },
    ],
  },
  {
    family: 'almalinux',
    kind: 'os',
    images: ['almalinux'],
    source: `${ENDOFLIFE}/almalinux`,
    asOf: '2026-11-22',
    cycles: [
      { cycle: '8', released: '2021-03-30', eol: '2029-03-01' },
      { cycle: '9', released: '2022-05-26', eol: '2032-05-31', recommended: true },
      { cycle: '10', released: '2025-05-27', eol: '2035-05-31' },
    ],
  },
  {
    family: 'fedora',
    kind: 'os',
    images: ['fedora'],
    source: `${ENDOFLIFE}/fedora`,
    asOf: '2026-11-22',
    // Fedora N is supported until four weeks after N+2 ships, so future ends are estimates.
    cycles: [
      { cycle: '35', released: '2021-11-02', eol: '2022-12-13' },
      { cycle: '36', released: '2022-05-10', eol: '2023-05-16' },
      { cycle: '37', released: '2022-11-15', eol: '2023-12-05' },
      { cycle: '38', released: '2023-04-18', eol: '2024-05-21' },
      { cycle: '39', released: '2023-11-07', eol: '2024-11-26' },
      { cycle: '40', released: '2024-04-23', eol: '2025-05-13' },
      { cycle: '41', released: '2024-10-29', eol: '2025-12-15' },
      { cycle: '42', released: '2025-04-15', eol: '2026-05-13' },
      { cycle: '43', released: '2025-10-28', eol: '2026-12-09', approximate: true },
      { cycle: '44', released: '2026-04-14', eol: '2027-05-12', approximate: true, recommended: true },
    ],
  },
];

/** The table of one family, by its key. */
export function eolTable(family: string): EolTable | undefined {
  return EOL_TABLES.find((table) => table.family === family);
}

/** Debian and Ubuntu codenames as tags spell them, mapped to their family. */
export const OS_CODENAMES: ReadonlyMap<string, 'debian' | 'ubuntu'> = new Map(
  EOL_TABLES.filter((table) => table.family === 'debian' || table.family === 'ubuntu').flatMap((table) =>
    table.cycles.flatMap((c) => (c.codename ? [[c.codename, table.family as 'debian' | 'ubuntu'] as const] : [])),
  ),
);
