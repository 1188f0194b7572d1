import { readdirSync } from 'node:fs';
import * as path from 'node:path';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** Dockerfile, Dockerfile.prod, api.dockerfile, Containerfile, Containerfile.dev. */
export function isDockerfileName(name: string): boolean {
  // BuildKit reads `<name>.dockerignore` beside a Dockerfile as that Dockerfile's ignore file.
  if (/\.dockerignore$/i.test(name)) return false;
  return /^(Dockerfile|Containerfile)(\..+)?$/.test(name) || /.\.dockerfile$/i.test(name);
}

/**
 * Every Dockerfile under `dir`, sorted. Symbolic links to directories are not followed, so a link
 * back up the tree cannot loop.
 */
export async function findDockerfiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  // Synchronous: the CLI has nothing else to do meanwhile, and the promise form cost a thread-pool
  // round trip per directory.
  const walk = (current: string): void => {
    const entries = readdirSync(current, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isDockerfileName(entry.name)) {
        found.push(full);
      }
    }
  };
  walk(dir);
  return found.sort();
}
