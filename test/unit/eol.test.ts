import { strict as assert } from 'node:assert';
import { EOL_TABLES } from '../../server/src/data/eol';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { combinedReplacementTag, findEol, lifecycleOf, recommend } from '../../server/src/core/eol';
import { parseImageRef } from '../../server/src/core/imageRef';
import { analyze } from '../../server/src/core/analyze';

const TODAY = new Date('2026-11-22T12:00:00Z');

function hits(reference: string, now = TODAY) {
  const ref = parseImageRef(reference);
  assert.ok(ref, `${reference} parses`);
  return findEol(ref, now);
}

interface Invalid {
  says: string;
  reference: string;
  now?: string;
  expect: { family: string; cycle: string; eol: string; what: 'runtime' | 'os'; replacementTag: string; tagRange: [number, number]; replacementImage?: string }[];
  message?: string;
}

describe('findEol', () => {
  const invalid: Invalid[] = [
    {
      says: 'node 16 on alpine moves to the recommended LTS, keeping the variant',
      reference: 'node:16-alpine',
      expect: [{ family: 'node', cycle: '16', eol: '2023-09-11', what: 'runtime', replacementTag: '26-alpine', tagRange: [0, 2] }],
      message: 'node 16 reached end of life on 2023-09-11; move to node:26-alpine (supported until 2029-04-30)',
    },
    {
      says: 'a full node version is replaced by the recommended major',
      reference: 'node:16.20.2-bullseye-slim@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      expect: [
        { family: 'node', cycle: '16', eol: '2023-09-11', what: 'runtime', replacementTag: '26-bullseye-slim', tagRange: [0, 7] },
        { family: 'debian', cycle: '11', eol: '2026-08-31', what: 'os', replacementTag: '16.20.2-trixie-slim', tagRange: [8, 16] },
      ],
    },
    {
      says: 'python keeps major.minor precision and the slim variant',
      reference: 'python:3.8-slim',
      expect: [{ family: 'python', cycle: '3.8', eol: '2024-10-07', what: 'runtime', replacementTag: '3.14-slim', tagRange: [0, 3] }],
    },
    {
      says: 'a supported python on an old debian gets the OS moved, nothing else',
      reference: 'python:3.12-slim-buster',
      expect: [{ family: 'debian', cycle: '10', eol: '2024-06-30', what: 'os', replacementTag: '3.12-slim-trixie', tagRange: [10, 16] }],
      message: 'debian 10 (buster) reached end of life on 2024-06-30; move to python:3.12-slim-trixie (supported until 2030-06-30)',
    },
    {
      says: 'in 2024 the same tag is told to move to bookworm, the stable release then',
      reference: 'python:3.12-slim-buster',
      now: '2024-08-01',
      expect: [{ family: 'debian', cycle: '10', eol: '2024-06-30', what: 'os', replacementTag: '3.12-slim-bookworm', tagRange: [10, 16] }],
    },
    {
      says: 'debian by codename keeps its -slim',
      reference: 'debian:buster-slim',
      expect: [{ family: 'debian', cycle: '10', eol: '2024-06-30', what: 'os', replacementTag: 'trixie-slim', tagRange: [0, 6] }],
    },
    {
      says: 'debian by number moves by number',
      reference: 'debian:9.13',
      expect: [{ family: 'debian', cycle: '9', eol: '2022-07-01', what: 'os', replacementTag: '13', tagRange: [0, 4] }],
    },
    {
      says: 'ubuntu by number',
      reference: 'ubuntu:18.04',
      expect: [{ family: 'ubuntu', cycle: '18.04', eol: '2023-05-31', what: 'os', replacementTag: '26.04', tagRange: [0, 5] }],
    },
    {
      says: 'ubuntu by codename',
      reference: 'docker.io/library/ubuntu:focal',
      expect: [{ family: 'ubuntu', cycle: '20.04', eol: '2025-05-31', what: 'os', replacementTag: 'resolute', tagRange: [0, 5] }],
    },
    {
      says: 'alpine by patch version',
      reference: 'alpine:3.15.4',
      expect: [{ family: 'alpine', cycle: '3.15', eol: '2023-11-01', what: 'os', replacementTag: '3.24', tagRange: [0, 6] }],
    },
    {
      says: 'the alpine release inside a runtime tag',
      reference: 'golang:1.25-alpine3.19',
      expect: [
        { family: 'golang', cycle: '1.25', eol: '2026-08-19', what: 'runtime', replacementTag: '1.27-alpine3.19', tagRange: [0, 4] },
        { family: 'alpine', cycle: '3.19', eol: '2025-11-01', what: 'os', replacementTag: '1.25-alpine3.24', tagRange: [11, 15] },
      ],
    },
    {
      says: 'centos is deprecated: the fix moves to almalinux',
      reference: 'centos:7',
      expect: [{ family: 'centos', cycle: '7', eol: '2024-06-30', what: 'os', replacementTag: '10', tagRange: [0, 1], replacementImage: 'almalinux' }],
      message: 'centos 7 reached end of life on 2024-06-30; the centos image is deprecated; move to almalinux:10 (supported until 2035-05-31)',
    },
    {
      says: 'centos with its name glued to the version',
      reference: 'centos:centos8',
      expect: [{ family: 'centos', cycle: '8', eol: '2021-12-31', what: 'os', replacementTag: '8', tagRange: [0, 7], replacementImage: 'almalinux' }],
    },
    {
      says: 'openjdk is deprecated: same java line on eclipse-temurin, keeping jre',
      reference: 'openjdk:11-jre-slim',
      expect: [
        { family: 'openjdk', cycle: '11', eol: '2022-07-31', what: 'runtime', replacementTag: '11-jre', tagRange: [0, 11], replacementImage: 'eclipse-temurin' },
      ],
    },
    {
      says: 'temurin on an ubuntu past standard support',
      reference: 'eclipse-temurin:17-jdk-focal',
      expect: [{ family: 'ubuntu', cycle: '20.04', eol: '2025-05-31', what: 'os', replacementTag: '17-jdk-resolute', tagRange: [7, 12] }],
    },
    {
      says: 'node codename tags are release lines too',
      reference: 'node:gallium-alpine',
      expect: [{ family: 'node', cycle: '16', eol: '2023-09-11', what: 'runtime', replacementTag: '26-alpine', tagRange: [0, 7] }],
    },
    {
      says: 'a mirror of an official image is the same image',
      reference: 'mirror.local:5000/library/node:14',
      expect: [{ family: 'node', cycle: '14', eol: '2023-04-30', what: 'runtime', replacementTag: '26', tagRange: [0, 2] }],
      message: 'node 14 reached end of life on 2023-04-30; move to mirror.local:5000/library/node:26 (supported until 2029-04-30)',
    },
    {
      says: '.NET on MCR, spelled with .0',
      reference: 'mcr.microsoft.com/dotnet/aspnet:6.0-bookworm-slim',
      expect: [{ family: 'dotnet', cycle: '6', eol: '2024-11-12', what: 'runtime', replacementTag: '10.0-bookworm-slim', tagRange: [0, 3] }],
    },
    {
      says: 'postgres 12',
      reference: 'postgres:12.19-alpine',
      expect: [{ family: 'postgres', cycle: '12', eol: '2024-11-21', what: 'runtime', replacementTag: '18-alpine', tagRange: [0, 5] }],
    },
    {
      says: 'a snapshot tag of an old release moves to the rolling tag of the new one',
      reference: 'debian:bullseye-20240612-slim',
      expect: [{ family: 'debian', cycle: '11', eol: '2026-08-31', what: 'os', replacementTag: 'trixie-slim', tagRange: [0, 17] }],
    },
    {
      says: 'the day of end of life counts as ended',
      reference: 'node:20',
      now: '2026-04-30',
      expect: [{ family: 'node', cycle: '20', eol: '2026-04-30', what: 'runtime', replacementTag: '24', tagRange: [0, 2] }],
    },
  ];

  for (const { says, reference, now, expect, message } of invalid) {
    it(`${says}: ${reference}${now ? ` on ${now}` : ''}`, () => {
      const found = hits(reference, now ? new Date(`${now}T12:00:00Z`) : TODAY);
      assert.deepEqual(
        found.map(({ family, cycle, eol, what, replacementTag, tagRange, replacementImage }) => ({
          family, cycle, eol, what, replacementTag, tagRange, ...(replacementImage ? { replacementImage } : {}),
        })),
        expect,
      );
      if (message) assert.equal(found[0].message, message);
    });
  }

  const valid: { says: string; reference: string; now?: string }[] = [
    { says: 'a supported node LTS', reference: 'node:22-alpine' },
    { says: 'a supported python on a supported debian', reference: 'python:3.12-slim-bookworm' },
    { says: 'the floating python major names no release line', reference: 'python:3-slim' },
    { says: 'latest is not a release line', reference: 'node:latest' },
    { says: 'an untagged reference', reference: 'node' },
    { says: 'a digest-only reference', reference: 'node@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' },
    { says: 'an image we do not know, even with an old-looking tag', reference: 'bitnami/node:16' },
    { says: 'another registry path that merely ends in node', reference: 'ghcr.io/acme/node:16' },
    { says: 'node 16 before its end of life', reference: 'node:16', now: '2023-09-10' },
    { says: 'node 20 on the day before its end of life', reference: 'node:20', now: '2026-04-29' },
    { says: 'debian stable by codename', reference: 'debian:trixie-slim' },
    { says: 'debian bookworm, still in LTS', reference: 'debian:bookworm' },
    { says: 'ubuntu noble', reference: 'ubuntu:24.04' },
    { says: 'a supported alpine', reference: 'alpine:3.22' },
    { says: 'temurin 21 on noble', reference: 'eclipse-temurin:21-jre-noble' },
    { says: 'a jammy base is still in standard support', reference: 'eclipse-temurin:17-jdk-jammy' },
    { says: 'codename-like words that are not distributions', reference: 'node:22-bookworm-slim' },
    { says: 'stable and sid are not release lines', reference: 'debian:stable-slim' },
    { says: 'an unknown python line', reference: 'python:3.99' },
  ];
  for (const { says, reference, now } of valid) {
    it(`no hit for ${says}: ${reference}${now ? ` on ${now}` : ''}`, () => {
      assert.deepEqual(hits(reference, now ? new Date(`${now}T12:00:00Z`) : TODAY), []);
    });
  }

  it('a fix keeps the tag outside its range as written', () => {
    const ref = parseImageRef('golang:1.19.13-alpine3.16');
    assert.ok(ref?.tag);
    const found = findEol(ref, TODAY);
    assert.equal(found.length, 2);
    for (const hit of found) {
      assert.ok(hit.replacementTag.startsWith(ref.tag.slice(0, hit.tagRange[0])), hit.message);
      assert.ok(hit.replacementTag.endsWith(ref.tag.slice(hit.tagRange[1])), hit.message);
    }
  });
});

