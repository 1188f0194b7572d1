import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../server/src/core/dockerfile';
import { convertToMultiStage } from '../../server/src/core/multiStage/convert';
import { resolvePath } from '../../server/src/core/multiStage/paths';
import { applyEdits } from '../support/ruleTester';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

/** What the runtime stage copies, as `source -> dest`, and on which image; undefined when no conversion is offered. */
function converted(ecosystem: string, ...dockerfile: string[]): { image: string; copies: string[] } | undefined {
  const conversion = convertToMultiStage(parseDockerfile(lines(...dockerfile)), ecosystem);
  return conversion && { image: conversion.runtimeImage, copies: conversion.copies.map((c) => `${c.source} -> ${c.dest}`) };
}

function output(ecosystem: string, ...dockerfile: string[]): string | undefined {
  const text = lines(...dockerfile);
  const conversion = convertToMultiStage(parseDockerfile(text), ecosystem);
  return conversion && applyEdits(text, conversion.edits);
}

describe('multi-stage conversion: Go artifact inference', () => {
  const go = (build: string, start: string, ...before: string[]) =>
    converted('go', 'FROM golang:1.22', ...before, 'COPY . .', `RUN ${build}`, start)?.copies;

  it('-o with an absolute path', () => {
    assert.deepEqual(go('CGO_ENABLED=0 go build -o /out/app ./cmd/app', 'CMD ["/out/app"]', 'WORKDIR /src'), ['/out/app -> /out/app']);
  });
  it('-o= relative to WORKDIR', () => {
    assert.deepEqual(go('go build -o=bin/app .', 'CMD ["/src/bin/app"]', 'WORKDIR /src'), ['/src/bin/app -> /src/bin/app']);
  });
  it('-o relative to a cd earlier in the same RUN', () => {
    assert.deepEqual(go('cd cmd/app && go build -o ../../bin/app', 'CMD ["/src/bin/app"]', 'WORKDIR /src'), ['/src/bin/app -> /src/bin/app']);
  });
  it('no -o: the last element of the package path', () => {
    assert.deepEqual(go('go build -ldflags "-s -w" ./cmd/server', 'CMD ["./server"]', 'WORKDIR /src'), ['/src/server -> /src/server']);
  });
  it('no -o and Go files: the first file without .go', () => {
    assert.deepEqual(go('go build main.go util.go', 'CMD ["/src/main"]', 'WORKDIR /src'), ['/src/main -> /src/main']);
  });
  it('a major-version suffix names the program after the element before it', () => {
    assert.deepEqual(go('go build example.com/tool/v2', 'CMD ["/src/tool"]', 'WORKDIR /src'), ['/src/tool -> /src/tool']);
  });
  it('-o into a folder copies the folder', () => {
    assert.deepEqual(go('go build -o /out/ ./cmd/...', 'CMD ["/out/server"]', 'WORKDIR /src'), ['/out/ -> /out/']);
  });
  it('without WORKDIR, relative to the golang image WORKDIR /go', () => {
    assert.deepEqual(go('go build -o app .', 'CMD ["/go/app"]'), ['/go/app -> /go/app']);
  });
  it('a module root build is named by go.mod, so the path the CMD runs is the artifact', () => {
    assert.deepEqual(go('go build', 'CMD ["./myapp"]', 'WORKDIR /src'), ['/src/myapp -> /src/myapp']);
  });
  it('go install goes to /go/bin, and a bare CMD name is put on the runtime PATH', () => {
    assert.deepEqual(go('go install ./cmd/api', 'ENTRYPOINT ["api"]', 'WORKDIR /src'), ['/go/bin/api -> /usr/local/bin/api']);
  });
  it('go install honours GOBIN', () => {
    assert.deepEqual(go('go install ./cmd/api', 'ENTRYPOINT ["/usr/local/bin/api"]', 'ENV GOBIN=/usr/local/bin'), ['/usr/local/bin/api -> /usr/local/bin/api']);
  });
  it('the last build wins over `go build ./...` checks', () => {
    assert.deepEqual(go('go build -o /app . && go build ./...', 'CMD ["/app"]', 'WORKDIR /src'), ['/app -> /app']);
  });
  it('-C with a relative -o: the path the CMD runs', () => {
    assert.deepEqual(go('go build -C sub -o app .', 'CMD ["/src/sub/app"]', 'WORKDIR /src'), ['/src/sub/app -> /src/sub/app']);
  });
  it('no fix: the CMD runs something else than the binary', () => {
    assert.equal(go('go build -o /app .', 'CMD ["./start.sh"]', 'WORKDIR /src'), undefined);
  });
  it('no fix: no CMD or ENTRYPOINT says what the image runs', () => {
    assert.equal(go('go build -o /app .', 'EXPOSE 80', 'WORKDIR /src'), undefined);
  });
});

