import { strict as assert } from 'node:assert';
import { analyze } from '../../../server/src/core/analyze';
import { registryAllowed } from '../../../server/src/core/rules/allowedRegistries';

describe('allowed-registries (DPH010)', () => {
  const cases: Array<[string, string, string[], boolean]> = [
    ['an unqualified image is docker.io', 'docker.io', ['docker.io'], true],
    ['Docker Hub by another of its names', 'index.docker.io', ['docker.io'], true],
    ['a wildcard takes subdomains', 'eu.gcr.io', ['*.gcr.io'], true],
    ['a wildcard does not take the bare domain', 'gcr.io', ['*.gcr.io'], false],
    ['a wildcard does not take a lookalike', 'evilgcr.io', ['*.gcr.io'], false],
    ['hosts compare without case', 'GHCR.io', ['ghcr.io'], true],
    ['a port is part of the host', '127.0.0.1:5000', ['127.0.0.1'], false],
    ['an empty list allows nothing', 'docker.io', [], false],
  ];
  for (const [says, registry, allowed, expected] of cases) it(says, () => assert.equal(registryAllowed(registry, allowed), expected));

  const found = (text: string, allowedRegistries?: string[]) =>
    analyze(text, { now: new Date('2026-12-02'), allowedRegistries }).findings.filter((f) => f.rule === 'allowed-registries');

  it('flags each FROM from a registry not listed, on the image name', () => {
    const findings = found('FROM node:24\nFROM ghcr.io/astral-sh/uv:0.5 AS uv\nFROM build\n', ['docker.io']);
    assert.deepEqual(findings.map((f) => [f.range.start.line, f.range.start.character, f.range.end.character]), [[1, 5, 25]]);
    assert.match(findings[0].message, /^ghcr\.io\/astral-sh\/uv:0\.5 is pulled from ghcr\.io, which allowedRegistries does not list \(docker\.io\)/);
  });
  it('is silent without a policy', () => assert.deepEqual(found('FROM ghcr.io/x/y:1\n'), []));
  it('answers to hadolint\'s DL3026 in ignore pragmas', () => {
    assert.deepEqual(found('# hadolint ignore=DL3026\nFROM ghcr.io/x/y:1\n', ['docker.io']), []);
  });
});
