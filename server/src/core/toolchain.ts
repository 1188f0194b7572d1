import { NODE_BUILD_TOOLS, PYTHON_BUILD_PACKAGES, SDK_IMAGES, TOOLCHAIN_PACKAGES, type Ecosystem } from '../data/toolchains';
import { matchesImage, packageManagerOf, splitTag } from './baseOs';
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
}

interface Pending extends ToolchainSignal {
  /** Keys under which a later command undoes this one (`apk:.build-deps`, `node:dev-dependencies`). */
  undoneBy: string[];
}

/**
 * The build toolchain a stage's commands install or run. A toolchain removed again by a later
 * command (`apk del .build-deps`, `apt-get purge gcc`, `npm prune --omit=dev`) is not reported,
 * nor are the builds that used it (`make` between the install and the purge).
 */
export function detectToolchain(commands: readonly ShellCommand[], options: ToolchainOptions = {}): ToolchainSignal[] {
  let pending: Pending[] = [];
  for (const command of commands) {
    const undone = new Set(undoKeys(command, options));
    if (undone.size > 0) pending = pending.filter((s) => !s.undoneBy.some((k) => undone.has(k)));
    pending.push(...packageSignals(command));
    const run = commandSignal(command.argv, options);
    if (run) {
      // A build that used tools installed earlier in the stage leaves nothing behind once those tools are removed.
      const tools = pending.filter((p) => p.ecosystem === run.ecosystem && (p.kind === 'package' || p.undoneBy.includes(DEV_DEPENDENCIES)));
      const undoneBy = [...(run.devInstall ? [DEV_DEPENDENCIES] : []), ...tools.flatMap((t) => t.undoneBy)];
      pending.push({ kind: 'command', ecosystem: run.ecosystem, what: run.what, command, undoneBy });
    }
  }
  return pending.map(({ kind, ecosystem, what, command }) => ({ kind, ecosystem, what, command }));
}

/** The SDK or compiler an image is (`golang`, `maven`, `eclipse-temurin:21-jdk`, `mcr.microsoft.com/dotnet/sdk`); undefined for runtimes. */
function sdkImageUncached(ref: ImageRef): { ecosystem: Ecosystem; what: string } | undefined {
  const { words } = splitTag(ref.tag);
  const entry = SDK_IMAGES.entries.find((e) => matchesImage(ref, e));
  if (!entry || words.some((w) => entry.unlessWords?.includes(w))) return undefined;
  return { ecosystem: entry.ecosystem, what: entry.what };
}
export const sdkImage = memoizeByRef(sdkImageUncached);

const DEV_DEPENDENCIES = 'node:dev-dependencies';

function packageSignals(command: ShellCommand): Pending[] {
  const call = packageManagerOf(command);
  if (!call || call.action !== 'install') return [];
  const virtual = optionValue(command.argv, ['--virtual', '-t']);
  const signal = (ecosystem: Ecosystem, name: string): Pending => ({
    kind: 'package',
    ecosystem,
    what: name,
    command,
    undoneBy: [`${call.manager}:${name.toLowerCase()}`, ...(call.manager === 'apk' && virtual ? [`apk:${virtual}`] : [])],
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

/** Keys of what a command removes: packages it uninstalls, or dev dependencies it prunes. */
function undoKeys(command: ShellCommand, options: ToolchainOptions): string[] {
  const call = packageManagerOf(command);
  if (!call) return [];
  if (call.action === 'remove') return call.packages.map((p) => `${call.manager}:${p.toLowerCase()}`);
  const args = command.argv.slice(1);
  const prunes = call.manager === 'npm' && call.subcommand === 'prune' && omitsDev(args, options);
  const reinstallsForProduction =
    ['npm', 'yarn', 'pnpm', 'bun'].includes(call.manager) && call.action === 'install' && call.packages.length === 0 && omitsDev(args, options);
  return prunes || reinstallsForProduction ? [DEV_DEPENDENCIES] : [];
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
const SETUP_PY_BUILDS = new Set(['build', 'build_ext', 'bdist_wheel', 'bdist', 'sdist', 'install', 'develop']);

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
    case 'jlink':
      return { ecosystem: 'generic', what: program };
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