describe('multi-stage conversion: Go runtime choice', () => {
  const image = (from: string, build: string, start = 'CMD ["/app"]', ...more: string[]) =>
    converted('go', from, ...more, `RUN ${build}`, start)?.image;

  it('CGO_ENABLED=0 in ENV: distroless static', () => {
    assert.equal(image('FROM golang:1.22', 'go build -o /app .', undefined, 'ENV CGO_ENABLED=0'), 'gcr.io/distroless/static-debian13:nonroot');
  });
  it('Alpine golang before Go 1.20 links musl dynamically without a compiler: Alpine, not distroless static', () => {
    assert.equal(image('FROM golang:1.15-alpine', 'go build -o /app .'), 'alpine:3.23');
  });
  it('Alpine golang 1.20 and later turns cgo off without a compiler: distroless static', () => {
    assert.equal(image('FROM golang:1.25-alpine', 'go build -o /app .'), 'gcr.io/distroless/static-debian13:nonroot');
  });
  it('nonroot distroless cannot bind port 80: the next runtime', () => {
    assert.equal(image('FROM golang:1.25-alpine', 'go build -o /app .', undefined, 'EXPOSE 80'), 'alpine:3.23');
  });
  it('cgo on a Debian golang: distroless base of that release or newer (the newest distroless publishes)', () => {
    assert.equal(image('FROM golang:1.22', 'go build -o /app .'), 'gcr.io/distroless/base-debian13:nonroot');
    assert.equal(image('FROM golang:1.25', 'go build -o /app .'), 'gcr.io/distroless/base-debian13:nonroot');
    assert.equal(image('FROM golang:1.22-bullseye', 'go build -o /app .'), 'debian:bullseye-slim');
  });
  it('Alpine with a C compiler links musl: Alpine of the same release', () => {
    assert.equal(image('FROM golang:1.22-alpine3.19', 'apk add gcc musl-dev && go build -o /app .'), 'alpine:3.19');
  });
  it('a user made with adduser on Alpine is made again in the Alpine runtime', () => {
    const text = output(
      'go',
      'FROM golang:1.23-alpine',
      'RUN adduser -D -u 10001 app',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /app .',
      'USER app',
      'CMD ["/app"]',
    );
    assert.equal(
      text,
      lines(
        'FROM golang:1.23-alpine AS build',
        'RUN adduser -D -u 10001 app',
        'WORKDIR /src',
        'COPY . .',
        'RUN go build -o /app .',
        '',
        'FROM alpine:3.23',
        'RUN adduser -D -u 10001 app',
        'COPY --from=build /app /app',
        'USER app',
        'CMD ["/app"]',
      ),
    );
  });
  it('no fix: a user made with useradd on Debian cannot be made on distroless', () => {
    assert.equal(image('FROM golang:1.22', 'useradd app && CGO_ENABLED=0 go build -o /app .', 'CMD ["/app"]\nUSER app'), undefined);
  });
});