describe('combinedReplacementTag', () => {
  it('moves runtime and OS in one edit', () => {
    const ref = parseImageRef('node:16-alpine3.15');
    assert.ok(ref?.tag);
    assert.equal(combinedReplacementTag(ref.tag, findEol(ref, TODAY)), '26-alpine3.24');
  });
  it('an image replacement wins alone', () => {
    const ref = parseImageRef('openjdk:8-jdk-alpine3.15');
    assert.ok(ref?.tag);
    assert.equal(combinedReplacementTag(ref.tag, findEol(ref, TODAY)), '8-jdk-alpine');
  });
});

describe('lifecycleOf', () => {
  it('reports supported lines with their end dates, for hover', () => {
    const ref = parseImageRef('python:3.12-slim-bookworm');
    assert.ok(ref);
    assert.deepEqual(
      lifecycleOf(ref).map(({ family, cycle, eol }) => ({ family, cycle, eol })),
      [
        { family: 'python', cycle: '3.12', eol: '2028-10-31' },
        { family: 'debian', cycle: '12', eol: '2028-06-30' },
      ],
    );
  });
});

describe('EOL tables', () => {
  it('cover the families people use, each generated from its source with a line to move to', () => {
    assert.ok(EOL_TABLES.length >= 35);
    const today = '2026-12-02';
    for (const table of EOL_TABLES) {
      assert.match(table.source, /^https:\/\//, table.family);
      assert.match(table.asOf, /^\d{4}-\d{2}-\d{2}$/, table.family);
      assert.ok(table.cycles.length > 0, table.family);
      assert.ok(table.successor || table.family === 'openjdk' || recommend(table, today), `${table.family} has a supported line on ${today}`);
    }
  });

  it('have well-formed dates', () => {
    for (const table of EOL_TABLES) {
      for (const cycle of table.cycles) {
        assert.match(cycle.eol, /^\d{4}-\d{2}-\d{2}$/, `${table.family} ${cycle.cycle}`);
        assert.ok(!Number.isNaN(Date.parse(cycle.eol)), `${table.family} ${cycle.cycle}`);
        if (cycle.released) assert.match(cycle.released, /^\d{4}-\d{2}-\d{2}$/, `${table.family} ${cycle.cycle}`);
      }
    }
  });

  it('agree with the endoflife.date copies they are generated from (scripts/gen-lifecycles.mjs --check)', () => {
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../../scripts/gen-lifecycles.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /agrees with its sources/);
  });

  it('recommend a line that is supported on the day the tables were checked', () => {
    for (const table of EOL_TABLES) {
      const recommended = table.cycles.find((c) => c.recommended);
      if (recommended) assert.ok(recommended.eol > table.asOf, `${table.family} ${recommended.cycle}`);
    }
  });
});

