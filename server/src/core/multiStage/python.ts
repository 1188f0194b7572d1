import { officialName, packageManagerOf, splitTag } from '../baseOs';
import { formatImageRef, type ImageRef } from '../imageRef';
import { minimalAlternatives } from '../minimal';
import { cwdAt, type BuildView } from './buildView';
import { basename, isWithin, resolvePath } from './paths';
import type { BuildPlan } from './plan';
import { alpine, debianLike, startsWork, type Runtime } from './runtime';

const VENV = '/opt/venv';
const PYTHON_PROGRAMS = ['python', 'python3', 'pip', 'pip3'];
/** pip options that install somewhere a virtualenv would not see. */
const ELSEWHERE = /^(--user|--target|-t|--prefix|--root|--system)(=|$)/;
/** Source-only packages that link a system library the slim image lacks (libpq, libmysqlclient…). */
const LINKS_SYSTEM_LIBRARIES = new Set(['psycopg2', 'mysqlclient', 'pygraphviz', 'python-ldap', 'pycurl', 'uwsgi']);

/**
 * Plans a Python build: pip installs into a virtualenv in the builder, and the runtime (the same
 * Python, slim) copies the virtualenv and the app folder. A virtualenv the Dockerfile already makes
 * is reused.
 */
export function planPython(view: BuildView): BuildPlan | undefined {
  const ref = view.baseRef;
  const workdir = view.workdir;
  if (officialName(ref) !== 'python' || !workdir || workdir === '/') return undefined;
  const installs = view.steps.flatMap((step) =>
    step.commands.flatMap((command) => {
      const call = packageManagerOf(command);
      return call?.manager === 'pip' && call.action === 'install' ? [{ step, command, packages: call.packages }] : [];
    }),
  );
  if (installs.length === 0) return undefined;
  if (view.steps.some((s) => s.commands.some((c) => ['poetry', 'pipenv', 'uv', 'pdm', 'conda'].includes(basename(c.argv[0]))))) return undefined;
  if (installs.some(({ command, packages }) => command.argv.some((a) => ELSEWHERE.test(a)) || packages.some((p) => LINKS_SYSTEM_LIBRARIES.has(p.toLowerCase())))) {
    return undefined;
  }
  const existing = existingVenv(view);
  // pip must be the one PATH finds, or the virtualenv would not get the packages.
  if (!existing && installs.some(({ command }) => command.argv[0].includes('/'))) return undefined;
  const first = installs[0].step;
  if (!existing && first.stage !== view.final) return undefined;

  const runtime = pythonRuntime(ref);
  if (!runtime) return undefined;
  const venv = existing ?? VENV;
  const copies = [
    ...(isWithin(venv, workdir) ? [] : [{ source: venv, dest: venv }]),
    { source: workdir, dest: workdir },
  ];
  // Console scripts (gunicorn, uvicorn, celery) live in the virtualenv's bin on PATH.
  const ships = (program: string) => {
    if (!program.includes('/')) return true;
    const path = resolvePath(workdir, program);
    return path !== undefined && copies.some((c) => isWithin(path, c.dest));
  };
  if (!startsWork(view, runtime, ships)) return undefined;
  if (existing) return { runtime, copies };
  const path = `ENV PATH="${VENV}/bin:$PATH"`;
  return {
    runtime,
    copies,
    insertBefore: { instruction: first.instruction, lines: [`RUN python -m venv ${VENV}`, path] },
    runtimeEnv: [path],
  };
}

/** The folder of `python -m venv <dir>` or `virtualenv <dir>`, when the Dockerfile makes one. */
function existingVenv(view: BuildView): string | undefined {
  for (const step of view.steps) {
    for (const command of step.commands) {
      const argv = command.argv;
      const dir = /^python[\d.]*$/.test(basename(argv[0])) && argv[1] === '-m' && argv[2] === 'venv'
        ? argv.slice(3).find((a) => !a.startsWith('-'))
        : basename(argv[0]) === 'virtualenv' ? argv.slice(1).find((a) => !a.startsWith('-')) : undefined;
      if (dir !== undefined) return resolvePath(cwdAt(step, command), dir);
    }
  }
  return undefined;
}

/** The same Python without compilers: `python:3.12` → `python:3.12-slim`; Alpine and slim stay as they are. */
function pythonRuntime(ref: ImageRef): Runtime | undefined {
  const { words } = splitTag(ref.tag);
  const same = formatImageRef(ref, { digest: null });
  if (words.some((w) => w.startsWith('alpine'))) return alpine(same, PYTHON_PROGRAMS);
  if (words.includes('slim')) return debianLike(same, 'debian', PYTHON_PROGRAMS);
  const slim = minimalAlternatives(ref).find((a) => a.kind === 'slim' && !a.unsafe);
  return slim ? debianLike(slim.image, 'debian', PYTHON_PROGRAMS) : undefined;
}
