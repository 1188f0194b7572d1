import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { pushImage, type PushedImage, type PushImageOptions } from './push-image';
import type { TestRegistry } from './start-registry';
import { ustar, type TarEntry } from './tar';

/** From Debian's busybox-static: statically linked, so it runs in an image with nothing else in it. */
export const BUSYBOX_BINARY = '/bin/busybox';

const APPLETS = [
  'sh', 'ash', 'ls', 'cat', 'echo', 'test', '[', 'sleep', 'true', 'false', 'wget', 'env', 'mkdir', 'rm', 'cp',
  'mv', 'ln', 'chmod', 'touch', 'grep', 'sed', 'awk', 'head', 'tail', 'wc', 'sort', 'tr', 'cut', 'find', 'xargs',
  'id', 'whoami', 'pwd', 'uname', 'date', 'printf', 'which', 'tar', 'gzip', 'gunzip', 'ps', 'kill', 'hostname',
  'nc', 'du', 'df', 'stat', 'basename', 'dirname', 'mktemp', 'readlink', 'realpath', 'yes', 'seq', 'nproc',
];

let cached: Promise<Buffer> | undefined;

/**
 * A gzipped layer with /bin/busybox, its applet symlinks, /tmp and a root passwd entry. Built once
 * per process and byte-identical across runs on the same busybox binary, so its digest is stable.
 */
export function busyboxLayer(): Promise<Buffer> {
  cached ??= readFile(BUSYBOX_BINARY).then((binary) => {
    const entries: TarEntry[] = [
      { type: 'dir', path: 'bin' },
      { type: 'file', path: 'bin/busybox', content: binary, mode: 0o755 },
      ...APPLETS.map((name): TarEntry => ({ type: 'symlink', path: `bin/${name}`, target: 'busybox' })),
      { type: 'dir', path: 'etc' },
      { type: 'file', path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' },
      { type: 'file', path: 'etc/group', content: 'root:x:0:\nnogroup:x:65534:\n' },
      { type: 'dir', path: 'root', mode: 0o700 },
      { type: 'dir', path: 'tmp', mode: 0o1777 },
      { type: 'dir', path: 'usr' },
      { type: 'dir', path: 'usr/bin' },
      // Shebangs say /usr/bin/env far more often than /bin/env.
      { type: 'symlink', path: 'usr/bin/env', target: '/bin/busybox' },
    ];
    return gzipSync(ustar(entries));
  });
  return cached;
}

/** A runnable linux/amd64 busybox image (Cmd ["sh"]) that a real dockerd can pull and run. */
export async function pushBusybox(
  reg: TestRegistry,
  repo = 'library/busybox',
  tag = '1.36',
  opts: PushImageOptions = {},
): Promise<PushedImage> {
  return pushImage(reg, repo, tag, {
    cmd: ['sh'],
    ...opts,
    layers: [await busyboxLayer(), ...(opts.layers ?? [])],
  });
}
