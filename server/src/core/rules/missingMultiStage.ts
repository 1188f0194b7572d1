import { officialName } from '../baseOs';
import { refRange, type DockerfileModel, type Stage } from '../dockerfile';
import { convertToMultiStage } from '../multiStage/convert';
import { envPairs } from '../multiStage/buildView';
import { detectToolchain, sdkImage, type Ecosystem, type ToolchainSignal } from '../toolchain';
import type { ImageRef } from '../imageRef';
import type { Fix, RawFinding, RuleMeta } from '../types';
import type { RuleContext } from './rule';
import { copiesContext, finalChain, imageStart } from './imageStart';
import { finalImageStage } from './support';

export const meta: RuleMeta = {
  code: 'DPH006',
  name: 'missing-multi-stage',
  defaultSeverity: 'warning',
  description: 'The final image builds its software and so ships the compilers, SDKs and dev dependencies it used: more to patch, more to exploit.',
};

const SHIPPED: Record<Ecosystem, string> = {
  go: 'the Go toolchain',
  node: 'Node.js build tooling and dev dependencies',
  python: 'Python build tooling',
  'java-maven': 'Maven and a JDK',
  'java-gradle': 'Gradle and a JDK',
  rust: 'the Rust toolchain',
  c: 'a C/C++ toolchain',
  dotnet: 'the .NET SDK',
  generic: 'a build toolchain',
};

const ARTIFACT: Record<Ecosystem, string> = {
  go: 'the binary',
  node: 'the app with its production dependencies',
  python: 'the app and its virtualenv',
  'java-maven': 'the jar',
  'java-gradle': 'the jar',
  rust: 'the binary',
  c: 'the build output',
  dotnet: 'the published app',
  generic: 'the build output',
};

/** Ecosystems an official base image implies when the toolchain found is only a C compiler or a JDK. */
const IMAGE_ECOSYSTEMS: Record<string, Ecosystem> = { node: 'node', python: 'python', golang: 'go', maven: 'java-maven', gradle: 'java-gradle' };

export function check({ model, path }: RuleContext): RawFinding[] {
  const root = finalImageStage(model);
  if (!root) return [];
  const chain = finalChain(model);
  const ref = root.from.kind === 'image' ? root.from.ref : undefined;
  if (toolchainPurpose(model, chain, ref, path)) return [];
  // ENV after the last RUN cannot change what the RUNs installed (`NODE_ENV=production` set for the program).
  const instructions = chain.flatMap((s) => s.instructions);
  const lastRun = instructions.map((i) => i.keyword).lastIndexOf('RUN');
  const env = Object.fromEntries(
    instructions.slice(0, Math.max(lastRun, 0)).filter((i) => i.keyword === 'ENV').flatMap((i) => envPairs(i.args)),
  );
  const sdk = ref ? sdkImage(ref) : undefined;
  const signals = detectToolchain(chain.flatMap((s) => s.commands), { env, compilerInBase: sdk?.ecosystem === 'c' });
  if (signals.length === 0 && !sdk) return [];

  const ecosystem = buildEcosystem(signals, sdk?.ecosystem, ref ? officialName(ref) : undefined);
  const first = signals[0];
  return [
    {
      message: `The final image ships ${evidence(signals, sdk, ref?.raw)}; build in a builder stage and copy ${ARTIFACT[ecosystem ?? 'generic']} into a minimal runtime stage.`,
      range: first ? first.command.range : refRange(root.from, 0, ref!.raw.length),
      subject: first ? undefined : root.from.range,
      fixes: ecosystem ? convertFix(model, ecosystem) : [],
    },
  ];
}

/**
 * What the image ships, each toolchain named by its own ecosystem with where it comes from: the
 * base image, then the first command. A JDK base and a Maven or Gradle build are one toolchain.
 */
