import type { DockerfileModel, Instruction, Stage } from '../dockerfile';
import type { ImageRef } from '../imageRef';
import { literal } from '../mappedText';
import { splitCommands } from '../shell';
import type { Position, ShellCommand } from '../types';
import { resolvePath } from './paths';
import { envPairs } from '../envPairs';
export { envPairs };

/** One instruction of the final image's stage chain, with the directory its commands start in. */
export interface Step {
  stage: Stage;
  instruction: Instruction;
  /** Absolute WORKDIR when the instruction runs; undefined when a `$VAR` hides it. */
  cwd: string | undefined;
  /** The simple commands of a RUN, in order. */
  commands: ShellCommand[];
}

/** The stages the final image is built from (base first), read as one sequence of steps. */
export interface BuildView {
  model: DockerfileModel;
  /** The stage whose FROM names the base image. */
  base: Stage;
  baseRef: ImageRef;
  /** The last stage: it becomes the builder. */
  final: Stage;
  stages: Stage[];
  steps: Step[];
  /** Effective WORKDIR of the image. */
  workdir: string | undefined;
  /** Environment set by ENV across the chain, last value wins. */
  env: Map<string, string>;
}

// WORKDIRs the official images set, which a Dockerfile without WORKDIR inherits.
const IMAGE_WORKDIRS: Record<string, string> = { golang: '/go', gradle: '/home/gradle' };

/** Reads the chain that ends at the final stage; undefined unless it starts at a registry image. */
export function readBuild(model: DockerfileModel): BuildView | undefined {
  const final = model.finalStage;
  if (!final) return undefined;
  const stages: Stage[] = [final];
  let stage = final;
  while (stage.from.kind === 'stage' && stage.from.stage !== undefined) {
    const parent = model.stages[stage.from.stage];
    if (!parent || stages.includes(parent)) return undefined;
    stages.unshift(parent);
    stage = parent;
  }
  const base = stages[0];
  if (base.from.kind !== 'image' || !base.from.ref) return undefined;
  const baseRef = base.from.ref;
  const name = baseRef.path.slice(baseRef.path.lastIndexOf('/') + 1);
  let cwd: string | undefined = IMAGE_WORKDIRS[name] ?? '/';
  const env = new Map<string, string>();
  const steps: Step[] = [];
  for (const s of stages) {
    for (const instruction of s.instructions) {
      if (instruction.keyword === 'WORKDIR') cwd = resolvePath(cwd, instruction.args.trim());
      if (instruction.keyword === 'ENV') for (const [k, v] of envPairs(instruction.args)) env.set(k, v);
      const commands = instruction.keyword === 'RUN' ? s.commands.filter((c) => within(c.range.start, instruction)) : [];
      steps.push({ stage: s, instruction, cwd, commands });
    }
  }
  return { model, base, baseRef, final, stages, steps, workdir: cwd, env };
}

function within(p: Position, instruction: Instruction): boolean {
  const { start, end } = instruction.range;
  const after = p.line > start.line || (p.line === start.line && p.character >= start.character);
  const before = p.line < end.line || (p.line === end.line && p.character <= end.character);
  return after && before;
}

/** The last instruction of a kind in the chain (CMD, ENTRYPOINT, USER, HEALTHCHECK). */
export function lastOf(view: BuildView, keyword: string): Step | undefined {
  return [...view.steps].reverse().find((s) => s.instruction.keyword === keyword);
}

/** Simple commands the image runs at start and for its health check, as argv lists. */
export function startCommands(view: BuildView): { argv: string[]; shellForm: boolean }[] {
  const entrypoint = lastOf(view, 'ENTRYPOINT');
  const cmd = lastOf(view, 'CMD');
  const healthcheck = lastOf(view, 'HEALTHCHECK');
  const out: { argv: string[]; shellForm: boolean }[] = [];
  const add = (instruction: Instruction, args: string, json: string[] | undefined) => {
    if (json) {
      if (json.length >= 3 && /(^|\/)(ba|a|da)?sh$/.test(json[0]) && json[1] === '-c') {
        out.push({ argv: [json[0]], shellForm: false });
        for (const c of splitCommands(literal(json[2], null), instruction.range)) out.push({ argv: c.argv, shellForm: true });
      } else if (json.length > 0) out.push({ argv: json, shellForm: false });
      return;
    }
    for (const c of splitCommands(literal(args, null), instruction.range)) out.push({ argv: c.argv, shellForm: true });
  };
  // With an ENTRYPOINT, CMD only supplies its arguments.
  const start = entrypoint ?? cmd;
  if (start) add(start.instruction, start.instruction.args, start.instruction.json);
  if (healthcheck) {
    const m = /^((?:\s*--\S+)*)\s*CMD\s+([\s\S]*)$/i.exec(healthcheck.instruction.args);
    if (m) {
      const body = m[2].trim();
      let json: string[] | undefined;
      try {
        const parsed: unknown = body.startsWith('[') ? JSON.parse(body) : undefined;
        if (Array.isArray(parsed) && parsed.every((w) => typeof w === 'string')) json = parsed;
      } catch {
        json = undefined;
      }
      if (json?.[0] === 'CMD-SHELL') add(healthcheck.instruction, json.slice(1).join(' '), undefined);
      else if (json?.[0] === 'CMD') add(healthcheck.instruction, '', json.slice(1));
      else add(healthcheck.instruction, body, undefined);
    }
  }
  return out;
}

/** The directory a command of a RUN starts in, following `cd` commands before it in the same RUN. */
export function cwdAt(step: Step, command: ShellCommand): string | undefined {
  let cwd = step.cwd;
  for (const c of step.commands) {
    if (c === command) break;
    if (c.argv[0] === 'cd') cwd = c.argv[1] === undefined || c.argv[1] === '-' ? undefined : resolvePath(cwd, c.argv[1]);
  }
  return cwd;
}

/** Environment set by ENV before `step`. */
export function envAt(view: BuildView, step: Step): Map<string, string> {
  const env = new Map<string, string>();
  for (const s of view.steps) {
    if (s === step) break;
    if (s.instruction.keyword === 'ENV') for (const [k, v] of envPairs(s.instruction.args)) env.set(k, v);
  }
  return env;
}
