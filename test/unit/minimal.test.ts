import { strict as assert } from 'node:assert';
import { parseImageRef } from '../../server/src/core/imageRef';
import { type Alternative, isFullBase, isMinimalBase, minimalAlternatives } from '../../server/src/core/minimal';

function ref(text: string) {
  const parsed = parseImageRef(text);
  assert.ok(parsed, `test reference ${text} should parse`);
  return parsed;
}

const DIGEST = 'sha256:' + 'b'.repeat(64);

describe('isMinimalBase', () => {
  const minimal: Array<[string, string]> = [
    ['scratch', 'scratch'],
    ['alpine itself', 'alpine:3.20'],
    ['busybox', 'busybox:1.36'],
    ['a slim runtime', 'python:3.12-slim'],
    ['a slim runtime on a codename', 'node:22-bookworm-slim'],
    ['debian slim', 'debian:bookworm-slim'],
    ['an alpine runtime', 'node:22-alpine'],
    ['an alpine JRE', 'eclipse-temurin:21-jre-alpine'],
    ['php fpm on alpine', 'php:8.3-fpm-alpine3.20'],
    ['distroless', 'gcr.io/distroless/java21-debian12:nonroot'],
    ['chainguard', 'cgr.dev/chainguard/python:latest'],
    ['UBI minimal', 'registry.access.redhat.com/ubi9/ubi-minimal:9.4'],
    ['UBI micro on Docker Hub', 'redhat/ubi9-micro'],
    ['a Red Hat minimal language image', 'registry.access.redhat.com/ubi9/nodejs-20-minimal'],
    ['oraclelinux slim', 'oraclelinux:9-slim'],
    ['dotnet chiseled', 'mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled'],
    ['dotnet 8 whose default tag is Debian slim', 'mcr.microsoft.com/dotnet/aspnet:8.0'],
    ['nginx alpine slim', 'nginx:1.27-alpine-slim'],
  ];
  for (const [name, text] of minimal) it(`${name} is minimal: ${text}`, () => assert.equal(isMinimalBase(ref(text)), true));

  const full: Array<[string, string]> = [
    ['ubuntu', 'ubuntu:22.04'],
    ['debian', 'debian:bookworm'],
    ['node', 'node:22'],
    ['python on bookworm', 'python:3.12-bookworm'],
    ['a JDK', 'eclipse-temurin:21-jdk'],
    ['dotnet 10 on full ubuntu', 'mcr.microsoft.com/dotnet/aspnet:10.0'],
    ['an unknown image', 'myorg/app:1.0'],
    ['an unknown image whose name sounds small', 'myorg/micro-static:1.0'],
  ];
  for (const [name, text] of full) it(`${name} is not minimal: ${text}`, () => assert.equal(isMinimalBase(ref(text)), false));
});

describe('isFullBase', () => {
  const full: Array<[string, string, string]> = [
    ['node by major', 'node:22', 'node:22-slim'],
    ['python by minor', 'python:3.12', 'python:3.12-slim'],
    ['python on a codename', 'python:3.12-bookworm', 'python:3.12-slim-bookworm'],
    ['node on a codename', 'node:22-bookworm', 'node:22-bookworm-slim'],
    ['ruby', 'ruby:3.3', 'ruby:3.3-slim'],
    ['temurin JDK', 'eclipse-temurin:21-jdk', 'eclipse-temurin:21-jre'],
    ['a digest-pinned node', `node:20@${DIGEST}`, 'node:20-slim'],
    ['a registry-prefixed node', 'docker.io/library/node:22', 'docker.io/library/node:22-slim'],
  ];
  for (const [name, text, smaller] of full) {
    it(`${name} is a full base with a smaller variant of the same release: ${text} → ${smaller}`, () => {
      const found = isFullBase(ref(text));
      assert.equal(found?.smaller.image, smaller);
      assert.match(found!.reason, /buildpack-deps|JDK/);
    });
  }

  const sameDistributionOnly: Array<[string, string]> = [
    ['ubuntu, which has no smaller variant of its own', 'ubuntu:22.04'],
    ['untagged ubuntu', 'ubuntu'],
    ['debian, whose slim variant has the same packages', 'debian:bookworm'],
    ['php, whose only smaller variant is another distribution', 'php:8.3-cli'],
    ['golang, an SDK (missing-multi-stage judges it)', 'golang:1.22'],
    ['UBI, whose minimal image is another package manager', 'registry.access.redhat.com/ubi9/ubi:9.4'],
    ['rabbitmq on Ubuntu, whose smaller variant is Alpine', 'rabbitmq:4.1'],
    ['nginx on Debian, whose smaller variant is Alpine', 'nginx:1.27'],
  ];
  for (const [name, text] of sameDistributionOnly) it(`${name} is not flagged: ${text}`, () => assert.equal(isFullBase(ref(text)), undefined));

  const notFull: Array<[string, string]> = [
    ['an alpine runtime', 'node:22-alpine'],
    ['a slim runtime', 'python:3.12-slim'],
    ['scratch', 'scratch'],
    ['distroless', 'gcr.io/distroless/static-debian12'],
    ['an unknown image', 'myorg/app:1.0'],
    ['php apache, which has no alpine variant', 'php:8.3-apache'],
    ['archlinux, which has no smaller variant', 'archlinux:latest'],
    ['a windows variant', 'python:3.12-windowsservercore'],
    ['an SDK without a smaller variant', 'gcc:14'],
  ];
  for (const [name, text] of notFull) it(`${name} is not flagged: ${text}`, () => assert.equal(isFullBase(ref(text)), undefined));
});

