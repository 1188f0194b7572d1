import { NODE_BUILD_TOOLS, PYTHON_BUILD_PACKAGES, SDK_IMAGES, TOOLCHAIN_PACKAGES, type Ecosystem } from '../data/toolchains';
import { matchesImage, packageManagerOf, splitTag, type PackageManagerCall } from './baseOs';
import { basename } from './multiStage/paths';
import type { ImageRef } from './imageRef';
import type { ShellCommand } from './types';
import { memoizeByRef } from './memo';

export type { Ecosystem } from '../data/toolchains';

/** Evidence that a stage builds software: a toolchain package installed, or a build command run. */
export interface ToolchainSignal {
  kind: 'package' | 'command';
  ecosystem: Ecosystem;
  /** The package or the command as the user would say it: `build-essential`, `go build`, `./gradlew bootJar`. */
  what: string;
  command: ShellCommand;
}

export interface ToolchainOptions {
  /** The stage's ENV, when known: `NODE_ENV=production` makes npm, yarn and pnpm skip dev dependencies. */
  env?: Readonly<Record<string, string>>;
  /** The base image ships a C compiler (gcc, buildpack-deps): `make` and `./configure` build with it. */
  compilerInBase?: boolean;
}

/**
 * The build toolchain a stage chain still holds once its commands have run: compilers and SDKs
 * installed and not removed again (by name, through an `apk --virtual` group, by `apt-mark auto`
 * then `--auto-remove`, or by deleting the SDK's directory), and builds that ran with tools that
 * are still there. A build whose tools were removed (`make` between the install and the purge,
 * `npm run build` before `npm prune --omit=dev`) leaves nothing behind and is not reported.
 * One pass over the commands; the state is a map of what is installed, never a list per command.
 */
export function detectToolchain(commands: readonly ShellCommand[], options: ToolchainOptions = {}): ToolchainSignal[] {
  const installed = new Map<string, InstalledSignal>();
  const builds: Array<ToolchainSignal & { at: number; devInstall?: boolean }> = [];
  let lastDevRemoval = -1;
  const removedSdks = new Set<Ecosystem>();
  let aptMarkedAuto = false;
  for (const [at, command] of commands.entries()) {
    // Read once: removal, dev-dependency pruning and installs all look at the same call.
    const call = packageManagerOf(command);
    if (call?.action === 'remove') {
      const names = new Set(call.packages.map((p) => p.toLowerCase()));
      const autoRemove = call.subcommand === 'autoremove' || command.argv.includes('--auto-remove') || command.argv.includes('--autoremove');
      const everything = call.manager === 'apt' && aptMarkedAuto && autoRemove;
      for (const [key, signal] of installed) {
        if (signal.manager === call.manager && (everything || names.has(signal.what.toLowerCase()) || (signal.group !== undefined && names.has(signal.group)))) {
          installed.delete(key);
        }
      }
    }
    if (basename(command.argv[0]) === 'apt-mark' && command.argv[1] === 'auto') aptMarkedAuto = true;
    for (const eco of removedSdkDirs(command)) {
      removedSdks.add(eco);
      for (const [key, signal] of installed) if (signal.ecosystem === eco) installed.delete(key);
    }
    if (removesDevDependencies(command, call, options)) lastDevRemoval = at;
    for (const signal of packageSignals(command, call)) {
      installed.set(`${signal.manager}:${signal.what.toLowerCase()}`, signal);
      removedSdks.delete(signal.ecosystem);
    }
    const run = commandSignal(command.argv, options);
    if (run) {
      builds.push({ kind: 'command', ecosystem: run.ecosystem, what: run.what, command, at, devInstall: run.devInstall });
    }
  }
  const left = [...installed.values()];
  const compilerLeft = (eco: Ecosystem) => left.some((s) => s.ecosystem === eco);
  const kept = builds.filter((b) => {
    if (removedSdks.has(b.ecosystem)) return false;
    // A node build's tools are its dev dependencies, gone if pruned after it; a C build's, a compiler installed here or in the base image.
    if (b.ecosystem === 'node') return b.at > lastDevRemoval || compilerLeft('node');
    if (b.ecosystem === 'c') return C_COMPILER_COMMANDS.has(b.what) || compilerLeft('c') || options.compilerInBase === true;
    return true;
  });
  // A bare `npm install` leaves dev dependencies only if package.json declares some, which the
  // Dockerfile does not show (the corpus's are mostly small apps with none); a build script or a
  // bundler run after it, or a compiler left for native modules, is what proves there is build tooling.
  const nodeBuilt = kept.some((b) => b.ecosystem === 'node' && !b.devInstall) || left.length > 0;
  const evidence = kept.filter((b) => !b.devInstall || nodeBuilt);
  return [...left, ...evidence]
    .sort((a, b) => a.command.range.start.line - b.command.range.start.line || a.command.range.start.character - b.command.range.start.character)
    .map(({ kind, ecosystem, what, command }) => ({ kind, ecosystem, what, command }));
}