describe('multi-stage conversion: Node', () => {
  it('node dist/… after npm run build copies dist, package.json and node_modules', () => {
    assert.deepEqual(
      converted('node', 'FROM node:20-bookworm', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'CMD ["node", "dist/main.js"]'),
      { image: 'node:20-bookworm-slim', copies: ['/app/package.json -> /app/package.json', '/app/node_modules -> /app/node_modules', '/app/dist -> /app/dist'] },
    );
  });
  it('without a build step the whole app folder is copied', () => {
    assert.deepEqual(converted('node', 'FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "dist/main.js"]')?.copies, ['/app -> /app']);
  });
  it('prunes with the manager that installed', () => {
    const last = (from: string, install: string, start = 'CMD ["node", "server.js"]') =>
      output('node', from, 'WORKDIR /app', 'COPY . .', `RUN ${install}`, start)?.split('\n').find((l) => /prune|--production/.test(l));
    assert.equal(last('FROM node:20', 'npm ci'), 'RUN npm prune --omit=dev');
    assert.equal(last('FROM node:14', 'npm ci'), 'RUN npm prune --production');
    assert.equal(last('FROM node:20', 'yarn install --frozen-lockfile'), 'RUN yarn install --production --frozen-lockfile');
    assert.equal(last('FROM node:20', 'pnpm install --frozen-lockfile'), 'RUN pnpm prune --prod');
  });
  it('no fix: Yarn Berry, pnpm at run time, no app folder', () => {
    assert.equal(converted('node', 'FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN yarn install --immutable', 'CMD ["node", "index.js"]'), undefined);
    assert.equal(converted('node', 'FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN pnpm install', 'CMD ["pnpm", "start"]'), undefined);
    assert.equal(converted('node', 'FROM node:20', 'COPY . .', 'RUN npm ci', 'CMD ["node", "index.js"]'), undefined);
  });
  it('no fix: a global tool the runtime does not have', () => {
    assert.equal(converted('node', 'FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm install -g pm2', 'CMD ["pm2-runtime", "app.js"]'), undefined);
  });
});

describe('multi-stage conversion: Python', () => {
  it('a virtualenv inside the app folder is copied once, with the app', () => {
    assert.deepEqual(
      converted('python', 'FROM python:3.12', 'WORKDIR /app', 'RUN python -m venv .venv', 'ENV PATH=/app/.venv/bin:$PATH', 'COPY . .', 'RUN pip install -r requirements.txt', 'CMD ["python", "app.py"]'),
      { image: 'python:3.12-slim', copies: ['/app -> /app'] },
    );
  });
  it('no fix: pip --user, poetry, source-only packages that link system libraries, pip by absolute path', () => {
    const py = (run: string) => converted('python', 'FROM python:3.12', 'WORKDIR /app', 'COPY . .', `RUN ${run}`, 'CMD ["python", "app.py"]');
    assert.equal(py('pip install --user -r requirements.txt'), undefined);
    assert.equal(py('pip install poetry && poetry install'), undefined);
    assert.equal(py('pip install psycopg2'), undefined);
    assert.equal(py('/usr/local/bin/pip install -r requirements.txt'), undefined);
  });
  it('no fix: a user made with adduser, which Debian slim lacks', () => {
    assert.equal(
      converted('python', 'FROM python:3.12', 'RUN adduser --disabled-password app', 'WORKDIR /app', 'COPY . .', 'RUN pip install -r requirements.txt', 'USER app', 'CMD ["python", "app.py"]'),
      undefined,
    );
  });
});

describe('multi-stage conversion: the runtime FROM as the user wrote the builder', () => {
  const D = `sha256:${'a'.repeat(64)}`;
  const py = (from: string, ...before: string[]) =>
    converted('python', ...before, from, 'WORKDIR /app', 'COPY requirements.txt .', 'RUN apt-get update && apt-get install -y gcc && pip install -r requirements.txt', 'COPY . .', 'CMD ["python", "app.py"]')?.image;

  it('an overridable registry prefix stays a variable', () => {
    assert.equal(py('FROM ${BASE_PREFIX}python:3.12', 'ARG BASE_PREFIX=docker.io/library/'), '${BASE_PREFIX}python:3.12-slim');
  });
  it('a tag built from an ARG keeps the ARG', () => {
    assert.equal(py('FROM python:${PY}', 'ARG PY=3.12'), 'python:${PY}-slim');
  });
  it('a pinned builder: the runtime is another tag, unpinned, and the fix says to pin it again', () => {
    const text = lines(`FROM python:3.12@${D}`, 'WORKDIR /app', 'COPY requirements.txt .', 'RUN apt-get update && apt-get install -y gcc && pip install -r requirements.txt', 'COPY . .', 'CMD ["python", "app.py"]');
    const conversion = convertToMultiStage(parseDockerfile(text), 'python');
    assert.equal(conversion?.runtimeImage, 'python:3.12-slim');
    assert.equal(conversion?.repin, true);
    assert.match(applyEdits(text, conversion!.edits), new RegExp(`^FROM python:3\\.12@${D} AS build$`, 'm'));
  });
});

