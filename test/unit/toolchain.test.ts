import { strict as assert } from 'node:assert';
import { parseImageRef } from '../../server/src/core/imageRef';
import { detectToolchain, sdkImage, type ToolchainOptions } from '../../server/src/core/toolchain';
import type { ShellCommand } from '../../server/src/core/types';

/** The simple commands of one RUN line, as the splitter hands them over (words already unquoted). */
function run(...commands: string[][]): ShellCommand[] {
  return commands.map((argv, i) => ({ argv, range: { start: { line: i, character: 4 }, end: { line: i, character: 40 } } }));
}
const w = (line: string) => line.split(' ');

/** Signals as `kind ecosystem what` lines, which read like the Dockerfile. */
function signals(commands: ShellCommand[], options?: ToolchainOptions): string[] {
  return detectToolchain(commands, options).map((s) => `${s.kind} ${s.ecosystem} ${s.what}`);
}

describe('detectToolchain', () => {
  const invalid: Array<[string, ShellCommand[], string[], ToolchainOptions?]> = [
    ['build-essential from apt', run(w('apt-get update'), w('apt-get install -y --no-install-recommends build-essential curl')), ['package c build-essential']],
    ['headers for a python extension', run(w('apt-get install -y gcc libpq-dev')), ['package c gcc']],
    ['alpine build-base kept in the image', run(w('apk add --no-cache build-base')), ['package c build-base']],
    ['gcc-c++ and make from yum', run(w('yum -y install gcc-c++ make')), ['package c gcc-c++']],
    ['a versioned compiler', run(w('apt-get install -y g++-12 cmake')), ['package c g++-12']],
    ['the Development Tools group', run(['dnf', 'groupinstall', '-y', 'Development Tools']), ['package c Development Tools']],
    ['arch base-devel', run(w('pacman -Syu --noconfirm base-devel')), ['package c base-devel']],
    ['a JDK package is a JDK, not headers', run(w('microdnf install -y java-17-openjdk-devel')), ['package generic java-17-openjdk-devel']],
    ['a debian JDK and maven', run(w('apt-get install -y openjdk-17-jdk-headless maven')), ['package generic openjdk-17-jdk-headless', 'package java-maven maven']],
    ['golang from apt', run(w('apt-get install -y golang-go')), ['package go golang-go']],
    ['rust from apk', run(w('apk add cargo rust')), ['package rust cargo', 'package rust rust']],
    ['the .NET SDK from apt', run(w('apt-get install -y dotnet-sdk-8.0')), ['package dotnet dotnet-sdk-8.0']],
    ['go build', run(w('go mod download'), w('go build -o /app ./cmd/server')), ['command go go mod download', 'command go go build']],
    ['cargo build', run(w('cargo build --release --locked')), ['command rust cargo build']],
    ['mvn package', run(w('mvn -B -DskipTests package')), ['command java-maven mvn package']],
    ['the maven wrapper resolving dependencies', run(w('./mvnw -q dependency:go-offline')), ['command java-maven ./mvnw dependency:go-offline']],
    ['the gradle wrapper', run(w('./gradlew --no-daemon bootJar')), ['command java-gradle ./gradlew bootJar']],
    ['gradle through sh', run(w('sh ./gradlew build')), ['command java-gradle ./gradlew build']],
    ['npm ci keeps dev dependencies for the build after it', run(w('npm ci'), w('npm run build')), ['command node npm ci', 'command node npm run build']],
    ['npm install next to a compiler for native modules', run(w('apk add g++ python3'), w('npm install')), ['package c g++', 'command node npm install']],
    ['npm run build', run(w('npm ci --omit=dev'), w('npm run build')), ['command node npm run build']],
    ['yarn install and yarn build', run(w('yarn install --frozen-lockfile'), w('yarn build')), ['command node yarn install', 'command node yarn build']],
    ['bare yarn installs everything, then builds', run(w('yarn'), w('yarn build')), ['command node yarn', 'command node yarn build']],
    ['pnpm build', run(w('pnpm install --prod'), w('pnpm build')), ['command node pnpm build']],
    ['npx tsc', run(w('npx tsc -p tsconfig.json')), ['command node tsc']],
    ['vite build', run(w('npx vite build')), ['command node vite build']],
    ['typescript installed globally', run(w('npm install -g typescript')), ['package node typescript']],
    ['gcc invoked directly', run(w('gcc -O2 -o /usr/local/bin/tool tool.c')), ['command c gcc']],
    ['sbt stage', run(w('sbt -batch clean stage')), ['command generic sbt stage']],
    ['lein uberjar', run(w('lein uberjar')), ['command generic lein uberjar']],
    ['mix release', run(w('mix deps.get --only prod'), w('mix release')), ['command generic mix deps.get', 'command generic mix release']],
    ['bazel build', run(w('bazel build //server:app')), ['command generic bazel build']],
    ['crystal build', run(w('crystal build --release src/app.cr')), ['command generic crystal build']],
    ['ghc', run(w('ghc -O2 Main.hs')), ['command generic ghc']],
    ['swift build', run(w('swift build -c release')), ['command generic swift build']],
    ['a versioned RPM compiler', run(w('yum install -y gcc-4.8.5-39.el7')), ['package c gcc']],
    ['dotnet publish', run(w('dotnet restore'), w('dotnet publish -c Release -o /app')), ['command dotnet dotnet restore', 'command dotnet dotnet publish']],
    ['pip installing cython', run(w('pip install --no-cache-dir cython==3.0.10')), ['package python cython']],
    ['pip wheel', run(w('pip wheel --wheel-dir /wheels -r requirements.txt')), ['command python pip wheel']],
    ['python -m build', run(w('python3 -m build --wheel')), ['command python python3 -m build']],
    ['a build with tools from the base image stays after an unrelated purge', run(w('apt-get install -y gcc'), w('go build ./...'), w('apt-get purge -y gcc')), ['command go go build']],
    ['NODE_ENV=development does not omit dev dependencies', run(w('npm ci'), w('npx tsc')), ['command node npm ci', 'command node tsc'], { env: { NODE_ENV: 'development' } }],
  ];
  for (const [name, commands, expected, options] of invalid) {
    it(`flags ${name}`, () => assert.deepEqual(signals(commands, options), expected));
  }

  const valid: Array<[string, ShellCommand[], ToolchainOptions?]> = [
    ['make and configure without a compiler build nothing', run(w('./configure --prefix=/usr/local'), w('make -j4'), w('make install'))],
    ['gcc purged, make left: make alone builds nothing', run(w('apt-get install -y gcc make'), w('apt-get purge -y gcc'))],
    ['headers and binutils alone are not a compiler', run(w('apk add --no-cache linux-headers musl-dev binutils openssl-dev'))],
    ['a build with production dependencies, then a prune', run(w('npm ci --omit=dev'), w('npm run build'), w('npm prune --omit=dev'))],
    ['build deps in a variable, purged with --auto-remove', run(w('apt-get install -y --no-install-recommends gcc libc6-dev make'), w('make'), w('apt-get purge -y --auto-remove gcc libc6-dev make'))],
    ['apt-mark auto then purge --auto-remove', run(w('apt-get install -y gcc g++'), w('make install'), w('apt-mark auto .*'), w('apt-mark manual ca-certificates'), w('apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false'))],
    ['yum remove of a versioned compiler', run(w('yum install -y gcc-4.8.5-39.el7 make'), w('make'), w('yum remove -y gcc'))],
    ['the Go SDK directory deleted after the build', run(w('apk add --no-cache go'), w('go build -o /usr/local/bin/app .'), w('rm -rf /usr/lib/go /root/go'), w('apk del go'))],
    ['runtime packages only', run(w('apt-get update'), w('apt-get install -y --no-install-recommends ca-certificates curl tzdata'))],
    ['the alpine virtual build-deps pattern', run(w('apk add --no-cache --virtual .build-deps gcc musl-dev'), w('pip install -r requirements.txt'), w('apk del .build-deps'))],
    ['apt build deps purged after the build', run(w('apt-get install -y build-essential'), w('make'), w('apt-get purge -y --auto-remove build-essential'))],
    ['npm ci, build, then prune', run(w('npm ci'), w('npm run build'), w('npm prune --omit=dev'))],
    ['yarn v1 reinstall for production after the build', run(w('yarn install --frozen-lockfile'), w('yarn build'), w('yarn install --production --ignore-scripts --prefer-offline'))],
    ['plain pip install of requirements', run(w('pip install --no-cache-dir -r requirements.txt'))],
    ['pip install of runtime packages', run(w('pip install gunicorn==22.0.0 flask'))],
    ['npm ci without dev dependencies', run(w('npm ci --omit=dev'))],
    ['a bare npm ci: dev dependencies only if package.json has some, which the Dockerfile does not show', run(w('npm ci'))],
    ['a bare yarn install and nothing built', run(w('yarn install --frozen-lockfile'))],
    ['npm ci --omit dev as two words', run(w('npm ci --omit dev'))],
    ['npm install --production', run(w('npm install --production'))],
    ['yarn install --production', run(w('yarn install --production --frozen-lockfile'))],
    ['pnpm install --prod', run(w('pnpm install --prod --frozen-lockfile'))],
    ['npm ci under ENV NODE_ENV=production', run(w('npm ci')), { env: { NODE_ENV: 'production' } }],
    ['npm ci followed by npm prune --omit=dev', run(w('npm ci'), w('npm prune --omit=dev'))],
    ['npm start is not a build', run(w('npm start'))],
    ['npm run of a non-build script', run(w('npm run migrate'))],
    ['npm install of a runtime package', run(w('npm install -g pm2'))],
    ['nodejs itself is a runtime', run(w('apk add --no-cache nodejs'))],
    ['go version is not a build', run(w('go version'))],
    ['gradle --version is not a build', run(w('gradle --version'))],
    ['mvn clean alone builds nothing', run(w('mvn clean'))],
    ['a JRE is not a toolchain', run(w('apt-get install -y openjdk-17-jre-headless'))],
    ['java -jar runs the app', run(w('java -jar /app/app.jar'))],
    ['dotnet running the app', run(w('dotnet /app/app.dll'))],
    ['udev is not a -dev package', run(w('apt-get install -y udev'))],
  ];
  for (const [name, commands, options] of valid) {
    it(`accepts ${name}`, () => assert.deepEqual(signals(commands, options), []));
  }

  it('points each signal at the command that caused it', () => {
    const commands = run(w('apt-get update'), w('apt-get install -y gcc'), w('go build ./...'));
    const found = detectToolchain(commands);
    assert.deepEqual(
      found.map((s) => s.command),
      [commands[1], commands[2]],
    );
  });
});

