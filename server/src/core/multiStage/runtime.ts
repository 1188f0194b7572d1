import { packageManagerOf } from '../baseOs';
import type { Instruction } from '../dockerfile';
import { lastOf, startCommands, type BuildView } from './buildView';
import { basename } from './paths';

/** The base of the runtime stage and what it provides to the lines kept from the original. */
export interface Runtime {
  image: string;
  os: 'distroless' | 'alpine' | 'debian' | 'ubuntu';
  /** Users the image defines in /etc/passwd. */
  users: string[];
  /** Programs on its PATH that a CMD or HEALTHCHECK may call (no shell means none). */
  programs: string[];
}

const BUSYBOX = ['sh', 'ash', 'wget', 'nc', 'cat', 'echo', 'env', 'test', '[', 'true', 'sleep', 'printf', 'ls', 'kill', 'ps'];
const DEBIAN_BASE = ['sh', 'bash', 'dash', 'cat', 'echo', 'env', 'test', '[', 'true', 'sleep', 'printf', 'ls', 'kill'];

/** A port below 1024 that the image EXPOSEs: distroless's nonroot user cannot bind it. */
export function exposesPrivilegedPort(instructions: readonly Instruction[]): boolean {
  return instructions.some((i) => i.keyword === 'EXPOSE' && i.args.split(/\s+/).some((p) => Number(p.split('/')[0]) > 0 && Number(p.split('/')[0]) < 1024));
}

export function distroless(image: string): Runtime {
  return { image, os: 'distroless', users: ['root', 'nonroot', 'nobody'], programs: [] };
}

export function alpine(image: string, programs: string[] = [], users: string[] = []): Runtime {
  return { image, os: 'alpine', users: ['root', 'nobody', 'guest', ...users], programs: [...BUSYBOX, ...programs] };
}

export function debianLike(image: string, os: 'debian' | 'ubuntu', programs: string[] = [], users: string[] = []): Runtime {
  return { image, os, users: ['root', 'nobody', ...users], programs: [...DEBIAN_BASE, ...programs] };
}

// Shell words a shell-form CMD may use that are not programs.
const SHELL_BUILTINS = new Set(['cd', 'export', 'set', 'unset', '.', 'source', 'echo', 'test', '[', 'true', 'false', 'trap', 'wait', 'exit', 'if', 'fi', 'then']);

/**
 * True when every program the image starts (ENTRYPOINT or CMD, HEALTHCHECK) exists in the runtime:
 * one of its own, or something the plan ships (`ships` gets the word as written).
 */
export function startsWork(view: BuildView, runtime: Runtime, ships: (program: string) => boolean): boolean {
  const hasShell = runtime.programs.includes('sh');
  const commands = startCommands(view);
  // An image that starts nothing of ours says nothing about what it needs at run time.
  if (!lastOf(view, 'CMD') && !lastOf(view, 'ENTRYPOINT')) return false;
  return commands.every(({ argv, shellForm }) => {
    if (shellForm && !hasShell) return false;
    const program = argv[0];
    if (ships(program)) return true;
    if (hasShell && SHELL_BUILTINS.has(program)) return true;
    const name = program.includes('/') && /^\/(usr\/)?(local\/)?s?bin\//.test(program) ? basename(program) : program;
    return runtime.programs.includes(name);
  });
}

// Packages a build needs and the program does not, unless the image starts them (curl in a HEALTHCHECK).
const BUILD_ONLY = new Set([
  'build-essential', 'build-base', 'gcc', 'g++', 'cpp', 'clang', 'make', 'cmake', 'ninja-build', 'pkg-config', 'pkgconf',
  'git', 'musl-dev', 'libc-dev', 'libc6-dev', 'linux-headers', 'autoconf', 'automake', 'libtool', 'binutils',
  'python3', 'python3-dev', 'python-dev', 'curl', 'wget', 'ca-certificates', 'gnupg', 'unzip', 'upx', 'upx-ucl',
]);

/**
 * RUN lines that give the runtime the OS packages the program needs, the empty list when it
 * needs none, or undefined when that cannot be told or done: a `-dev` package means something was
 * compiled against a library whose runtime package name we do not know.
 */
export function runtimePackages(view: BuildView, runtime: Runtime): string[] | undefined {
  const started = new Set(startCommands(view).map((c) => basename(c.argv[0])));
  const needed: string[] = [];
  let manager: string | undefined;
  for (const step of view.steps) {
    for (const command of step.commands) {
      const call = packageManagerOf(command);
      if (!call || call.kind !== 'os' || call.action !== 'install') continue;
      for (const pkg of call.packages) {
        if (BUILD_ONLY.has(pkg) && !started.has(pkg)) continue;
        if (/-(dev|devel)$/.test(pkg) || pkg.startsWith('.') || pkg.includes('/')) return undefined;
        manager = call.manager;
        if (!needed.includes(pkg)) needed.push(pkg);
      }
    }
  }
  if (needed.length === 0) return [];
  if (manager === 'apk' && runtime.os === 'alpine') return [`RUN apk add --no-cache ${needed.join(' ')}`];
  if (manager === 'apt' && (runtime.os === 'debian' || runtime.os === 'ubuntu')) {
    return [`RUN apt-get update && apt-get install -y --no-install-recommends ${needed.join(' ')} && rm -rf /var/lib/apt/lists/*`];
  }
  return undefined;
}

const USER_TOOLS: Record<Runtime['os'], string[]> = {
  // adduser is not in Debian's minimal images; useradd (passwd) is.
  debian: ['useradd', 'groupadd'],
  ubuntu: ['useradd', 'groupadd'],
  alpine: ['adduser', 'addgroup'],
  distroless: [],
};

/**
 * The RUN lines that create the USER the image runs as, when the runtime lacks that user; the
 * empty list when it has it; undefined when it cannot be created there.
 */
export function runtimeUser(view: BuildView, runtime: Runtime): Instruction[] | undefined {
  const step = lastOf(view, 'USER');
  if (!step) return [];
  const user = step.instruction.args.trim().split(':')[0];
  if (/^\d+$/.test(user) || runtime.users.includes(user)) return [];
  if (user.includes('$')) return undefined;
  const tools = USER_TOOLS[runtime.os];
  const creators = view.steps.filter(
    (s) =>
      s.commands.length > 0 &&
      s.commands.every((c) => tools.includes(basename(c.argv[0]))) &&
      s.commands.some((c) => c.argv.includes(user)),
  );
  return creators.length > 0 ? creators.map((s) => s.instruction) : undefined;
}
