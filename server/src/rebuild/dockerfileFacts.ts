import { DockerfileParser } from 'dockerfile-ast';

/** One build stage as the rebuild needs it. Lines are 1-based. */
export interface StageFacts {
  index: number;
  /** Lower-cased `AS` name; Docker matches stage names case-insensitively. */
  name?: string;
  fromLine: number;
  /** The FROM image as written (may hold `$ARG`s or an earlier stage's name). */
  image: string;
  /** The last HEALTHCHECK of the stage: `cmd` (a check), `none` (HEALTHCHECK NONE) or absent. */
  healthcheck?: 'cmd' | 'none';
}

/** What the rebuild reads from a Dockerfile: stages and the line of every instruction. */
export interface DockerfileFacts {
  /** 1-based start line of every instruction in order, ARGs before the first FROM included. */
  instructionLines: number[];
  /** Upper-case keyword of each of those instructions. */
  keywords: string[];
  stages: StageFacts[];
  /** Defaults of the ARGs declared before the first FROM. */
  globalArgs: Record<string, string | undefined>;
}

export function readDockerfileFacts(text: string): DockerfileFacts {
  const dockerfile = DockerfileParser.parse(text);
  const instructionLines: number[] = [];
  const keywords: string[] = [];
  const stages: StageFacts[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const line = instruction.getRange().start.line + 1;
    instructionLines.push(line);
    const keyword = instruction.getKeyword().toUpperCase();
    keywords.push(keyword);
    if (keyword === 'FROM') {
      const from = dockerfile.getFROMs().find((f) => f.getRange().start.line + 1 === line);
      stages.push({
        index: stages.length,
        name: from?.getBuildStage()?.toLowerCase() ?? undefined,
        fromLine: line,
        image: from?.getImage() ?? '',
      });
    } else if (keyword === 'HEALTHCHECK' && stages.length > 0) {
      const args = instruction.getArguments().map((a) => a.getValue().toUpperCase());
      stages[stages.length - 1].healthcheck = args.includes('NONE') && !args.includes('CMD') ? 'none' : 'cmd';
    }
  }
  const globalArgs: Record<string, string | undefined> = {};
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property) globalArgs[property.getName()] = property.getValue() ?? undefined;
  }
  return { instructionLines, keywords, stages, globalArgs };
}

/** The stage that gets built: the target's, or the last one. */
export function finalStage(facts: DockerfileFacts, target?: string): StageFacts | undefined {
  if (target) return facts.stages.find((s) => s.name === target.toLowerCase());
  return facts.stages[facts.stages.length - 1];
}

export function hasStage(facts: DockerfileFacts, name: string): boolean {
  return facts.stages.some((s) => s.name === name.toLowerCase());
}

function parentStage(facts: DockerfileFacts, stage: StageFacts): StageFacts | undefined {
  const image = stage.image.toLowerCase();
  return facts.stages.find((s) => s.index < stage.index && s.name === image);
}

/** Whether the stage (or an earlier stage it is built FROM) declares a HEALTHCHECK that is not NONE. */
export function hasHealthcheck(facts: DockerfileFacts, stage: StageFacts): boolean {
  for (let s: StageFacts | undefined = stage; s; s = parentStage(facts, s)) {
    if (s.healthcheck) return s.healthcheck === 'cmd';
  }
  return false;
}

function substituteArgs(image: string, values: Record<string, string | undefined>): string {
  return image.replace(/\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)/g, (_m, braced: string, fallback: string | undefined, bare: string) => {
    const value = values[braced ?? bare];
    return value !== undefined && value !== '' ? value : (fallback ?? '');
  });
}

/** The external image the stage starts from, through earlier stage names, with build args applied. */
export function baseImageOf(facts: DockerfileFacts, stage: StageFacts, buildArgs: Record<string, string> = {}): string | undefined {
  let s = stage;
  for (let parent = parentStage(facts, s); parent; parent = parentStage(facts, s)) s = parent;
  const image = substituteArgs(s.image, { ...facts.globalArgs, ...buildArgs });
  return image || undefined;
}

/** The stage a 1-based line belongs to. */
export function stageAtLine(facts: DockerfileFacts, line: number): StageFacts | undefined {
  let found: StageFacts | undefined;
  for (const stage of facts.stages) if (stage.fromLine <= line) found = stage;
  return found;
}
