import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'dockerfile-patch-hygiene';

/**
 * The version in our package.json, found by walking up from this file: the bundle lives in
 * server/out/, the tsc output deeper in build/, and an npm install puts both under the package.
 */
export function packageVersion(): string {
  let dir = __dirname;
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && pkg.version) return pkg.version;
    } catch {
      // no package.json here; keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return '0.0.0';
    dir = parent;
  }
}

export { PACKAGE_NAME };