/** `rm -rf /usr/local/go`, `rm -rf ~/.cargo ~/.rustup`: the SDK deleted once the build is done. */
function removedSdkDirs(command: ShellCommand): Ecosystem[] {
  if (basename(command.argv[0]) !== 'rm') return [];
  const out: Ecosystem[] = [];
  for (const arg of command.argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    const last = arg.replace(/\/+$/, '').split('/').pop() ?? '';
    const eco = SDK_DIRS[last];
    if (eco) out.push(eco);
  }
  return out;
}

const SDK_DIRS: Record<string, Ecosystem> = { go: 'go', '.cargo': 'rust', '.rustup': 'rust', cargo: 'rust', rustup: 'rust', dotnet: 'dotnet', maven: 'java-maven', gradle: 'java-gradle', '.gradle': 'java-gradle' };

/** A C build command that is itself the compiler, so it proves one is there. */
const C_COMPILER_COMMANDS = new Set(['gcc', 'g++', 'cc', 'c++', 'clang', 'clang++']);

/** The SDK or compiler an image is (`golang`, `maven`, `eclipse-temurin:21-jdk`, `mcr.microsoft.com/dotnet/sdk`); undefined for runtimes. */
function sdkImageUncached(ref: ImageRef): { ecosystem: Ecosystem; what: string } | undefined {
  const { words } = splitTag(ref.tag);
  const entry = SDK_IMAGES.entries.find((e) => matchesImage(ref, e));
  if (!entry || words.some((w) => entry.unlessWords?.includes(w))) return undefined;
  return { ecosystem: entry.ecosystem, what: entry.what };
}
export const sdkImage = memoizeByRef(sdkImageUncached);

type InstalledSignal = ToolchainSignal & { group?: string; manager: string };

function packageSignals(command: ShellCommand, call: PackageManagerCall | undefined): InstalledSignal[] {
  if (!call || call.action !== 'install') return [];
  const virtual = call.manager === 'apk' ? optionValue(command.argv, ['--virtual', '-t']) : undefined;
  const signal = (ecosystem: Ecosystem, name: string): InstalledSignal => ({
    kind: 'package',
    ecosystem,
    what: name,
    command,
    manager: call.manager,
    ...(virtual ? { group: virtual.toLowerCase() } : {}),
  });
  if (call.kind === 'os') {
    return call.packages.flatMap((name) => {
      const entry = TOOLCHAIN_PACKAGES.entries.find((e) => e.match.test(name.toLowerCase()));
      return entry ? [signal(entry.ecosystem, name)] : [];
    });
  }
  if (call.manager === 'pip') {
    return call.packages.filter((p) => PYTHON_BUILD_PACKAGES.names.includes(p.toLowerCase())).map((p) => signal('python', p));
  }
  if (call.manager === 'gem') return [];
  return call.packages.filter((p) => NODE_BUILD_TOOLS.packages.includes(p)).map((p) => signal('node', p));
}

/** A prune, or a reinstall without dev dependencies, or deleting node_modules. */
function removesDevDependencies(command: ShellCommand, call: PackageManagerCall | undefined, options: ToolchainOptions): boolean {
  if (basename(command.argv[0]) === 'rm' && command.argv.some((a) => /(^|\/)node_modules\/?$/.test(a))) return true;
  if (!call) return false;
  const args = command.argv.slice(1);
  const prunes = call.manager === 'npm' && call.subcommand === 'prune' && omitsDev(args, options);
  const reinstallsForProduction =
    ['npm', 'yarn', 'pnpm', 'bun'].includes(call.manager) && call.action === 'install' && call.packages.length === 0 && omitsDev(args, options);
  return prunes || reinstallsForProduction;
}

interface CommandMatch {
  ecosystem: Ecosystem;
  what: string;
  /** An install of all dependencies including dev ones: undone by a later production-only install or prune. */
  devInstall?: boolean;
}