describe('minimalAlternatives', () => {
  // The vendor targets (dhi, chainguard) are opt-in and have their own table below.
  const images = (text: string) => minimalAlternatives(ref(text)).filter((a) => a.kind !== 'dhi' && a.kind !== 'chainguard').map((a) => `${a.kind} ${a.image}`);

  const cases: Array<[string, string, string[]]> = [
    ['node by major: slim, alpine, distroless', 'node:22', ['slim node:22-slim', 'alpine node:22-alpine', 'distroless gcr.io/distroless/nodejs22-debian13:nonroot']],
    ['node keeps the codename in its slim tag', 'node:22-bookworm', ['slim node:22-bookworm-slim', 'alpine node:22-alpine', 'distroless gcr.io/distroless/nodejs22-debian13:nonroot']],
    ['untagged node keeps the floating channel', 'node', ['slim node:slim', 'alpine node:alpine']],
    ['node lts keeps the lts channel', 'node:lts', ['slim node:lts-slim', 'alpine node:lts-alpine']],
    ['python puts slim before the codename', 'python:3.12-bookworm', ['slim python:3.12-slim-bookworm', 'alpine python:3.12-alpine']],
    ['python 3.13 has a distroless image (Debian 13 python3)', 'python:3.13', ['slim python:3.13-slim', 'alpine python:3.13-alpine', 'distroless gcr.io/distroless/python3-debian13:nonroot']],
    ['ruby slim bookworm', 'ruby:3.3-bookworm', ['slim ruby:3.3-slim-bookworm', 'alpine ruby:3.3-alpine']],
    ['php keeps fpm', 'php:8.3-fpm-bookworm', ['alpine php:8.3-fpm-alpine']],
    ['golang alpine', 'golang:1.22', ['alpine golang:1.22-alpine']],
    ['debian slim by codename', 'debian:bookworm', ['slim debian:bookworm-slim', 'alpine alpine:3.23']],
    ['debian latest becomes stable-slim', 'debian', ['slim debian:stable-slim', 'alpine alpine:3.23']],
    ['ubuntu is replaced by other images', 'ubuntu:22.04', ['slim debian:trixie-slim', 'alpine alpine:3.23']],
    ['ubuntu through docker.io keeps the prefix', 'docker.io/library/ubuntu:24.04', ['slim docker.io/library/debian:trixie-slim', 'alpine docker.io/library/alpine:3.23']],
    ['temurin JDK becomes a JRE', 'eclipse-temurin:21-jdk', ['slim eclipse-temurin:21-jre', 'alpine eclipse-temurin:21-jre-alpine', 'distroless gcr.io/distroless/java21-debian13:nonroot']],
    ['temurin on jammy keeps jammy', 'eclipse-temurin:17-jdk-jammy', ['slim eclipse-temurin:17-jre-jammy', 'alpine eclipse-temurin:17-jre-alpine', 'distroless gcr.io/distroless/java17-debian13:nonroot']],
    ['temurin JRE only needs alpine', 'eclipse-temurin:21-jre', ['alpine eclipse-temurin:21-jre-alpine', 'distroless gcr.io/distroless/java21-debian13:nonroot']],
    ['openjdk moves to temurin', 'openjdk:17-jdk', ['slim eclipse-temurin:17-jre', 'alpine eclipse-temurin:17-jre-alpine', 'distroless gcr.io/distroless/java17-debian13:nonroot']],
    ['maven keeps its JDK words', 'maven:3-eclipse-temurin-21', ['alpine maven:3-eclipse-temurin-21-alpine']],
    ['gradle drops the codename for alpine', 'gradle:8.10-jdk21-jammy', ['alpine gradle:8.10-jdk21-alpine']],
    ['rust slim and alpine', 'rust:1.80', ['slim rust:1.80-slim', 'alpine rust:1.80-alpine']],
    ['nginx alpine', 'nginx:1.27', ['alpine nginx:1.27-alpine']],
    ['amazoncorretto alpine is written by version only', 'amazoncorretto:21-al2023-headless', ['alpine amazoncorretto:21-alpine']],
    ['php alpine for the cli', 'php:8.3', ['alpine php:8.3-alpine']],
    ['almalinux minimal', 'almalinux:9', ['slim almalinux:9-minimal']],
    ['UBI minimal is a sibling repository', 'registry.access.redhat.com/ubi9/ubi:9.4', ['slim registry.access.redhat.com/ubi9/ubi-minimal:9.4']],
    ['UBI on Docker Hub', 'redhat/ubi9', ['slim redhat/ubi9-minimal']],
    ['dotnet 10 alpine and chiseled', 'mcr.microsoft.com/dotnet/aspnet:10.0', ['alpine mcr.microsoft.com/dotnet/aspnet:10.0-alpine', 'chiseled mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled']],
    ['a mirror keeps its registry', 'mirror.gcr.io/library/node:22', ['slim mirror.gcr.io/library/node:22-slim', 'alpine mirror.gcr.io/library/node:22-alpine', 'distroless gcr.io/distroless/nodejs22-debian13:nonroot']],
  ];
  for (const [name, text, expected] of cases) it(`${name}: ${text}`, () => assert.deepEqual(images(text), expected));
  it('dotnet chiseled keeps the Ubuntu release the tag names', () =>
    assert.ok(images('mcr.microsoft.com/dotnet/aspnet:8.0-jammy').includes('chiseled mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled')));

  const none: Array<[string, string]> = [
    ['an alpine image', 'alpine:3.20'],
    ['scratch', 'scratch'],
    ['distroless', 'gcr.io/distroless/base-debian12'],
    ['an unknown image', 'myorg/app:1.0'],
    ['a windows variant', 'node:22-windowsservercore-ltsc2022'],
    ['an unversioned temurin, whose tags we cannot predict', 'eclipse-temurin'],
  ];
  for (const [name, text] of none) it(`${name} has none: ${text}`, () => assert.deepEqual(minimalAlternatives(ref(text)), []));

  it('drops the digest of a pinned reference', () => {
    const [slim] = minimalAlternatives(ref(`node:20.11.1@${DIGEST}`));
    assert.deepEqual<Alternative>(slim, {
      kind: 'slim',
      image: 'node:20.11.1-slim',
      sameRepository: true,
      newTag: '20.11.1-slim',
      changes: 'the same Debian release without compilers, headers and most tools',
      unsafe: false,
    });
  });

  it('marks alpine as unsafe and says what changes', () => {
    const alpine = minimalAlternatives(ref('node:22')).find((a) => a.kind === 'alpine');
    assert.deepEqual(alpine, {
      kind: 'alpine',
      image: 'node:22-alpine',
      sameRepository: true,
      newTag: '22-alpine',
      changes: 'musl libc and apk instead of glibc and apt',
      unsafe: true,
    });
  });

  it('says when the alternative is another image', () => {
    const alpine = minimalAlternatives(ref(`ubuntu:22.04@${DIGEST}`)).find((a) => a.kind === 'alpine');
    assert.deepEqual(alpine, {
      kind: 'alpine',
      image: 'alpine:3.23',
      sameRepository: false,
      newTag: '3.23',
      changes: 'Alpine instead of Ubuntu: musl libc and apk instead of glibc and apt',
      unsafe: true,
    });
  });

  it('moving from Oracle Linux openjdk to Ubuntu temurin is unsafe, from Debian openjdk it is not', () => {
    const from17 = minimalAlternatives(ref('openjdk:17')).find((a) => a.kind === 'slim');
    assert.equal(from17?.unsafe, true);
    assert.match(from17?.changes ?? '', /apt instead of dnf/);
    assert.equal(minimalAlternatives(ref('openjdk:11-jdk')).find((a) => a.kind === 'slim')?.unsafe, false);
  });

  it('marks distroless as unsafe: no shell', () => {
    const distroless = minimalAlternatives(ref('python:3.13-trixie')).find((a) => a.kind === 'distroless');
    assert.equal(distroless?.unsafe, true);
    assert.equal(distroless?.sameRepository, false);
    assert.match(distroless?.changes ?? '', /no shell/);
  });

  // Tags as the hardened-images catalog writes them (server/src/data/hardened.json, scripts/gen-hardened.mjs).
  const hardened: Array<[string, string, string[]]> = [
    ['node on Debian moves to the newest Debian DHI of its line', 'node:22-bookworm', ['dhi dhi.io/node:22-debian13', 'chainguard cgr.dev/chainguard/node:latest']],
    ['a patch tag finds its line', 'node:24.11.1', ['dhi dhi.io/node:24-debian13', 'chainguard cgr.dev/chainguard/node:latest']],
    ['python by minor', 'python:3.12-bookworm', ['dhi dhi.io/python:3.12-debian13', 'chainguard cgr.dev/chainguard/python:latest']],
    ['temurin JDK: the DHI runtime is the JRE; Chainguard maps to a JDK, so none', 'eclipse-temurin:21-jdk', ['dhi dhi.io/eclipse-temurin:21-debian13']],
    ['nginx on the stable line DHI carries', 'nginx:1.30', ['dhi dhi.io/nginx:1.30-debian13', 'chainguard cgr.dev/chainguard/nginx:latest']],
    ['nginx 1.28: DHI\'s floating 1 is mainline, another release', 'nginx:1.28', ['chainguard cgr.dev/chainguard/nginx:latest']],
    ['python 3.9: no DHI line, and not the floating 3', 'python:3.9', ['chainguard cgr.dev/chainguard/python:latest']],
    ['an Alpine base stays on Alpine', 'node:22-alpine3.20', ['dhi dhi.io/node:22-alpine3.24', 'chainguard cgr.dev/chainguard/node:latest']],
    ['a line DHI does not carry gets only Chainguard', 'node:18', ['chainguard cgr.dev/chainguard/node:latest']],
    ['untagged: DHI has no latest', 'node', ['chainguard cgr.dev/chainguard/node:latest']],
    ['precision is per major: ruby 4 is a major line, 3.x minors', 'ruby:4.0.1', ['dhi dhi.io/ruby:4-debian13', 'chainguard cgr.dev/chainguard/ruby:latest']],
    ['a glibc base whose line DHI builds only on Alpine gets no DHI', 'ruby:3.4.1', ['chainguard cgr.dev/chainguard/ruby:latest']],
  ];
  for (const [name, text, expected] of hardened) {
    it(`hardened: ${name}: ${text}`, () =>
      assert.deepEqual(minimalAlternatives(ref(text)).filter((a) => a.kind === 'dhi' || a.kind === 'chainguard').map((a) => `${a.kind} ${a.image}`), expected));
  }

  it('Chainguard\'s latest is pinned from the registry, never written bare', () => {
    const chainguard = minimalAlternatives(ref('node:22')).find((a) => a.kind === 'chainguard');
    assert.equal(chainguard?.pinFromRegistry, true);
    assert.equal(chainguard?.unsafe, true);
  });

  it('every alternative it offers is itself a minimal base', () => {
    for (const text of ['node:22', 'python:3.12-bookworm', 'debian:bookworm', 'ubuntu:22.04', 'eclipse-temurin:21-jdk', 'golang:1.22', 'redhat/ubi9']) {
      for (const alternative of minimalAlternatives(ref(text))) {
        const kind = alternative.kind;
        if (kind === 'slim' && alternative.changes.startsWith('JRE')) continue; // a JRE on full Ubuntu is smaller, not minimal
        assert.equal(isMinimalBase(ref(alternative.image)), true, `${text} → ${alternative.image}`);
      }
    }
  });
});
