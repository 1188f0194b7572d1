import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { codeServerArgs } from './codeServerProcess';
import type { CodeServerInstall } from './codeServerInstall';

const run = promisify(execFile);

/**
 * Installs each extension: a .vsix through code-server's own --install-extension (as a user
 * would), a folder by linking it into the extensions dir under the `publisher.name-version`
 * name VS Code's scanner expects.
 */
export async function installExtensions(
  install: CodeServerInstall,
  dirs: { userDataDir: string; extensionsDir: string },
  extensions: string[],
): Promise<void> {
  fs.mkdirSync(dirs.extensionsDir, { recursive: true });
  for (const extension of extensions) {
    const absolute = path.resolve(extension);
    if (absolute.endsWith('.vsix')) {
      await run(install.node, [...codeServerArgs(install, dirs), '--install-extension', absolute], { maxBuffer: 16 << 20 });
    } else {
      const manifest = JSON.parse(fs.readFileSync(path.join(absolute, 'package.json'), 'utf8'));
      const id = `${manifest.publisher}.${manifest.name}-${manifest.version}`;
      fs.symlinkSync(absolute, path.join(dirs.extensionsDir, id), 'dir');
    }
  }
}
