import { strict as assert } from 'node:assert';
import { type BaseOs, inferBaseOs, packageManagerFor, packageManagerOf, splitTag } from '../../server/src/core/baseOs';
import { parseImageRef } from '../../server/src/core/imageRef';
import type { ShellCommand } from '../../server/src/core/types';

function ref(text: string) {
  const parsed = parseImageRef(text);
  assert.ok(parsed, `test reference ${text} should parse`);
  return parsed;
}

/** A command as the RUN splitter hands it over: words after quote removal. */
function run(...argv: string[]): ShellCommand {
  return { argv, range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 + argv.join(' ').length } } };
}

describe('inferBaseOs', () => {
  const cases: Array<[string, string, BaseOs | undefined]> = [
    ['distribution images name themselves', 'ubuntu:22.04', 'ubuntu'],
    ['debian slim is still debian', 'debian:bookworm-slim', 'debian'],
    ['alpine with a minor version', 'alpine:3.20', 'alpine'],
    ['scratch has no distribution', 'scratch', 'scratch'],
    ['busybox is busybox whatever its libc', 'busybox:1.36-musl', 'busybox'],
    ['archlinux is arch', 'archlinux:base-devel', 'arch'],
    ['opensuse leap is suse', 'opensuse/leap:15.6', 'suse'],
    ['SUSE BCI is suse', 'registry.suse.com/bci/bci-base:15.6', 'suse'],
    ['fedora is the Red Hat family', 'fedora:41', 'rhel'],
    ['rockylinux is the Red Hat family', 'rockylinux:9', 'rhel'],
    ['almalinux minimal is the Red Hat family', 'almalinux:9-minimal', 'rhel'],
    ['amazonlinux is the Red Hat family', 'amazonlinux:2023', 'rhel'],
    ['oraclelinux slim is the Red Hat family', 'oraclelinux:9-slim', 'rhel'],
    ['UBI on Docker Hub', 'redhat/ubi9', 'rhel'],
    ['UBI minimal on Docker Hub', 'redhat/ubi9-minimal:9.4', 'rhel'],
    ['UBI on the Red Hat registry', 'registry.access.redhat.com/ubi9/ubi:9.4', 'rhel'],
    ['a Red Hat language image', 'registry.access.redhat.com/ubi9/nodejs-20', 'rhel'],
    ['distroless images', 'gcr.io/distroless/static-debian12:nonroot', 'distroless'],
    ['chainguard images are wolfi', 'cgr.dev/chainguard/node:latest-dev', 'wolfi'],
    ['node defaults to debian', 'node:22', 'debian'],
    ['node alpine', 'node:22-alpine', 'alpine'],
    ['node lts alpine', 'node:lts-alpine3.20', 'alpine'],
    ['untagged node is debian', 'node', 'debian'],
    ['python slim is debian', 'python:3.12-slim', 'debian'],
    ['python on trixie', 'python:3.13-slim-trixie', 'debian'],
    ['golang alpine with an alpine version', 'golang:1.22-alpine3.20', 'alpine'],
    ['ruby slim bookworm', 'ruby:3.3-slim-bookworm', 'debian'],
    ['php fpm alpine', 'php:8.3-fpm-alpine', 'alpine'],
    ['php apache is debian', 'php:8.3-apache', 'debian'],
    ['eclipse-temurin on jammy', 'eclipse-temurin:21-jre-jammy', 'ubuntu'],
    ['eclipse-temurin defaults to ubuntu', 'eclipse-temurin:21-jdk', 'ubuntu'],
    ['eclipse-temurin JRE on alpine', 'eclipse-temurin:21-jre-alpine', 'alpine'],
    ['eclipse-temurin on UBI minimal', 'eclipse-temurin:21-jdk-ubi9-minimal', 'rhel'],
    ['openjdk slim is debian', 'openjdk:17-slim', 'debian'],
    ['openjdk 17 defaults to oracle linux', 'openjdk:17', 'rhel'],
    ['openjdk 11 defaults to debian', 'openjdk:11-jdk', 'debian'],
    ['amazoncorretto is amazon linux', 'amazoncorretto:21', 'rhel'],
    ['amazoncorretto alpine', 'amazoncorretto:21-alpine', 'alpine'],
    ['maven on temurin is ubuntu', 'maven:3-eclipse-temurin-21', 'ubuntu'],
    ['maven on temurin alpine', 'maven:3.9-eclipse-temurin-21-alpine', 'alpine'],
    ['maven on corretto is amazon linux', 'maven:3-amazoncorretto-21', 'rhel'],
    ['gradle on jammy', 'gradle:8.10-jdk21-jammy', 'ubuntu'],
    ['dotnet 8 defaults to debian', 'mcr.microsoft.com/dotnet/aspnet:8.0', 'debian'],
    ['dotnet 10 defaults to ubuntu', 'mcr.microsoft.com/dotnet/sdk:10.0', 'ubuntu'],
    ['dotnet chiseled is distroless', 'mcr.microsoft.com/dotnet/runtime:8.0-noble-chiseled', 'distroless'],
    ['dotnet alpine', 'mcr.microsoft.com/dotnet/aspnet:8.0-alpine3.20', 'alpine'],
    ['official images through a mirror', 'public.ecr.aws/docker/library/node:22-alpine', 'alpine'],
    ['official images with the explicit library path', 'docker.io/library/python:3.12', 'debian'],
    ['a digest does not hide the tag', 'node:22-alpine@sha256:' + 'a'.repeat(64), 'alpine'],
    ['a third-party image that says alpine', 'myorg/app:1.4-alpine', 'alpine'],
    ['bitnami says debian in the tag', 'bitnami/redis:7.2-debian-12', 'debian'],
  ];
  for (const [name, text, expected] of cases) {
    it(`${name}: ${text} → ${expected}`, () => assert.equal(inferBaseOs(ref(text)), expected));
  }

  const unknown: Array<[string, string]> = [
    ['an unknown third-party image', 'myorg/app:1.4'],
    ['a private registry image of the same name', 'registry.corp:5000/node:22'],
    ['windows variants', 'python:3.12-windowsservercore-ltsc2022'],
    ['dotnet on nanoserver', 'mcr.microsoft.com/dotnet/runtime:8.0-nanoserver-1809'],
    ['dotnet on azure linux (tdnf)', 'mcr.microsoft.com/dotnet/aspnet:8.0-azurelinux3.0'],
    ['maven on the old openjdk images', 'maven:3-openjdk-17'],
  ];
  for (const [name, text] of unknown) {
    it(`${name} is unknown: ${text}`, () => assert.equal(inferBaseOs(ref(text)), undefined));
  }
});

