import { majorOf, officialName, packageManagerOf, splitTag } from '../baseOs';
import { formatImageRef, type ImageRef } from '../imageRef';
import { minimalAlternatives } from '../minimal';
import { cwdAt, envAt, startCommands, type BuildView } from './buildView';
import { basename, isWithin, resolvePath } from './paths';
import type { ArtifactCopy, BuildPlan } from './plan';
import { alpine, debianLike, startsWork, type Runtime } from './runtime';

const NODE_PROGRAMS = ['node', 'npm', 'npx', 'yarn', 'yarnpkg', 'corepack'];
/** Folders a build script conventionally writes the server to. */
const OUTPUT_DIRS = ['dist', 'build'];

/**
 * Plans a Node.js build: the builder installs everything, builds, then prunes dev dependencies; the
 * runtime is the same Node version on the same libc (native addons were compiled for it).
 */
export function planNode(view: BuildView): BuildPlan | undefined {
  const ref = view.baseRef;
  const workdir = view.workdir;
  if (officialName(ref) !== 'node' || !workdir || workdir === '/') return undefined;
  const installs = view.steps.flatMap((step) =>
    step.commands.flatMap((command) => {
      const call = packageManagerOf(command);
      const project = call?.kind === 'language' && call.manager !== 'pip' && call.manager !== 'gem' && call.action === 'install';
      return project && call.packages.length === 0 && !command.argv.some((a) => a === '-g' || a === '--global')
        ? [{ manager: call.manager, step, command, cwd: cwdAt(step, command) }]
        : [];
    }),
  );
  const managers = new Set(installs.map((i) => i.manager));
  if (installs.length === 0 || managers.size > 1 || installs.some((i) => i.cwd !== workdir)) return undefined;
  const install = installs[installs.length - 1];
  const prune = pruneLine(install.manager, install.command.argv, ref);
  if (prune === null) return undefined;
  const alreadyProduction = envAt(view, install.step).get('NODE_ENV') === 'production' || install.command.argv.some((a) => /^--(omit=dev|production|prod|only=prod(uction)?)$/.test(a));

  const runtime = nodeRuntime(ref);
  if (!runtime) return undefined;
  const copies = nodeCopies(view, workdir);
  const ships = (program: string) => {
    const path = program.includes('/') ? resolvePath(workdir, program) : undefined;
    return path !== undefined && copies.some((c) => isWithin(path, c.dest));
  };
  if (!startsWork(view, runtime, ships)) return undefined;
  return { runtime, copies, appendToBuilder: alreadyProduction || !prune ? [] : [prune] };
}

/** The command that drops dev dependencies from node_modules; null when the manager's syntax is unknown. */
function pruneLine(manager: string, argv: string[], ref: ImageRef): string | null {
  if (manager === 'npm') {
    const major = majorOf(splitTag(ref.tag).version);
    // npm before 7 (Node 14 and older) spells it --production.
    return major !== undefined && major < 16 ? 'RUN npm prune --production' : 'RUN npm prune --omit=dev';
  }
  // Yarn 1 ships in the node images; Berry (--immutable) has no --production.
  if (manager === 'yarn') return argv.includes('--immutable') ? null : 'RUN yarn install --production --frozen-lockfile';
  if (manager === 'pnpm') return 'RUN pnpm prune --prod';
  return null;
}

/** The same Node version without compilers: `node:22` → `node:22-slim`, Alpine stays Alpine (musl addons). */
function nodeRuntime(ref: ImageRef): Runtime | undefined {
  const { words } = splitTag(ref.tag);
  const same = formatImageRef(ref, { digest: null });
  if (words.some((w) => w.startsWith('alpine'))) return alpine(same, NODE_PROGRAMS, ['node']);
  if (words.includes('slim')) return debianLike(same, 'debian', NODE_PROGRAMS, ['node']);
  const slim = minimalAlternatives(ref).find((a) => a.kind === 'slim' && !a.unsafe);
  return slim ? debianLike(slim.image, 'debian', NODE_PROGRAMS, ['node']) : undefined;
}

/**
 * `node dist/server.js` after a build needs only the build output, package.json and the pruned
 * node_modules; anything else (`npm start`, a script in the sources) gets the whole app folder.
 */
function nodeCopies(view: BuildView, workdir: string): ArtifactCopy[] {
  const built = view.steps.some((s) => s.commands.some((c) => isBuildScript(c.argv)));
  const start = startCommands(view)[0]?.argv ?? [];
  const script = basename(start[0] ?? '') === 'node' ? start.slice(1).find((a) => !a.startsWith('-')) : undefined;
  const path = script !== undefined ? resolvePath(workdir, script) : undefined;
  const top = path && isWithin(path, workdir) ? path.slice(workdir.length + 1).split('/')[0] : undefined;
  const whole = [{ source: workdir, dest: workdir }];
  if (!built || !top || !OUTPUT_DIRS.includes(top) || path === `${workdir}/${top}`) return whole;
  return ['package.json', 'node_modules', top].map((name) => ({ source: `${workdir}/${name}`, dest: `${workdir}/${name}` }));
}

function isBuildScript(argv: string[]): boolean {
  const [program, verb, script] = argv.map((a) => basename(a));
  if (program === 'npm' || program === 'pnpm') return (verb === 'run' || verb === 'run-script') && script === 'build' || (program === 'pnpm' && verb === 'build');
  if (program === 'yarn') return verb === 'build' || (verb === 'run' && script === 'build');
  return false;
}
