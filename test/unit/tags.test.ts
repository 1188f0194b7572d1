import { strict as assert } from 'node:assert';
import { compareTags, isFloatingTag, parseTag, upgradeCandidates } from '../../server/src/core/tags';

describe('parseTag', () => {
  const cases: { tag: string; says: string; expect: Partial<ReturnType<typeof parseTag>> }[] = [
    {
      tag: '20.11.1-alpine3.20',
      says: 'a full version on a versioned alpine variant',
      expect: { numbers: [20, 11, 1], precision: 3, variant: 'alpine3.20', variantFamily: 'alpine', variantNumbers: [3, 20], prerelease: undefined },
    },
    {
      tag: '3.12-slim-bookworm',
      says: 'a minor version on a debian codename variant',
      expect: { numbers: [3, 12], precision: 2, variant: 'slim-bookworm', variantFamily: 'slim-bookworm', codename: 'bookworm' },
    },
    {
      tag: 'bookworm-slim',
      says: 'a codename tag has no version',
      expect: { numbers: [], precision: 0, variant: 'bookworm-slim', codename: 'bookworm' },
    },
    {
      tag: '17-jdk-alpine',
      says: 'a major-only version with a two-word variant',
      expect: { numbers: [17], precision: 1, variant: 'jdk-alpine', variantFamily: 'jdk-alpine', variantNumbers: [] },
    },
    {
      tag: '1.22.5-bookworm',
      says: 'a go version on bookworm',
      expect: { numbers: [1, 22, 5], variant: 'bookworm', codename: 'bookworm' },
    },
    { tag: 'v1.2.3', says: 'a leading v is not part of the numbers', expect: { numbers: [1, 2, 3], variant: '', versionRange: [1, 6] } },
    { tag: 'latest', says: 'latest has no version', expect: { numbers: [], precision: 0, variant: 'latest' } },
    {
      tag: '3.13.0rc1-slim',
      says: 'a python release candidate glued to the version',
      expect: { numbers: [3, 13, 0], prerelease: 'rc1', variant: 'slim', variantRange: [10, 14] },
    },
    { tag: '3.14.0a2', says: 'a python alpha', expect: { numbers: [3, 14, 0], prerelease: 'a2', variant: '' } },
    { tag: '22.0.0-rc.1', says: 'a node release candidate after a dash', expect: { numbers: [22, 0, 0], prerelease: 'rc.1', variant: '' } },
    { tag: '1.23rc1', says: 'a go release candidate', expect: { numbers: [1, 23], precision: 2, prerelease: 'rc1' } },
    {
      tag: '3.9.6-eclipse-temurin-17-alpine',
      says: 'a variant with a product version inside it',
      expect: { variant: 'eclipse-temurin-17-alpine', variantFamily: 'eclipse-temurin-alpine', variantNumbers: [17] },
    },
    { tag: '17-jdk-jammy', says: 'an ubuntu codename in a variant', expect: { variant: 'jdk-jammy', codename: 'jammy' } },
  ];
  for (const { tag, says, expect } of cases) {
    it(`${says}: ${tag}`, () => {
      const parsed = parseTag(tag);
      for (const [key, value] of Object.entries(expect)) {
        assert.deepEqual(parsed[key as keyof typeof parsed], value, `${tag}: ${key}`);
      }
    });
  }

  it('never throws on odd text', () => {
    for (const tag of ['', '.', '-', '1..2', 'v', '...rc', '9'.repeat(400), 'a-b-c-1.2.3-rc']) parseTag(tag);
  });
});

