import type { DockerfileModel, Instruction } from '../dockerfile';
import { parseImageRef } from '../imageRef';
import type { TextEdit } from '../types';
import { envPairs, readBuild, startCommands, type BuildView, type Step } from './buildView';
import { planGo } from './go';
import { planJava } from './java';
import { planNode } from './node';
import type { BuildPlan } from './plan';
import { planPython } from './python';
import { runtimePackages, runtimeUser } from './runtime';
import { DocumentLines } from './lines';
import { isWithin } from './paths';

/** Ecosystems whose artifact the conversion knows how to find. */
export type ConvertibleEcosystem = 'go' | 'node' | 'python' | 'java-maven' | 'java-gradle';

const PLANNERS: Record<ConvertibleEcosystem, (view: BuildView) => BuildPlan | undefined> = {
  go: planGo,
  node: planNode,
  python: planPython,
  'java-maven': (view) => planJava(view, 'maven'),
  'java-gradle': (view) => planJava(view, 'gradle'),
};

export interface Conversion {
  /** The base of the new runtime stage, as written in its FROM. */
  runtimeImage: string;
  /** The builder was pinned and the runtime is another tag: its digest must be pinned afresh. */
  repin: boolean;
  /** Where the artifacts come from and go to in the runtime stage. */
  copies: BuildPlan['copies'];
  edits: TextEdit[];
}

/** Instructions that only describe the image at run time: they leave the builder for the runtime stage. */
const MOVED = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK', 'STOPSIGNAL', 'LABEL', 'VOLUME', 'ONBUILD', 'MAINTAINER']);
/** Of these only the last one counts. */
const LAST_WINS = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'STOPSIGNAL', 'USER']);
/** Variables that steer a build and mean nothing to the program. */
const BUILD_ENV = new Set([
  'CGO_ENABLED', 'GOOS', 'GOARCH', 'GOARM', 'GOAMD64', 'GOFLAGS', 'GOPROXY', 'GOPRIVATE', 'GONOSUMDB', 'GOSUMDB',
  'GO111MODULE', 'GOCACHE', 'GOMODCACHE', 'DEBIAN_FRONTEND', 'PIP_NO_CACHE_DIR', 'PIP_DISABLE_PIP_VERSION_CHECK',
  'MAVEN_OPTS', 'MAVEN_CONFIG', 'GRADLE_OPTS', 'NPM_CONFIG_LOGLEVEL',
]);

/**
 * Turns the final stage into a builder (`AS build`) and appends a runtime stage on a minimal base
 * that copies only the artifact and keeps how the image runs (WORKDIR, ENV, USER, EXPOSE, CMD…).
 * Undefined when the artifact, the runtime or what the image starts cannot be told for certain.
 */
