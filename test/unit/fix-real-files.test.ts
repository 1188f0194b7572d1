import { strict as assert } from 'node:assert';
import { applyEdits } from '../../server/src/cli/fixPlan';
import { analyze } from '../../server/src/core/analyze';
import type { Finding } from '../../server/src/core/types';
import { corpusFiles, corpusKey } from '../corpus/corpus';
import { D2, factsFrom } from '../support/facts';

// The classes of issue 9, each on a real Dockerfile of the corpus, as its owner wrote it.
const NOW = new Date('2026-12-02T00:00:00Z');
const files = new Map(corpusFiles().map((f) => [corpusKey(f), f.text]));

function findings(key: string, rule: string, line: number): Finding[] {
  const text = files.get(key);
  assert.ok(text, `${key} is in the corpus`);
  return analyze(text, { now: NOW, path: key }).findings.filter((f) => f.rule === rule && f.range.start.line === line - 1);
}

describe('fixes on real files, one per class', () => {
  it('runtime and OS both expired: one finding with both dates and one published target (docker-init-demos rust)', () => {
    const [f] = findings('dockersamples+docker-init-demos/rust/sample/Dockerfile', 'eol-base', 12);
    assert.match(f.message, /^rust 1\.70 reached end of life on 2023-07-14 and debian 11 \(bullseye\) reached end of life on 2026-08-31; move to rust:1\.98-slim-trixie /);
    // The version comes from an ARG default and the suffix from the FROM: each changes where it is written.
    const fixed = applyEdits(files.get('dockersamples+docker-init-demos/rust/sample/Dockerfile')!, f.fixes[0]?.edits ?? []).split('\n');
    assert.equal(fixed[9], 'ARG RUST_VERSION=1.98');
    assert.equal(fixed[11], 'FROM rust:${RUST_VERSION}-slim-trixie AS build');
  });

  it('Python 2 gets no version move: it is a port (docker-library django 2.7)', () => {
    const [f] = findings('docker-library+django/2.7/Dockerfile', 'eol-base', 1);
    assert.match(f.message, /python 2\.7 reached end of life on 2020-01-01; moving to a supported python is a port/);
    assert.deepEqual(f.fixes, []);
  });

  it('a stage that installs with apt is offered slim, never Alpine (python-docs-samples run/system-package)', () => {
    const [f] = findings('GoogleCloudPlatform+python-docs-samples/run/system-package/Dockerfile', 'non-minimal-base', 17);
    const titles = f.fixes.map((x) => x.title);
    assert.ok(titles.some((t) => t.startsWith('Switch to slim: python:3.14-slim')), titles.join(' | '));
    assert.ok(!titles.some((t) => /Alpine|distroless/.test(t)), titles.join(' | '));
  });

  it('Go on golang:alpine with no C compiler converts to distroless static, tagged (golang-samples endpoints grpc)', () => {
    const [f] = findings('GoogleCloudPlatform+golang-samples/endpoints/getting-started-grpc/Dockerfile', 'missing-multi-stage', 11);
    assert.deepEqual(f.fixes.map((x) => x.title), ['Convert to a multi-stage build (runtime on gcr.io/distroless/static-debian13:nonroot)']);
  });

  it('.NET 7 on MCR moves to a tag dotnet-docker publishes (example-voting-app worker)', () => {
    const [f] = findings('dockersamples+example-voting-app/worker/Dockerfile', 'eol-base', 11);
    assert.match(f.fixes[0]?.title ?? '', /^Move to a supported version: mcr\.microsoft\.com\/dotnet\/sdk:10\.0 /);
    assert.doesNotMatch(f.fixes[0].title, /not checked/);
  });

  it('a pinned patch tag is updated to the newest patch of its line, re-pinned through the registry (docker-library elasticsearch 8)', () => {
    const key = 'docker-library+elasticsearch/8/Dockerfile';
    const facts = factsFrom({ 'docker.elastic.co/elasticsearch/elasticsearch:8.11.2': { digest: D2, tags: ['8.11.2', '8.11.4', '8.19.3', '9.1.0'] } });
    const [f] = analyze(files.get(key)!, { now: NOW, path: key, facts }).findings.filter((x) => x.rule === 'stale-tag');
    assert.match(f.message, /8\.11\.4 \(newest patch\), 8\.19\.3 \(newest 8\.x\)/);
    assert.deepEqual(f.fixes.map((x) => [x.updateLevel, x.registry?.action, x.registry?.tag, x.preferred ?? false]), [
      ['patch', 'update-tag', '8.11.4', true],
      ['minor', 'update-tag', '8.19.3', false],
    ]);
  });

  it('Ubuntu by codename moves to the newest LTS by codename (python-docs-samples dataflow ubuntu)', () => {
    const [f] = findings('GoogleCloudPlatform+python-docs-samples/dataflow/custom-containers/ubuntu/Dockerfile', 'eol-base', 15);
    assert.match(f.message, /^ubuntu 20\.04 \(focal\) reached end of life on 2025-05-31; move to ubuntu:resolute /);
  });
});