// Done-when of the lifecycle issue: a one-line Dockerfile per cycle of every family, flagged by
// eol-base exactly when the generated table (endoflife.date, nodejs/Release) says the cycle ended.
describe('eol-base over every cycle of every family', () => {
  const NOW = '2026-12-03';
  const now = new Date(`${NOW}T00:00:00Z`);
  for (const table of EOL_TABLES) {
    const image = table.images[0] ?? table.qualifiedImages?.[0];
    if (!image) continue;
    it(`${table.family}: ${table.cycles.length} cycles`, () => {
      const wrong: string[] = [];
      for (const cycle of table.cycles) {
        const tag = cycle.tag ?? cycle.cycle;
        const code = `FROM ${image}:${tag}\n`;
        const flagged = analyze(code, { now, rules: { 'eol-soon': 'off' } }).findings.some((f) => f.rule === 'eol-base');
        const ended = cycle.eol <= NOW;
        if (flagged !== ended) wrong.push(`${image}:${tag} (eol ${cycle.eol}): ${flagged ? 'flagged' : 'not flagged'}`);
      }
      assert.deepEqual(wrong, []);
    });
  }
});

describe('the JDK inside a build tool\'s tag', () => {
  const jdk = (reference: string) => hits(reference, new Date('2026-12-03T00:00:00Z')).map((h) => `${h.family} ${h.cycle} ${h.eol} [${h.tagRange.join(',')}]`);
  const cases: Array<[string, string[]]> = [
    ['gradle:7-jdk16', ['eclipse-temurin 16 2021-09-30 [5,7]']],
    ['gradle:7.2-jdk16-alpine', ['eclipse-temurin 16 2021-09-30 [7,9]']],
    ['maven:3-eclipse-temurin-19', ['eclipse-temurin 19 2023-03-31 [18,20]']],
    ['maven:3.9-amazoncorretto-20', ['amazoncorretto 20 2023-10-17 [19,21]']],
    ['gradle:8.10-jdk21', []],
    ['maven:3.9-eclipse-temurin-21-alpine', []],
    // The openjdk-based tags are the retired openjdk image: retired-tag says so, not a Temurin line.
    ['maven:3-jdk-8', []],
    ['maven:3-jdk-16', []],
    // Another vendor named after the JDK: not Temurin's dates.
    ['gradle:7.6.1-jdk17-corretto', []],
    ['gradle:8-jdk19-graal', []],
    // An LTS older than the oldest listed line is unknown, not the weekly line's "no end announced".
    ['jenkins/jenkins:2.204.1', []],
  ];
  for (const [reference, expected] of cases) it(reference, () => assert.deepEqual(jdk(reference), expected));
});
