import { statfsSync } from 'node:fs';
import * as os from 'node:os';

const RAM_DIR = '/dev/shm';
const MIN_FREE_BYTES = 1024 * 1024 * 1024;

/**
 * Where registry storage goes. Distribution syncs every blob and link it writes, which on a busy
 * disk made seeding the standard fixtures 4-5x slower than on tmpfs; container runtimes often give
 * /dev/shm only 64 MB, so it is used only with room to spare. DPH_REGISTRY_TMPDIR overrides.
 */
export function registryTempRoot(): string {
  const override = process.env.DPH_REGISTRY_TMPDIR;
  if (override) return override;
  try {
    const stats = statfsSync(RAM_DIR);
    if (stats.bavail * stats.bsize >= MIN_FREE_BYTES) return RAM_DIR;
  } catch {
    // No /dev/shm (not Linux): the ordinary temp dir will do.
  }
  return os.tmpdir();
}
