import { randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Replaces a file's content so that a reader sees the old file or the new one, never half of
 * either: write a temporary file beside it, flush, rename over it. The mode (and owner, when we
 * may) are kept, and a symbolic link is written through rather than replaced by a plain file.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const target = await realpath(file);
  const before = await stat(target);
  const mode = before.mode & 0o7777;
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(content, 'utf8');
      // open() applies the umask; chmod does not.
      await handle.chmod(mode);
      await handle.chown(before.uid, before.gid).catch(() => undefined);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}