function evidence(signals: ToolchainSignal[], sdk: { ecosystem: Ecosystem; what: string } | undefined, image: string | undefined): string {
  const groups = new Map<Ecosystem, { label: string; where: string[]; fromBase?: boolean }>();
  const javaBuild = signals.find((s) => s.ecosystem === 'java-maven' || s.ecosystem === 'java-gradle')?.ecosystem;
  if (sdk && image) {
    const eco = sdk.ecosystem === 'generic' && sdk.what === 'a JDK' && javaBuild ? javaBuild : sdk.ecosystem;
    groups.set(eco, { label: eco === sdk.ecosystem ? sdk.what : SHIPPED[eco], where: [`the ${image} base`], fromBase: true });
  }
  for (const s of signals) {
    const group = groups.get(s.ecosystem);
    // The base image's group also names the first command that uses it; the others, their first evidence only.
    if (group && (group.where.length > 1 || !group.fromBase)) continue;
    const where = `\`${s.what}\`${s.kind === 'package' ? ' installed' : ''} on line ${s.command.range.start.line + 1}`;
    if (group) group.where.push(where);
    else groups.set(s.ecosystem, { label: SHIPPED[s.ecosystem], where: [where] });
  }
  const parts = [...groups.values()].map((g) => `${g.label} (${g.where.join(', ')})`);
  return parts.length <= 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Repositories of images that are development environments: their toolchain is the point. */
const ENVIRONMENT_IMAGES = /^(mcr\.microsoft\.com\/(vscode\/)?devcontainers\/|docker\.io\/(jupyter|gitpod|codercom)\/|quay\.io\/jupyter\/)/;
/** Stage names of development, test and CI targets. */
const DEVELOPMENT_STAGE = /^(dev|devel|develop|development|debug|test|tests|testing|ci|lint|builder|build|toolchain|sdk|devcontainer|local)([-_.].*)?$|[-_](dev|devel|development|debug|test|ci|build|builder)$/;
/** Paths of dev container, CI and build-environment Dockerfiles. */
const ENVIRONMENT_PATH = /(^|\/)(\.?devcontainer|\.kokoro|\.ci|ci|\.circleci|\.github|\.gitlab|build-?env|toolchain|\.buildkite)\/|(^|\/)(Dockerfile\.(dev|devel|development|debug|build|builder|ci|test|tests|toolchain|devcontainer|sdk)|(dev|devel|build|builder|ci|test|toolchain|devcontainer)\.[Dd]ockerfile)$/;
/** Programs whose start means the image is a toolchain or a shell to work in, not an app. */
const TOOL_STARTS = new Set([
  'bash', 'sh', 'zsh', 'ash', 'fish', 'mvn', 'gradle', 'sbt', 'lein', 'clojure', 'clj', 'iex', 'erl', 'ghci', 'cabal', 'stack',
  'cargo', 'rustc', 'go', 'gcc', 'g++', 'cc', 'make', 'cmake', 'javac', 'jshell', 'swift', 'julia', 'python', 'python3', 'pypy',
  'pypy3', 'node', 'ruby', 'irb', 'php', 'dotnet', 'jupyter', 'start-notebook.sh', 'start-notebook.py', 'sleep', 'tail', 'code-server',
]);

/** Starts of a development server: `npm run dev`, `yarn dev`, `nodemon`, `next dev`, `vite` (a dev target built on purpose). */
const DEV_SERVER_STARTS = /^((\S*\/)?(npm|pnpm|yarn|bun) (run )?(dev|develop|watch|start:dev|serve)\b|(\S*\/)?(nodemon|ts-node-dev)\b|(npx )?(next|nuxt|vite|astro) dev\b)/;

/**
 * Images whose purpose is the toolchain: dev containers, notebook and CI images, ONBUILD bases,
 * final stages named for development, images that start a shell, REPL or build tool. Their
 * compilers are the product; a multi-stage build would remove what they are for.
 */
function toolchainPurpose(model: DockerfileModel, chain: Stage[], ref: ImageRef | undefined, path: string | undefined): boolean {
  const final = model.finalStage;
  if (!final) return false;
  if (final.instructions.some((i) => i.keyword === 'ONBUILD')) return true;
  if (final.alias && DEVELOPMENT_STAGE.test(final.alias)) return true;
  if (ref && ENVIRONMENT_IMAGES.test(`${ref.registry}/${ref.repository}`)) return true;
  if (path && ENVIRONMENT_PATH.test(path.replace(/\\/g, '/'))) return true;
  const argv = imageStart(chain);
  // No start of its own and nothing copied from the build context: a base or build image (gcc's own
  // Dockerfiles), whose users bring the app; an SDK base without a start keeps the SDK's shell.
  if (!argv) {
    return !copiesContext(chain) || (ref !== undefined && sdkImage(ref) !== undefined);
  }
  if (argv.length === 0) return false;
  const program = argv[0].slice(argv[0].lastIndexOf('/') + 1);
  if (DEV_SERVER_STARTS.test(argv.join(' '))) return true;
  if (!TOOL_STARTS.has(program)) return false;
  // `python app.py`, `node server.js`, `dotnet app.dll`, `bash -c "exec ./server"` run an app.
  const rest = argv.slice(1).filter((a) => !/^-[a-zA-Z]$/.test(a) && a !== '--login');
  return rest.length === 0 || program === 'sleep' || (program === 'tail' && rest.includes('/dev/null'));
}

function convertFix(model: DockerfileModel, ecosystem: Ecosystem): Fix[] {
  const conversion = convertToMultiStage(model, ecosystem);
  if (!conversion) return [];
  const repin = conversion.repin ? '; pin the runtime again' : '';
  return [{ title: `Convert to a multi-stage build (runtime on ${conversion.runtimeImage}${repin})`, edits: conversion.edits, safety: 'unsafe' }];
}

/**
 * The one language the final image is built with. A C compiler or a JDK alone says nothing about
 * the artifact; two languages (a Go server with an npm-built frontend) have no single artifact.
 */
function buildEcosystem(signals: ToolchainSignal[], sdk: Ecosystem | undefined, image: string | undefined): Ecosystem | undefined {
  const languages = languagesOf(signals, sdk);
  if (languages.length === 1) return languages[0];
  if (languages.length > 1) return undefined;
  return image ? IMAGE_ECOSYSTEMS[image] : undefined;
}

function languagesOf(signals: ToolchainSignal[], sdk: Ecosystem | undefined): Ecosystem[] {
  return [...new Set([...(sdk ? [sdk] : []), ...signals.map((s) => s.ecosystem)].filter((e) => e !== 'c' && e !== 'generic'))];
}
