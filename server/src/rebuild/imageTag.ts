import { createHash, randomBytes } from 'node:crypto';
import * as path from 'node:path';

/**
 * Repository our images of one Dockerfile go to: readable from the folder and file name,
 * made unique by a hash of the absolute path (two `app/Dockerfile`s must not share one).
 */
export function rebuildRepository(dockerfile: string): string {
  const absolute = path.resolve(dockerfile);
  const readable = `${path.basename(path.dirname(absolute))}-${path.basename(absolute)}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  const hash = createHash('sha256').update(absolute).digest('hex').slice(0, 8);
  return `dph-rebuild/${readable ? `${readable}-` : ''}${hash}`;
}

/** A run id that sorts by time and is a valid tag and container name part. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').toLowerCase();
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
