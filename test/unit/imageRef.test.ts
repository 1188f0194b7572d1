import { strict as assert } from 'node:assert';
import { canonicalRef, formatImageRef, parseImageRef } from '../../server/src/core/imageRef';

const digest = `sha256:${'a'.repeat(64)}`;

describe('image references', () => {
  const cases: [string, string, Partial<{ registry: string; repository: string; path: string; tag: string; digest: string }>][] = [
    ['an official image gets docker.io and library/', 'node', { registry: 'docker.io', repository: 'library/node', path: 'node', tag: undefined }],
    ['a user image on Docker Hub keeps its namespace', 'bitnami/redis:7.2', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7.2' }],
    ['docker.io spelled out is the same registry', 'docker.io/library/node:20', { registry: 'docker.io', repository: 'library/node', tag: '20' }],
    ['index.docker.io is Docker Hub too', 'index.docker.io/node:20', { registry: 'docker.io', repository: 'library/node' }],
    ['a port is not a tag', '127.0.0.1:5000/team/app', { registry: '127.0.0.1:5000', repository: 'team/app', tag: undefined }],
    ['a port and a tag', 'localhost:5000/app:1.2.3', { registry: 'localhost:5000', repository: 'app', tag: '1.2.3' }],
    ['localhost without a port is a host', 'localhost/app:1', { registry: 'localhost', repository: 'app' }],
    ['a dotted host', 'ghcr.io/org/tool:v1.0.0-rc.1', { registry: 'ghcr.io', repository: 'org/tool', tag: 'v1.0.0-rc.1' }],
    ['a digest with a tag', `node:20-alpine@${digest}`, { tag: '20-alpine', digest }],
    ['a digest alone', `node@${digest}`, { tag: undefined, digest }],
    ['a deep path', 'gcr.io/distroless/static-debian12', { registry: 'gcr.io', repository: 'distroless/static-debian12' }],
  ];
  for (const [name, raw, expected] of cases) {
    it(name, () => {
      const ref = parseImageRef(raw);
      assert.ok(ref, `${raw} parses`);
      for (const [key, value] of Object.entries(expected)) assert.equal((ref as unknown as Record<string, unknown>)[key], value, key);
    });
  }

  for (const bad of ['', 'Node:20', 'node:', 'node:-x', 'node@sha256:short', 'node 20', 'a//b', ':20', `node@${'x'.repeat(70)}`]) {
    it(`rejects ${JSON.stringify(bad)}`, () => assert.equal(parseImageRef(bad), undefined));
  }

  it('offsets point at the tag and the digest in the text as written', () => {
    const raw = `127.0.0.1:5000/node:20@${digest}`;
    const ref = parseImageRef(raw)!;
    assert.equal(raw.slice(...ref.offsets.tag!), '20');
    assert.equal(raw.slice(...ref.offsets.digest!), digest);
    assert.equal(raw.slice(...ref.offsets.path), 'node');
  });

  it('formats a new tag and digest keeping how the host and path were written', () => {
    const ref = parseImageRef('docker.io/library/node:20')!;
    assert.equal(formatImageRef(ref, { tag: '22', digest }), `docker.io/library/node:22@${digest}`);
    assert.equal(formatImageRef(parseImageRef(`node:20@${digest}`)!, { digest: null }), 'node:20');
  });

  it('canonical form for caches', () => {
    assert.equal(canonicalRef(parseImageRef('node:20')!), 'docker.io/library/node:20');
  });
});
