import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { actionTitled, apply, diagnostic, digestOf, lines, needsRegistry, openNew, quickFixes } from './fixtures';

describe('quick fixes from the language server', () => {
  it('Switch to Alpine rewrites the final FROM of a full runtime image, and is never the preferred fix', async () => {
    const editor = await openNew('fixes/alpine/Dockerfile', lines('FROM node:22', 'WORKDIR /app', 'COPY . .', 'CMD ["node", "index.js"]'));
    const found = await diagnostic(editor.document.uri, 'DPH005', 0);
    assert.equal(found.severity, vscode.DiagnosticSeverity.Information);
    assert.match(String((found.code as { target: vscode.Uri }).target), /docs\/rules\.md#non-minimal-base$/);
    const alpine = actionTitled(await quickFixes(editor.document.uri, found.range), /^Switch to Alpine: node:22-alpine/);
    assert.notEqual(alpine.isPreferred, true);
    const text = await apply(editor.document, alpine);
    assert.equal(text, lines('FROM node:22-alpine', 'WORKDIR /app', 'COPY . .', 'CMD ["node", "index.js"]'));
  });

  it('Convert to a multi-stage build splits a Go build into a builder and a distroless runtime stage', async () => {
    const editor = await openNew('fixes/multi-stage/Dockerfile', lines(
      'FROM golang:1.22',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN go mod download',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app',
      'EXPOSE 8080',
      'USER 65532:65532',
      'ENTRYPOINT ["/out/app"]',
    ));
    const found = await diagnostic(editor.document.uri, 'DPH006');
    const convert = actionTitled(await quickFixes(editor.document.uri, found.range), /^Convert to a multi-stage build/);
    const text = await apply(editor.document, convert);
    assert.equal(text, lines(
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN go mod download',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app',
      '',
      'FROM gcr.io/distroless/static-debian13:nonroot',
      'COPY --from=build /out/app /out/app',
      'EXPOSE 8080',
      'USER 65532:65532',
      'ENTRYPOINT ["/out/app"]',
    ));
  });

  it('Pin digest keeps the tag and adds the digest the local registry serves for it', async function () {
    needsRegistry(this);
    const editor = await openNew('fixes/pin/Dockerfile', lines('FROM node:20 AS build', 'RUN npm ci'));
    const found = await diagnostic(editor.document.uri, 'DPH003', 0);
    const pin = actionTitled(await quickFixes(editor.document.uri, found.range), /^Pin digest of node:20/);
    const text = await apply(editor.document, pin);
    assert.equal(text, lines(`FROM node:20@${digestOf('library/node:20')} AS build`, 'RUN npm ci'));
  });

  it('Switch to Alpine on a pinned image re-pins the new tag through the registry (codeAction/resolve)', async function () {
    needsRegistry(this);
    const editor = await openNew('fixes/alpine-pinned/Dockerfile', lines(`FROM node:20@${digestOf('library/node:20')}`, 'CMD ["node"]'));
    const found = await diagnostic(editor.document.uri, 'DPH005', 0);
    const alpine = actionTitled(await quickFixes(editor.document.uri, found.range), /^Switch to Alpine: node:20-alpine/);
    const text = await apply(editor.document, alpine);
    assert.equal(text, lines(`FROM node:20-alpine@${digestOf('library/node:20-alpine')}`, 'CMD ["node"]'));
  });
});
