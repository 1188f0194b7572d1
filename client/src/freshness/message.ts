// Words for a moved tag (no vscode import).
import { age } from '../../../server/src/core/rules/facts';
import type { MovedTag } from '../../../server/src/freshness/protocol';

/** "node:20-alpine has new patches, pushed 2 hours ago. Used by app/Dockerfile, pinned to an older digest." */
export function movedTagMessage(moved: MovedTag, now: Date, relative: (uri: string) => string): string {
  const ms = moved.pushedAt ? now.getTime() - Date.parse(moved.pushedAt) : Number.NaN;
  const when = ms < 60_000 ? 'just now' : age(moved.pushedAt, now);
  const one = moved.uris.length === 1;
  const users = one ? relative(moved.uris[0]) : `${moved.uris.length} Dockerfiles`;
  const pins = moved.pinnedUris.length;
  const pinned = pins === 0 ? '' : one ? ', pinned to an older digest' : `, ${pins} of them pinned to an older digest`;
  return `${moved.ref} has new patches${when ? `, pushed ${when}` : ''}. Used by ${users}${pinned}.`;
}