describe('sdkImage', () => {
  const sdk: Array<[string, string, string, string]> = [
    ['golang', 'golang:1.22', 'go', 'the Go SDK'],
    ['golang on alpine is still an SDK', 'golang:1.22-alpine', 'go', 'the Go SDK'],
    ['rust', 'rust:1.80-slim', 'rust', 'the Rust toolchain'],
    ['maven on temurin', 'maven:3-eclipse-temurin-21', 'java-maven', 'Maven and a JDK'],
    ['gradle', 'gradle:8.10-jdk21', 'java-gradle', 'Gradle and a JDK'],
    ['openjdk', 'openjdk:17', 'generic', 'a JDK'],
    ['eclipse-temurin JDK', 'eclipse-temurin:21-jdk-jammy', 'generic', 'a JDK'],
    ['eclipse-temurin by version is a JDK', 'eclipse-temurin:21', 'generic', 'a JDK'],
    ['amazoncorretto', 'amazoncorretto:21', 'generic', 'a JDK'],
    ['the .NET SDK', 'mcr.microsoft.com/dotnet/sdk:8.0', 'dotnet', 'the .NET SDK'],
    ['gcc', 'gcc:14', 'c', 'GCC'],
    ['buildpack-deps', 'buildpack-deps:bookworm', 'c', 'compilers and -dev headers'],
    ['chainguard go', 'cgr.dev/chainguard/go:latest', 'go', 'the Go SDK'],
    ['golang through a mirror', 'mirror.gcr.io/library/golang:1.23', 'go', 'the Go SDK'],
  ];
  for (const [name, text, ecosystem, what] of sdk) {
    it(`${name} is an SDK: ${text}`, () => assert.deepEqual(sdkImage(parseImageRef(text)!), { ecosystem, what }));
  }

  const runtimes: Array<[string, string]> = [
    ['node is a runtime', 'node:22'],
    ['python is a runtime', 'python:3.12'],
    ['a temurin JRE', 'eclipse-temurin:21-jre-alpine'],
    ['a headless corretto', 'amazoncorretto:21-al2023-headless'],
    ['the .NET runtime', 'mcr.microsoft.com/dotnet/aspnet:8.0'],
    ['buildpack-deps curl layer', 'buildpack-deps:bookworm-curl'],
    ['distroless', 'gcr.io/distroless/static-debian12'],
    ['an unknown image', 'myorg/builder:1.0'],
  ];
  for (const [name, text] of runtimes) it(`${name}: ${text}`, () => assert.equal(sdkImage(parseImageRef(text)!), undefined));
});