describe('splitTag', () => {
  it('separates version from variant words', () => {
    assert.deepEqual(splitTag('3.12-slim-bookworm'), { version: '3.12', words: ['slim', 'bookworm'] });
    assert.deepEqual(splitTag('lts-alpine'), { version: 'lts', words: ['alpine'] });
    assert.deepEqual(splitTag('24-ea-jdk'), { version: '24-ea', words: ['jdk'] });
    assert.deepEqual(splitTag('latest'), { version: '', words: [] });
    assert.deepEqual(splitTag(undefined), { version: '', words: [] });
    assert.deepEqual(splitTag('bookworm'), { version: '', words: ['bookworm'] });
  });
});

describe('packageManagerFor', () => {
  const cases: Array<[BaseOs, string | undefined]> = [
    ['alpine', 'apk'],
    ['wolfi', 'apk'],
    ['debian', 'apt'],
    ['ubuntu', 'apt'],
    ['rhel', 'dnf'],
    ['suse', 'zypper'],
    ['arch', 'pacman'],
    ['distroless', undefined],
    ['busybox', undefined],
    ['scratch', undefined],
  ];
  for (const [os, pm] of cases) it(`${os} uses ${pm ?? 'no package manager'}`, () => assert.equal(packageManagerFor(os), pm));
});