export function convertToMultiStage(model: DockerfileModel, ecosystem: string): Conversion | undefined {
  const planner = PLANNERS[ecosystem as ConvertibleEcosystem];
  const view = readBuild(model);
  if (!planner || !view) return undefined;
  const plan = planner(view);
  if (!plan) return undefined;
  const users = runtimeUser(view, plan.runtime);
  const packages = runtimePackages(view, plan.runtime);
  const hasWorkdir = view.steps.some((s) => s.instruction.keyword === 'WORKDIR');
  if (!users || !packages || (hasWorkdir && view.workdir === undefined)) return undefined;

  const doc = new DocumentLines(model.text);
  const lower = doc.slice(view.final.range.start, 4) === 'from';
  const kw = (line: string) => (lower ? line.replace(/^[A-Z]+/, (k) => k.toLowerCase()) : line);
  const finalInstructions = view.final.instructions;
  const moved = movedInstructions(finalInstructions);
  const kept = finalInstructions.filter((i) => !moved.has(i));
  // `FROM build` + CMD alone: once CMD moves the stage is empty, so the runtime copies from `build` itself.
  const parent = view.stages[view.stages.length - 2];
  const dropFinal = kept.length === 0 && parent?.alias !== undefined;
  const alias = dropFinal ? parent.alias! : (view.final.alias ?? freeAlias(model));
  const edits: TextEdit[] = [];

  if (!view.final.alias && !dropFinal) {
    const at = view.final.from.writtenRange.end;
    edits.push({ range: { start: at, end: at }, newText: lower ? ` as ${alias}` : ` AS ${alias}` });
  }
  if (plan.insertBefore) {
    const line = doc.blockStart(plan.insertBefore.instruction.range.start.line, view.final.range.start.line);
    edits.push(doc.insertLinesAt(line, plan.insertBefore.lines.map(kw)));
  }

  const tailFrom = dropFinal ? doc.lastContentLineBefore(view.final.range.start.line) : (kept[kept.length - 1]?.range ?? view.final.range).end.line;
  for (const instruction of finalInstructions.filter((i) => moved.has(i) && i.range.start.line <= tailFrom)) {
    edits.push(doc.deleteLines(doc.blockStart(instruction.range.start.line, view.final.range.start.line), instruction.range.end.line));
  }

  const headComments = dropFinal ? doc.commentLines(tailFrom + 1, view.final.range.start.line) : [];
  const runtimeImage = runtimeFrom(view, plan.runtime.image);
  const runtimeLines: string[] = [...headComments, kw(`FROM ${runtimeImage}`)];
  const shipped = runtimeSteps(view);
  runtimeLines.push(...argsUsedBy(view, shipped).map((s) => doc.textOf(s.instruction)));
  // The working directory matters to the runtime only if something lands in it or the CMD names a path relative to it.
  const relativeStart = startCommands(view).some((c) => c.argv.some((a) => /^\.\.?\//.test(a)));
  const used = relativeStart || plan.copies.some((c) => isWithin(c.dest, view.workdir ?? '/'));
  // Users first: useradd makes their home directory, which WORKDIR would otherwise create as root.
  runtimeLines.push(...users.map((i) => doc.textOf(i)), ...packages.map(kw));
  if (view.workdir && view.workdir !== '/' && used) runtimeLines.push(kw(`WORKDIR ${view.workdir}`));
  const owner = chownOf(view);
  runtimeLines.push(
    ...plan.copies.map((c) => {
      const chown = owner && view.workdir && isWithin(c.dest, view.workdir) ? ` --chown=${owner}` : '';
      return kw(`COPY --from=${alias}${chown} ${c.source} ${c.dest}`);
    }),
  );
  runtimeLines.push(...(plan.runtimeEnv ?? []).map(kw));
  let commentFrom = dropFinal ? view.final.from.range.end.line + 1 : tailFrom + 1;
  for (const step of shipped) {
    const { instruction } = step;
    const inTail = step.stage === view.final && instruction.range.start.line > tailFrom;
    // Comments travel with what they describe; in the tail every comment goes, since the tail is replaced.
    const from = inTail ? commentFrom : moved.has(instruction) ? doc.blockStart(instruction.range.start.line, view.final.range.start.line) : instruction.range.start.line;
    runtimeLines.push(...doc.commentLines(from, instruction.range.start.line), doc.textOf(instruction));
    if (inTail) commentFrom = instruction.range.end.line + 1;
  }
  runtimeLines.push(...doc.commentLines(commentFrom, doc.lineCount));

  const builderTail = (plan.appendToBuilder ?? []).map((l) => doc.eol + kw(l)).join('');
  const tailStart = { line: tailFrom, character: doc.lineLength(tailFrom) };
  edits.push({
    range: { start: tailStart, end: doc.end },
    newText: `${builderTail}${doc.eol}${doc.eol}${runtimeLines.join(doc.eol)}${doc.endsWithNewline ? doc.eol : ''}`,
  });
  const repin = view.baseRef.digest !== undefined && !runtimeImage.includes('@');
  return { runtimeImage, copies: plan.copies, edits, repin };
}

/**
 * The runtime FROM as the user wrote the builder's: a runtime of the same repository keeps the
 * written name (an overridable `${BASE_PREFIX}python`, a mirror) and a tag built from variables
 * keeps them (`${PY}` → `${PY}-slim`); the same tag keeps its digest pin. Other images as planned.
 */
function runtimeFrom(view: BuildView, image: string): string {
  const base = view.baseRef;
  const runtime = parseImageRef(image);
  if (!runtime || runtime.registry !== base.registry || runtime.repository !== base.repository) return image;
  const written = view.base.from.written;
  const at = written.indexOf('@');
  const undigested = at >= 0 ? written.slice(0, at) : written;
  const colon = undigested.lastIndexOf(':');
  const tagged = colon > undigested.lastIndexOf('/');
  const name = tagged ? undigested.slice(0, colon) : undigested;
  const writtenTag = tagged ? undigested.slice(colon + 1) : undefined;
  if (runtime.tag === base.tag) return at >= 0 ? written : undigested;
  let tag = runtime.tag;
  if (tag && base.tag && writtenTag && writtenTag !== base.tag && tag.startsWith(base.tag)) tag = writtenTag + tag.slice(base.tag.length);
  return tag ? `${name}:${tag}` : name;
}

/**
 * Instructions of the final stage that leave the builder: those that only describe the image, and
 * USER or ENV lines no later build step reads.
 */
function movedInstructions(instructions: Instruction[]): Set<Instruction> {
  const moved = new Set<Instruction>();
  let buildStepsAfter = false;
  for (const instruction of [...instructions].reverse()) {
    const { keyword } = instruction;
    if (MOVED.has(keyword) || (!buildStepsAfter && (keyword === 'USER' || keyword === 'ENV'))) moved.add(instruction);
    if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') buildStepsAfter = true;
  }
  return moved;
}

/** The instructions of the chain the runtime stage repeats, in document order. */
function runtimeSteps(view: BuildView): Step[] {
  return view.steps.filter((step, index) => {
    const { keyword, args } = step.instruction;
    if (LAST_WINS.has(keyword) && view.steps.slice(index + 1).some((s) => s.instruction.keyword === keyword)) return false;
    if (keyword === 'ENV') return envPairs(args).some(([k]) => !BUILD_ENV.has(k));
    return MOVED.has(keyword) || keyword === 'USER';
  });
}

/** ARG lines whose variables the repeated instructions use: an ARG is scoped to its stage. */
function argsUsedBy(view: BuildView, steps: Step[]): Step[] {
  const text = steps.map((s) => s.instruction.args).join('\n');
  return view.steps.filter((s) => {
    if (s.instruction.keyword !== 'ARG') return false;
    const name = s.instruction.args.trim().split('=')[0];
    return new RegExp(`\\$\\{?${name}\\b`).test(text);
  });
}

/** The owner the app files were given (`COPY --chown=app . .`), which the runtime's copy of the app keeps. */
function chownOf(view: BuildView): string | undefined {
  const copies = view.steps.filter((s) => s.instruction.keyword === 'COPY' || s.instruction.keyword === 'ADD');
  const owners = copies.map((s) => /(?:^|\s)--chown=(\S+)/.exec(s.instruction.args)?.[1]).filter((o): o is string => o !== undefined);
  return owners[owners.length - 1];
}

function freeAlias(model: DockerfileModel): string {
  const taken = new Set(model.stages.map((s) => s.alias));
  return ['build', 'builder', 'build-stage'].find((a) => !taken.has(a)) ?? `build-${model.stages.length}`;
}