describe('multi-stage conversion: Java', () => {
  it('Gradle on Alpine runs on the Alpine JRE', () => {
    assert.deepEqual(converted('java-gradle', 'FROM gradle:8.10-jdk21-alpine', 'WORKDIR /src', 'COPY . .', 'RUN gradle build', 'CMD ["java", "-jar", "build/libs/app.jar"]'), {
      image: 'eclipse-temurin:21-jre-alpine',
      copies: ['/src/build/libs/app.jar -> /src/build/libs/app.jar'],
    });
  });
  it('no fix: no java -jar, or a JDK version the tag does not name', () => {
    assert.equal(converted('java-maven', 'FROM maven:3.9-eclipse-temurin-21', 'WORKDIR /src', 'COPY . .', 'RUN mvn package', 'CMD ["mvn", "spring-boot:run"]'), undefined);
    assert.equal(converted('java-maven', 'FROM maven:3.9', 'WORKDIR /src', 'COPY . .', 'RUN mvn package', 'CMD ["java", "-jar", "target/app.jar"]'), undefined);
  });
});

describe('multi-stage conversion: the document', () => {
  it('keeps CRLF line ends and picks a free stage name', () => {
    const text = 'FROM alpine:3.20 AS build\r\nRUN true\r\nFROM golang:1.22\r\nRUN CGO_ENABLED=0 go build -o /app .\r\nCMD ["/app"]\r\n';
    const conversion = convertToMultiStage(parseDockerfile(text), 'go');
    assert.equal(
      conversion && applyEdits(text, conversion.edits),
      'FROM alpine:3.20 AS build\r\nRUN true\r\nFROM golang:1.22 AS builder\r\nRUN CGO_ENABLED=0 go build -o /app .\r\n\r\nFROM gcr.io/distroless/static-debian13:nonroot\r\nCOPY --from=builder /app /app\r\nCMD ["/app"]\r\n',
    );
  });
  it('moves runtime-only lines written before the build, with their comments; build-only ENV stays behind', () => {
    assert.equal(
      output(
        'go',
        'FROM golang:1.22 AS compile',
        '# who to call',
        'LABEL maintainer="ops@example.com"',
        'ENV CGO_ENABLED=0 GOOS=linux',
        'ARG VERSION=dev',
        'EXPOSE 8080',
        'WORKDIR /src',
        'COPY . .',
        'RUN go build -ldflags "-X main.version=$VERSION" -o /bin/app .',
        'ENV APP_VERSION=$VERSION',
        'ENTRYPOINT ["/bin/app"]',
      ),
      lines(
        'FROM golang:1.22 AS compile',
        'ENV CGO_ENABLED=0 GOOS=linux',
        'ARG VERSION=dev',
        'WORKDIR /src',
        'COPY . .',
        'RUN go build -ldflags "-X main.version=$VERSION" -o /bin/app .',
        '',
        'FROM gcr.io/distroless/static-debian13:nonroot',
        'ARG VERSION=dev',
        'COPY --from=compile /bin/app /bin/app',
        '# who to call',
        'LABEL maintainer="ops@example.com"',
        'EXPOSE 8080',
        'ENV APP_VERSION=$VERSION',
        'ENTRYPOINT ["/bin/app"]',
      ),
    );
  });
  it('carries OS packages the program needs, not the build ones', () => {
    assert.equal(
      output('node', 'FROM node:20', 'RUN apt-get update && apt-get install -y python3 make g++ ffmpeg', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "index.js"]'),
      lines(
        'FROM node:20 AS build',
        'RUN apt-get update && apt-get install -y python3 make g++ ffmpeg',
        'WORKDIR /app',
        'COPY . .',
        'RUN npm ci',
        'RUN npm prune --omit=dev',
        '',
        'FROM node:20-slim',
        'RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*',
        'WORKDIR /app',
        'COPY --from=build /app /app',
        'CMD ["node", "index.js"]',
      ),
    );
  });
  it('offers nothing for ecosystems it does not know the artifact of', () => {
    assert.equal(convertToMultiStage(parseDockerfile(lines('FROM rust:1.80', 'COPY . .', 'RUN cargo build --release', 'CMD ["/target/release/app"]')), 'rust'), undefined);
  });
});

describe('multi-stage conversion: paths', () => {
  it('resolves like a shell', () => {
    assert.equal(resolvePath('/src', '../bin/./app'), '/bin/app');
    assert.equal(resolvePath('/src', '/out/'), '/out/');
    assert.equal(resolvePath('/src', '$OUT/app'), undefined);
    assert.equal(resolvePath(undefined, 'app'), undefined);
  });
});