describe('packageManagerOf', () => {
  const cases: Array<[string, ShellCommand, ReturnType<typeof packageManagerOf>]> = [
    [
      'apt-get install with flags and pins',
      run('apt-get', 'install', '-y', '--no-install-recommends', 'build-essential', 'libpq-dev=15.6-0+deb12u1', 'curl'),
      { manager: 'apt', kind: 'os', action: 'install', subcommand: 'install', packages: ['build-essential', 'libpq-dev', 'curl'] },
    ],
    ['apt-get update', run('apt-get', 'update'), { manager: 'apt', kind: 'os', action: 'update', subcommand: 'update', packages: [] }],
    [
      'apt with an option before the subcommand',
      run('/usr/bin/apt', '-o', 'Dpkg::Options::=--force-confold', 'upgrade', '-y'),
      { manager: 'apt', kind: 'os', action: 'update', subcommand: 'upgrade', packages: [] },
    ],
    [
      'apt-get purge',
      run('apt-get', 'purge', '-y', '--auto-remove', 'gcc'),
      { manager: 'apt', kind: 'os', action: 'remove', subcommand: 'purge', packages: ['gcc'] },
    ],
    ['apt-get clean', run('apt-get', 'clean'), { manager: 'apt', kind: 'os', action: 'other', subcommand: 'clean', packages: [] }],
    [
      'apk add with a virtual package name',
      run('apk', 'add', '--no-cache', '--virtual', '.build-deps', 'gcc', 'musl-dev>=1.2'),
      { manager: 'apk', kind: 'os', action: 'install', subcommand: 'add', packages: ['gcc', 'musl-dev'] },
    ],
    ['apk del', run('apk', 'del', '.build-deps'), { manager: 'apk', kind: 'os', action: 'remove', subcommand: 'del', packages: ['.build-deps'] }],
    [
      'yum install',
      run('yum', '-y', 'install', 'gcc-c++', 'make'),
      { manager: 'dnf', kind: 'os', action: 'install', subcommand: 'install', packages: ['gcc-c++', 'make'] },
    ],
    [
      'microdnf install',
      run('microdnf', 'install', '-y', '--nodocs', '--setopt', 'install_weak_deps=0', 'shadow-utils'),
      { manager: 'dnf', kind: 'os', action: 'install', subcommand: 'install', packages: ['shadow-utils'] },
    ],
    [
      'dnf group install',
      run('dnf', 'group', 'install', '-y', 'Development Tools'),
      { manager: 'dnf', kind: 'os', action: 'install', subcommand: 'group install', packages: ['Development Tools'] },
    ],
    [
      'zypper non-interactive install',
      run('zypper', '--non-interactive', 'in', '--no-recommends', 'gcc'),
      { manager: 'zypper', kind: 'os', action: 'install', subcommand: 'in', packages: ['gcc'] },
    ],
    [
      'pacman sync with refresh',
      run('pacman', '-Syu', '--noconfirm', 'base-devel'),
      { manager: 'pacman', kind: 'os', action: 'install', subcommand: '-Syu', packages: ['base-devel'] },
    ],
    ['pacman system upgrade', run('pacman', '-Syu', '--noconfirm'), { manager: 'pacman', kind: 'os', action: 'update', subcommand: '-Syu', packages: [] }],
    [
      'pip install with requirements only',
      run('pip', 'install', '--no-cache-dir', '-r', 'requirements.txt'),
      { manager: 'pip', kind: 'language', action: 'install', subcommand: 'install', packages: [] },
    ],
    [
      'python -m pip with pins and extras',
      run('python3', '-m', 'pip', 'install', 'cython==3.0.10', 'uvicorn[standard]>=0.30'),
      { manager: 'pip', kind: 'language', action: 'install', subcommand: 'install', packages: ['cython', 'uvicorn'] },
    ],
    ['npm ci', run('npm', 'ci', '--omit=dev'), { manager: 'npm', kind: 'language', action: 'install', subcommand: 'ci', packages: [] }],
    [
      'npm install a scoped package at a version',
      run('npm', 'install', '-g', '@nestjs/cli@10.4.5'),
      { manager: 'npm', kind: 'language', action: 'install', subcommand: 'install', packages: ['@nestjs/cli'] },
    ],
    ['bare yarn installs', run('yarn', '--frozen-lockfile'), { manager: 'yarn', kind: 'language', action: 'install', subcommand: undefined, packages: [] }],
    ['npm run is not an install', run('npm', 'run', 'build'), { manager: 'npm', kind: 'language', action: 'other', subcommand: 'run', packages: [] }],
  ];
  for (const [name, command, expected] of cases) {
    it(name, () => assert.deepEqual(packageManagerOf(command), expected));
  }

  const notManagers: Array<[string, ShellCommand]> = [
    ['curl is not a package manager', run('curl', '-fsSL', 'https://example.com/install.sh')],
    ['an empty command', run()],
    ['go build', run('go', 'build', './...')],
  ];
  for (const [name, command] of notManagers) it(name, () => assert.equal(packageManagerOf(command), undefined));
});
