import { inferBaseOs, packageManagerOf, splitTag } from '../baseOs';
import { CURRENT_ALPINE, DISTROLESS_IMAGES } from '../../data/minimalBases';
import type { ShellCommand } from '../types';
import { basename, isWithin, resolvePath } from './paths';
import type { BuildPlan } from './plan';
import { alpine, debianLike, distroless, exposesPrivilegedPort, runtimePackages, runtimeUser, startsWork, type Runtime } from './runtime';
import { cwdAt, envAt, startCommands, type BuildView, type Step } from './buildView';

/** `go build` options that take the next word as their value. */
const VALUED = new Set([
  '-o', '-C', '-p', '-asmflags', '-buildmode', '-compiler', '-gccgoflags', '-gcflags', '-installsuffix', '-ldflags',
  '-mod', '-modfile', '-overlay', '-pgo', '-pkgdir', '-tags', '-toolexec', '-coverpkg', '-covermode', '-exec',
]);

const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const C_COMPILERS = new Set(['gcc', 'build-essential', 'build-base', 'musl-dev', 'g++', 'clang']);

export interface GoBuild {
  step: Step;
  command: ShellCommand;
  install: boolean;
  output?: string;
  packages: string[];
  /** `-C dir` moves the build elsewhere before `-o` is read. */
  changesDir: boolean;
}

/** The last `go build` or `go install` of the chain that produces a program (not `./...`). */
export function lastGoBuild(view: BuildView): GoBuild | undefined {
  let found: GoBuild | undefined;
  for (const step of view.steps) {
    for (const command of step.commands) {
      const [program, verb] = command.argv;
      if (basename(program) !== 'go' || (verb !== 'build' && verb !== 'install')) continue;
      const build = parseGoBuild(step, command);
      if (build.output === undefined && build.packages.some((p) => p.includes('...'))) continue;
      found = build;
    }
  }
  return found;
}

function parseGoBuild(step: Step, command: ShellCommand): GoBuild {
  const build: GoBuild = { step, command, install: command.argv[1] === 'install', packages: [], changesDir: false };
  const args = command.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-')) {
      build.packages.push(a);
      continue;
    }
    const [flag, value] = a.replace(/^--/, '-').split(/=(.*)/s);
    const v = value ?? (VALUED.has(flag) ? args[++i] : undefined);
    if (flag === '-o') build.output = v;
    if (flag === '-C') build.changesDir = true;
  }
  return build;
}

/** The file (or folder, ending in `/`) a Go build writes, as an absolute path; undefined when only go.mod could tell. */
export function goArtifact(view: BuildView, build: GoBuild): string | undefined {
  const cwd = cwdAt(build.step, build.command);
  if (build.install) {
    const gobin = view.env.get('GOBIN') ?? `${view.env.get('GOPATH') ?? '/go'}/bin`;
    const name = programName(build.packages);
    return name ? resolvePath(gobin, name) : undefined;
  }
  if (build.output !== undefined) {
    if (build.changesDir && !build.output.startsWith('/')) return undefined;
    return resolvePath(cwd, build.output);
  }
  const name = programName(build.packages);
  return name ? resolvePath(cwd, name) : undefined;
}

/** What `go build` names a program: the first file without `.go`, or the last element of the package path. */
function programName(packages: string[]): string | undefined {
  if (packages.length > 0 && packages.every((p) => p.endsWith('.go'))) return basename(packages[0]).slice(0, -3);
  if (packages.length !== 1) return undefined;
  const elements = packages[0].replace(/@.*$/, '').split('/').filter((e) => e !== '' && e !== '.');
  // Module major versions (`example.com/tool/v2`) name the program after the element before.
  if (elements.length > 1 && /^v\d+$/.test(elements[elements.length - 1])) elements.pop();
  const last = elements[elements.length - 1];
  return last && last !== '..' ? last : undefined;
}