const GO_BUILDS = new Set(['build', 'install', 'test', 'generate', 'run', 'vet']);
const CARGO_BUILDS = new Set(['build', 'install', 'test', 'run', 'rustc', 'fetch', 'bench']);
const MAVEN_GOALS = new Set(['compile', 'test-compile', 'test', 'package', 'verify', 'install', 'deploy']);
const GRADLE_INFO_TASKS = new Set(['help', 'tasks', 'properties', 'projects']);
const C_TOOLS = new Set(['make', 'gmake', 'cmake', 'ninja', 'meson', 'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'configure', 'autoreconf', 'autogen.sh', 'bootstrap.sh']);
const DOTNET_BUILDS = new Set(['build', 'publish', 'restore', 'test', 'pack', 'msbuild']);
// `setup.py install` installs a package, as pip does; only the build commands leave build output behind.
const SETUP_PY_BUILDS = new Set(['build', 'build_ext', 'bdist_wheel', 'bdist']);

function commandSignal(argv: readonly string[], options: ToolchainOptions): CommandMatch | undefined {
  if (argv.length === 0) return undefined;
  const program = argv[0].slice(argv[0].lastIndexOf('/') + 1);
  const shown = argv[0].startsWith('./') ? argv[0] : program;
  const args = argv.slice(1);
  const words = args.filter((a) => !a.startsWith('-'));
  const [sub, next] = words;
  switch (program) {
    case 'sh':
    case 'bash':
      // `sh ./gradlew build`, `bash configure`
      return words.length > 0 && !args[0].startsWith('-') ? commandSignal(args, options) : undefined;
    case 'go':
      if (GO_BUILDS.has(sub)) return { ecosystem: 'go', what: `go ${sub}` };
      return sub === 'mod' && next === 'download' ? { ecosystem: 'go', what: 'go mod download' } : undefined;
    case 'cargo':
      return CARGO_BUILDS.has(sub) ? { ecosystem: 'rust', what: `cargo ${sub}` } : undefined;
    case 'rustc':
    case 'rustup':
      return { ecosystem: 'rust', what: program };
    case 'mvn':
    case 'mvnw': {
      const goal = words.find((w) => MAVEN_GOALS.has(w) || /^dependency:(go-offline|resolve|copy-dependencies)$/.test(w));
      return goal ? { ecosystem: 'java-maven', what: `${shown} ${goal}` } : undefined;
    }
    case 'gradle':
    case 'gradlew': {
      const task = words.find((w) => !GRADLE_INFO_TASKS.has(w));
      return task ? { ecosystem: 'java-gradle', what: `${shown} ${task}` } : undefined;
    }
    case 'dotnet':
      return DOTNET_BUILDS.has(sub) ? { ecosystem: 'dotnet', what: `dotnet ${sub}` } : undefined;
    case 'javac':
    case 'ghc':
    case 'crystal':
      return program === 'crystal' && sub !== 'build' ? undefined : { ecosystem: 'generic', what: program === 'crystal' ? 'crystal build' : program };
    case 'sbt':
    {
      const task = words.find((w) => /^(compile|package|assembly|stage|universal:|test|publishLocal|Docker\/stage)/.test(w));
      return task ? { ecosystem: 'generic', what: `sbt ${task}` } : undefined;
    }
    case 'lein':
      return ['uberjar', 'compile', 'jar', 'deps', 'install', 'test'].includes(sub) ? { ecosystem: 'generic', what: `lein ${sub}` } : undefined;
    case 'mix':
      return ['compile', 'release', 'deps.get', 'deps.compile', 'phx.digest', 'assets.deploy', 'escript.build'].includes(sub) ? { ecosystem: 'generic', what: `mix ${sub}` } : undefined;
    case 'bazel':
    case 'bazelisk':
      return sub === 'build' || sub === 'run' || sub === 'test' ? { ecosystem: 'generic', what: `bazel ${sub}` } : undefined;
    case 'cabal':
    case 'stack':
      return ['build', 'install', 'v2-build', 'v2-install'].includes(sub) ? { ecosystem: 'generic', what: `${program} ${sub}` } : undefined;
    case 'swift':
      return sub === 'build' ? { ecosystem: 'generic', what: 'swift build' } : undefined;
    case 'pip':
    case 'pip3':
      return sub === 'wheel' ? { ecosystem: 'python', what: `${program} wheel` } : undefined;
    case 'poetry':
    case 'maturin':
      return sub === 'build' ? { ecosystem: 'python', what: `${program} build` } : undefined;
    case 'npm':
      return npmSignal(args, words, options);
    case 'yarn':
    case 'yarnpkg':
    case 'pnpm':
    case 'bun':
      return packageRunnerSignal(program, args, words, options);
    case 'npx':
    case 'pnpx':
    case 'bunx':
      return nodeTool(words);
  }
  if (/^python[\d.]*$/.test(program)) {
    if (args[0] === '-m' && args[1] === 'build') return { ecosystem: 'python', what: `${program} -m build` };
    if (/(^|\/)setup\.py$/.test(args[0] ?? '') && SETUP_PY_BUILDS.has(args[1])) return { ecosystem: 'python', what: `${program} setup.py ${args[1]}` };
    return undefined;
  }
  if (C_TOOLS.has(program)) return { ecosystem: 'c', what: shown };
  return nodeTool([program, ...words]);
}

function npmSignal(args: string[], words: string[], options: ToolchainOptions): CommandMatch | undefined {
  const [sub, script] = words;
  if (sub === 'run' || sub === 'run-script') return buildScript('npm run', script);
  if (sub === 'exec' || sub === 'x') return nodeTool(words.slice(1));
  if (['ci', 'clean-install', 'install-clean', 'install', 'i'].includes(sub) && words.length === 1 && !omitsDev(args, options)) {
    return { ecosystem: 'node', what: `npm ${sub}`, devInstall: true };
  }
  return undefined;
}

/** yarn, pnpm and bun: bare installs, `run <script>`, scripts and binaries run directly (`yarn build`, `pnpm tsc`). */
function packageRunnerSignal(program: string, args: string[], words: string[], options: ToolchainOptions): CommandMatch | undefined {
  const [sub, script] = words;
  const install = sub === undefined ? program === 'yarn' || program === 'yarnpkg' : sub === 'install' || sub === 'i';
  if (install) {
    return words.length <= 1 && !omitsDev(args, options)
      ? { ecosystem: 'node', what: sub ? `${program} ${sub}` : program, devInstall: true }
      : undefined;
  }
  if (program === 'bun' && sub === 'build') return { ecosystem: 'node', what: 'bun build' };
  if (sub === 'run') return buildScript(`${program} run`, script) ?? nodeTool(words.slice(1));
  if (sub === 'exec' || sub === 'dlx' || sub === 'x') return nodeTool(words.slice(1));
  return buildScript(program, sub) ?? nodeTool(words);
}

function buildScript(prefix: string, script: string | undefined): CommandMatch | undefined {
  return script !== undefined && NODE_BUILD_TOOLS.buildScript.test(script) ? { ecosystem: 'node', what: `${prefix} ${script}` } : undefined;
}

/** `tsc`, `webpack`, `vite build`, `next build`, with the words after npx/exec. */
function nodeTool(words: readonly string[]): CommandMatch | undefined {
  const [tool, sub] = words;
  if (tool === undefined) return undefined;
  if (NODE_BUILD_TOOLS.always.includes(tool)) return { ecosystem: 'node', what: tool };
  return NODE_BUILD_TOOLS.withBuild.includes(tool) && sub === 'build' ? { ecosystem: 'node', what: `${tool} build` } : undefined;
}

/** True when an npm/yarn/pnpm/bun install leaves dev dependencies out, by flag or by the stage's ENV. */
function omitsDev(args: readonly string[], options: ToolchainOptions): boolean {
  const flag = args.some(
    (a, i) =>
      ['--production', '--prod', '-P', '--only=prod', '--only=production', '--omit=dev', '--no-dev'].includes(a) ||
      (a === '--omit' && args[i + 1] === 'dev') ||
      a === '--production=true',
  );
  if (flag) return true;
  const env = Object.fromEntries(Object.entries(options.env ?? {}).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));
  return env.node_env === 'production' || env.npm_config_production === 'true' || (env.npm_config_omit ?? '').split(/[\s,]+/).includes('dev');
}

function optionValue(argv: readonly string[], names: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length - 1; i++) if (names.includes(argv[i])) return argv[i + 1];
  const joined = argv.find((a) => names.some((n) => n.startsWith('--') && a.startsWith(`${n}=`)));
  return joined?.slice(joined.indexOf('=') + 1);
}