describe('compareTags', () => {
  const ordered: [string, string][] = [
    ['20.10.0-alpine', '20.11.0-alpine'],
    ['3.13.0rc1', '3.13.0rc2'],
    ['3.13.0rc2', '3.13.0rc10'],
    ['3.13.0rc2', '3.13.0'],
    ['3.14.0a2', '3.14.0b1'],
    ['22.0.0-rc.1', '22.0.0'],
    ['20-alpine3.18', '20-alpine3.20'],
    ['1.9', '1.10'],
  ];
  for (const [older, newer] of ordered) {
    it(`${older} is older than ${newer}`, () => {
      assert.equal(compareTags(older, newer), -1);
      assert.equal(compareTags(newer, older), 1);
    });
  }
  it('a tag equals itself', () => assert.equal(compareTags('20.11.1-alpine', '20.11.1-alpine'), 0));
});

describe('upgradeCandidates', () => {
  const node = [
    '20', '20-alpine', '20.10.0-alpine', '20.10.5-alpine', '20.11.0-alpine', '20.18.1-alpine', '20.19.0-alpine3.20',
    '22.12.0-alpine', '22.0.0-rc.1-alpine', '24.0.0-rc.1-alpine', '20.18.1', '22.12.0', '20.18.2-rc.1-alpine',
    '20-alpine3.18', '20-alpine3.19', '20-alpine3.20', '20.11.1-alpine3.18', '22-alpine3.20', '22-alpine',
  ];
  const cases: { says: string; current: string; available: string[]; expect: ReturnType<typeof upgradeCandidates> }[] = [
    {
      says: 'a patch, a minor and a major in the same variant',
      current: '20.10.0-alpine',
      available: node,
      expect: { patch: '20.10.5-alpine', minor: '20.18.1-alpine', major: '22.12.0-alpine' },
    },
    {
      says: 'pre-releases are never offered to a release',
      current: '20.18.1-alpine',
      available: node,
      expect: { major: '22.12.0-alpine' },
    },
    {
      says: 'the variant is kept: a plain tag is never moved to -alpine',
      current: '20.10.0',
      available: ['20.10.0-alpine', '20.18.1-alpine', '20.18.1', '20.10.3-slim'],
      expect: { minor: '20.18.1' },
    },
    {
      says: '-alpine never becomes -alpine3.20',
      current: '20.11.0-alpine',
      available: ['20.19.0-alpine3.20', '20.11.4-alpine3.20'],
      expect: {},
    },
    {
      says: 'a compound variant advances its own version',
      current: '20-alpine3.18',
      available: ['20-alpine3.19', '20-alpine3.20', '20-alpine3.17', '20-alpine'],
      expect: { variant: '20-alpine3.20' },
    },
    {
      says: 'a floating tag gets no patch or minor, but still its variant candidate',
      current: '20-alpine3.18',
      available: node,
      expect: { variant: '20-alpine3.20', major: '22-alpine3.20' },
    },
    {
      says: 'a floating major tag is not stale by its tag',
      current: '20-alpine',
      available: node,
      expect: { major: '22-alpine' },
    },
    {
      says: 'a compound variant never moves backwards, and a newer patch only on a newer suffix is its own offer',
      current: '20.11.1-alpine3.18',
      available: ['20.11.5-alpine3.17', '20.11.5-alpine3.19'],
      expect: { suffixPatch: '20.11.5-alpine3.19' },
    },
    {
      says: 'the newest patch on the same suffix is the patch; a suffix change is never folded into it',
      current: '20.11.1-alpine3.18',
      available: ['20.11.4-alpine3.18', '20.11.5-alpine3.19'],
      expect: { patch: '20.11.4-alpine3.18', suffixPatch: '20.11.5-alpine3.19' },
    },
    {
      says: 'from a release candidate, the stable release once it exists, never a newer line\'s pre-release',
      current: '22.0.0-rc.1',
      available: ['22.0.0-rc.2', '22.0.0', '22.1.0-rc.1', '24.0.0-rc.1'],
      expect: { patch: '22.0.0' },
    },
    {
      says: 'from a release candidate before the release: the later candidate of the same version',
      current: '3.14.0rc1',
      available: ['3.14.0rc2', '3.15.0a1'],
      expect: { patch: '3.14.0rc2' },
    },
    {
      says: 'a Debian snapshot moves to a later snapshot of the same line and variant',
      current: 'bookworm-20241111-slim',
      available: ['bookworm-20241202-slim', 'bookworm-20241202', 'trixie-20250101-slim', 'bookworm-20240101-slim'],
      expect: { variant: 'bookworm-20241202-slim' },
    },
    {
      says: 'Temurin builds compare across version lengths (11.0.14.1_1 to 11.0.15_10)',
      current: '11.0.14.1_1-jdk',
      available: ['11.0.15_10-jdk', '11.0.15_10-jre', '17.0.13_11-jdk'],
      expect: { patch: '11.0.15_10-jdk', major: '17.0.13_11-jdk' },
    },
    {
      says: 'a Temurin GA build moves to its update (19_36 to 19.0.2_7)',
      current: '19_36-jdk',
      available: ['19.0.2_7-jdk', '19.0.1_10-jdk'],
      expect: { patch: '19.0.2_7-jdk' },
    },
    {
      says: 'a Java 8 update is a patch (8u302-b08 is 8.0.302.8)',
      current: '8u302-b08-jdk',
      available: ['8u312-b07-jdk', '8u312-b07-jre', '11.0.14.1_1-jdk'],
      expect: { patch: '8u312-b07-jdk' },
    },
    {
      says: 'a single-number product version inside a variant stays (java 17 is not java 21)',
      current: '3.9.6-eclipse-temurin-17',
      available: ['3.9.9-eclipse-temurin-21', '3.9.8-eclipse-temurin-17'],
      expect: { patch: '3.9.8-eclipse-temurin-17' },
    },
    {
      says: 'a pre-release may move to a later pre-release or the release',
      current: '3.13.0rc1-slim',
      available: ['3.13.0rc2-slim', '3.13.0-slim', '3.13.1-slim', '3.12.7-slim'],
      expect: { patch: '3.13.1-slim' },
    },
    {
      says: 'python minor precision moves minor only',
      current: '3.8-slim',
      available: ['3.9-slim', '3.12-slim', '3.12.4-slim', '3.13-rc-slim', '4.0-slim'],
      expect: { minor: '3.12-slim', major: '4.0-slim' },
    },
    {
      says: 'the v prefix is part of the shape',
      current: 'v1.2.3',
      available: ['1.2.9', 'v1.2.4', 'v1.3.0'],
      expect: { patch: 'v1.2.4', minor: 'v1.3.0' },
    },
    { says: 'codename and latest tags have no candidates', current: 'bookworm-slim', available: ['trixie-slim', '12-slim'], expect: {} },
    { says: 'nothing newer, nothing offered', current: '22.12.0', available: ['20.18.1', '22.12.0'], expect: {} },
  ];
  for (const { says, current, available, expect } of cases) {
    it(`${says}: ${current}`, () => assert.deepEqual(upgradeCandidates(current, available), expect));
  }
});

describe('isFloatingTag', () => {
  const available = ['20', '20.11', '20.11.1', '20-alpine', '20.11.1-alpine', '22-slim', 'alpine', '20-alpine3.18', '20.11.1-alpine3.20'];
  const cases: [string, boolean, string][] = [
    ['20-alpine', true, 'a major tag over more precise alpine tags'],
    ['20.11', true, 'a minor tag over a patch tag'],
    ['alpine', true, 'a bare variant over versioned tags of it'],
    ['20-alpine3.18', true, 'a compound tag over a more precise tag of the same shape'],
    ['20.11.1-alpine', false, 'the most precise tag'],
    ['22-slim', false, 'the only tag of its variant'],
    ['21-alpine', false, 'no more precise tag of that major exists'],
  ];
  for (const [tag, floating, says] of cases) {
    it(`${says}: ${tag} → ${floating}`, () => assert.equal(isFloatingTag(tag, available), floating));
  }
});