/** Plans a Go build: the binary alone on distroless, keeping the path the CMD names. */
export function planGo(view: BuildView): BuildPlan | undefined {
  const build = lastGoBuild(view);
  if (!build) return undefined;
  const started = startCommands(view)[0]?.argv[0];
  let artifact = goArtifact(view, build);
  // `go build` in a module root names the binary after go.mod, which we cannot read; the CMD can tell.
  if (artifact === undefined && started?.includes('/')) artifact = resolvePath(view.workdir, started);
  if (artifact === undefined) return undefined;
  const folder = artifact.endsWith('/');
  let dest = artifact;
  // A bare CMD name is found on PATH, which in distroless lacks the golang image's /go/bin.
  if (!folder && started === basename(artifact) && !PATH_DIRS.some((d) => isWithin(artifact!, d))) {
    dest = `/usr/local/bin/${started}`;
  }
  const ships = (program: string): boolean => {
    if (!program.includes('/')) return program === basename(dest) && PATH_DIRS.some((d) => isWithin(dest, d));
    const path = resolvePath(view.workdir, program);
    return path !== undefined && (folder ? isWithin(path, dest) : path === dest);
  };
  for (const runtime of goRuntimes(view, build)) {
    if (!startsWork(view, runtime, ships)) continue;
    const users = runtimeUser(view, runtime);
    const packages = runtimePackages(view, runtime);
    if (users === undefined || packages === undefined) continue;
    return { runtime, copies: [{ source: artifact, dest }] };
  }
  return undefined;
}

/**
 * Runtimes that can run the binary, smallest first. A static binary (CGO_ENABLED=0, or Alpine's
 * golang without a C compiler, where Go turns cgo off) needs no libc: distroless/static keeps CA
 * certificates, tzdata and a nonroot user, which scratch lacks. Otherwise the binary may link
 * glibc or musl dynamically, so it runs on distroless/base (glibc) or on Alpine (musl). Alpine
 * comes second for static binaries, when the image needs a shell.
 */
function goRuntimes(view: BuildView, build: GoBuild): Runtime[] {
  const inline = /\bCGO_ENABLED=(\d)/.exec(build.step.instruction.args);
  const cgo = inline?.[1] ?? envAt(view, build.step).get('CGO_ENABLED');
  const os = inferBaseOs(view.baseRef);
  const compiler = view.steps.some((s) =>
    s.commands.some((c) => packageManagerOf(c)?.packages.some((p) => C_COMPILERS.has(p)) ?? false),
  );
  const { version, words } = splitTag(view.baseRef.tag);
  const alpineVersion = words.map((w) => /^alpine(\d+\.\d+)$/.exec(w)?.[1]).find((v) => v) ?? CURRENT_ALPINE;
  const alpineRuntime = alpine(`alpine:${alpineVersion}`);
  // Go 1.20 and later turn cgo off where no C compiler is found; before, the standard library came
  // prebuilt with cgo and the binary linked musl dynamically.
  const goMinor = /^1\.(\d+)/.exec(version)?.[1];
  const cgoOffByDefault = version === '' || (goMinor !== undefined && Number(goMinor) >= 20) || /^[2-9]/.test(version);
  if (cgo === '0' || (os === 'alpine' && !compiler && cgo !== '1' && cgoOffByDefault)) {
    return [...(privilegedPort(view) ? [] : [distroless(DISTROLESS_IMAGES.static)]), alpineRuntime];
  }
  if (os === 'alpine') return [alpineRuntime];
  if (os !== 'debian') return [];
  const release = debianRelease(words, version);
  const slim = debianLike(`debian:${release}-slim`, 'debian');
  const base = DISTROLESS_IMAGES.baseFor(DEBIAN_NUMBERS[release] ?? 0);
  return base && !privilegedPort(view) ? [distroless(base), slim] : [slim];
}

const DEBIAN_NUMBERS: Record<string, number> = { bullseye: 11, bookworm: 12, trixie: 13 };

/** Distroless images run as `nonroot`, which cannot bind a port below 1024 that the image EXPOSEs. */
function privilegedPort(view: BuildView): boolean {
  return exposesPrivilegedPort(view.steps.map((s) => s.instruction));
}

/**
 * The Debian release a golang image is built on: a dynamically linked binary needs that glibc or a
 * newer one. Untagged releases moved to trixie in August 2025 for Go 1.24 and later.
 */
function debianRelease(words: string[], version: string): string {
  const named = words.find((w) => ['bullseye', 'bookworm', 'trixie'].includes(w));
  if (named) return named;
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m && (Number(m[1]) < 1 || (Number(m[1]) === 1 && Number(m[2]) < 24)) ? 'bookworm' : 'trixie';
}
