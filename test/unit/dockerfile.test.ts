import { strict as assert } from 'node:assert';
import { parseDockerfile, refEdit } from '../../server/src/core/dockerfile';

describe('the parse-once Dockerfile model', () => {
  it('resolves FROM through ARG defaults declared before it, maps the result back to where it was written', () => {
    const m = parseDockerfile('ARG NODE=20.10.0\nARG BASE="node:${NODE}-alpine"\nFROM $BASE AS build\n');
    const from = m.stages[0].from;
    assert.equal(from.kind, 'image');
    assert.equal(from.resolved.text, 'node:20.10.0-alpine');
    assert.deepEqual(from.args.sort(), ['BASE', 'NODE']);
    const [start, end] = from.ref!.offsets.tag!;
    assert.deepEqual(refEdit(from, start, end, '20.18.1-alpine'), { range: { start: { line: 0, character: 13 }, end: { line: 0, character: 16 } }, newText: '8.1' });
  });

  it('supports ${VAR:-default} and leaves an ARG without default unresolved, never guessed', () => {
    const m = parseDockerfile('ARG TAG\nFROM node:${TAG:-22}\nFROM python:$NOPE\n');
    assert.equal(m.stages[0].from.resolved.text, 'node:22');
    assert.equal(m.stages[1].from.kind, 'unresolved');
    assert.deepEqual(m.stages[1].from.unresolvedArgs, ['NOPE']);
  });

  it('an ARG declared after the first FROM is not visible to a later FROM', () => {
    const m = parseDockerfile('FROM alpine:3.20\nARG LATE=node:22\nFROM $LATE\n');
    assert.equal(m.stages[1].from.kind, 'unresolved');
  });

  it('tells stages, scratch and images apart, case-insensitively for stage names', () => {
    const m = parseDockerfile('FROM golang:1.23 AS Build\nFROM build AS test\nFROM scratch\nCOPY --from=BUILD /app /app\n');
    assert.deepEqual(m.stages.map((s) => s.from.kind), ['image', 'stage', 'scratch']);
    assert.equal(m.stages[1].from.stage, 0);
    assert.deepEqual(m.stages[2].copiesFrom, ['build']);
    assert.equal(m.finalStage?.index, 2);
  });

  it('knows every image the build pulls: COPY --from and mount sources that are not stages, and the syntax directive', () => {
    const model = parseDockerfile([
      '# syntax=docker/dockerfile:1.7',
      'ARG UV=0.5',
      'FROM alpine:3.23 AS tools',
      'COPY --from=ghcr.io/astral-sh/uv:${UV} /uv /bin/',
      'FROM alpine:3.23',
      'COPY --from=tools /bin/uv /bin/uv',
      'COPY --from=0 /a /a',
      'COPY --from=Later /b /b',
      'RUN --mount=type=cache,target=/root/.cache --mount=type=bind,from=node:24,source=/usr/local/bin,target=/n true',
      'COPY --from=$UNSET /c /c',
      'FROM alpine:3.23 AS later',
    ].join('\n'));
    assert.deepEqual(
      model.references.map((r) => [r.kind, r.stage, r.from.ref?.raw, r.from.writtenRange.start.line, r.from.writtenRange.start.character]),
      [
        ['syntax', undefined, 'docker/dockerfile:1.7', 0, 9],
        ['copy-from', 0, 'ghcr.io/astral-sh/uv:0.5', 3, 12],
        ['mount-from', 1, 'node:24', 8, 66],
      ],
    );
  });

  it('reads a literal --platform and ignores one built from variables', () => {
    const m = parseDockerfile('FROM --platform=linux/arm64 node:22\nFROM --platform=$BUILDPLATFORM node:22\n');
    assert.equal(m.stages[0].from.platform, 'linux/arm64');
    assert.equal(m.stages[1].from.platform, undefined);
  });

  it('splits RUN into commands across continuations, comments, operators and exec form', () => {
    const m = parseDockerfile(['FROM debian:12', 'RUN apt-get update && \\', '    # a comment inside', '    DEBIAN_FRONTEND=noninteractive sudo apt-get install -y gcc \\', '    ; make || true', 'RUN ["sh", "-c", "go build ./..."]', ''].join('\n'));
    assert.deepEqual(m.stages[0].commands.map((c) => c.argv.join(' ')), ['apt-get update', 'apt-get install -y gcc', 'make', 'true', 'go build ./...']);
    assert.deepEqual(m.stages[0].commands[1].range.start, { line: 3, character: 40 });
  });

  it('runs a heredoc body as a script only when the heredoc is the command', () => {
    const m = parseDockerfile('FROM alpine:3.20\nRUN <<EOF\napk add gcc\nmake\nEOF\nRUN cat <<EOF > /etc/motd\napt-get install nothing\nEOF\n');
    assert.deepEqual(m.stages[0].commands.map((c) => c.argv[0]), ['apk', 'make', 'cat']);
  });

  it('honours the escape directive', () => {
    const m = parseDockerfile('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo a `\n  && echo b\n');
    assert.deepEqual(m.stages[0].commands.map((c) => c.argv.join(' ')), ['echo a', 'echo b']);
  });

  it('keeps comments, including ones dockerfile-ast mistakes for parser directives', () => {
    const m = parseDockerfile('# dockerfile-hygiene ignore=latest-tag\nFROM node:latest\n# hadolint ignore=DL3007\n');
    assert.deepEqual(m.comments.map((c) => c.line).sort(), [0, 2]);
  });
});
