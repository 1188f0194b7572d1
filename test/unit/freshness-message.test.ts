import { strict as assert } from 'node:assert';
import { movedTagMessage } from '../../client/src/freshness/message';
import type { MovedTag } from '../../server/src/freshness';

const NOW = new Date('2026-11-22T12:00:00Z');
const relative = (uri: string) => uri.replace('file:///work/', '');
const moved = (fields: Partial<MovedTag>): MovedTag => ({ ref: 'node:20-alpine', digest: `sha256:${'b'.repeat(64)}`, uris: ['file:///work/app/Dockerfile'], pinnedUris: [], ...fields });

describe('freshness notification text', () => {
  it('says which tag, how long ago it was pushed, and which file uses it', () => {
    assert.equal(movedTagMessage(moved({ pushedAt: '2026-11-22T10:00:00Z' }), NOW, relative), 'node:20-alpine has new patches, pushed 2 hours ago. Used by app/Dockerfile.');
  });

  it('says "just now" for a push less than a minute old (or one from a clock ahead of ours)', () => {
    assert.match(movedTagMessage(moved({ pushedAt: '2026-11-22T11:59:40Z' }), NOW, relative), /, pushed just now\./);
    assert.match(movedTagMessage(moved({ pushedAt: '2026-11-22T12:05:00Z' }), NOW, relative), /, pushed just now\./);
  });

  it('says a single file pins an older digest', () => {
    assert.equal(
      movedTagMessage(moved({ pushedAt: '2026-11-19T12:00:00Z', pinnedUris: ['file:///work/app/Dockerfile'] }), NOW, relative),
      'node:20-alpine has new patches, pushed 3 days ago. Used by app/Dockerfile, pinned to an older digest.',
    );
  });

  it('counts files and pins when several use the tag', () => {
    const uris = ['file:///work/a/Dockerfile', 'file:///work/b/Dockerfile', 'file:///work/c/Dockerfile'];
    assert.equal(movedTagMessage(moved({ uris, pinnedUris: [uris[1]] }), NOW, relative), 'node:20-alpine has new patches. Used by 3 Dockerfiles, 1 of them pinned to an older digest.');
  });
});
