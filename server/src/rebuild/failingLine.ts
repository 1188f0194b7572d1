import type { DockerfileFacts, StageFacts } from './dockerfileFacts';

/**
 * Follows build output and remembers which Dockerfile line was being built when it failed.
 * The classic builder numbers steps over the whole file ("Step 3/7 : RUN …", ARGs before FROM
 * count); newer BuildKit prints the source position ("Dockerfile:12", ">>>  12 | RUN …");
 * older BuildKit only names the vertex ("#6 [builder 2/3] RUN …" … "#6 ERROR: …"), numbered
 * within its stage with FROM as 1.
 */
export class FailingLineTracker {
  private classicLine?: number;
  private sourceLine?: number;
  private readonly vertices = new Map<string, number>();
  private erroredVertexLine?: number;

  constructor(
    private readonly facts: DockerfileFacts,
    private readonly dockerfileBaseName: string,
    private readonly finalStage: StageFacts | undefined,
  ) {}

  feed(line: string): void {
    const classic = /^Step (\d+)\/\d+ : /.exec(line);
    if (classic) {
      this.classicLine = this.facts.instructionLines[Number(classic[1]) - 1];
      return;
    }
    const position = /^(.+):(\d+)$/.exec(line.trim());
    if (position && (position[1] === 'Dockerfile' || position[1] === this.dockerfileBaseName)) {
      this.sourceLine = Number(position[2]);
      return;
    }
    const vertex = /^#(\d+) \[(?:(\S+) )?(\d+)\/\d+\] /.exec(line);
    if (vertex) {
      const mapped = this.stageStepLine(vertex[2], Number(vertex[3]));
      if (mapped !== undefined) this.vertices.set(vertex[1], mapped);
      return;
    }
    const failed = /^#(\d+) ERROR\b/.exec(line);
    if (failed && this.erroredVertexLine === undefined) this.erroredVertexLine = this.vertices.get(failed[1]);
  }

  /** The best line known: an explicit source position, else the failing vertex, else the last classic step. */
  get line(): number | undefined {
    return this.sourceLine ?? this.erroredVertexLine ?? this.classicLine;
  }

  private stageStepLine(label: string | undefined, step: number): number | undefined {
    const stage = this.stageByLabel(label);
    if (!stage) return undefined;
    const next = this.facts.stages[stage.index + 1];
    const lines = this.facts.instructionLines.filter((l) => l >= stage.fromLine && (!next || l < next.fromLine));
    return lines[step - 1];
  }

  private stageByLabel(label: string | undefined): StageFacts | undefined {
    if (!label) return this.finalStage;
    const unnamed = /^stage-(\d+)$/.exec(label);
    if (unnamed) return this.facts.stages[Number(unnamed[1])];
    return this.facts.stages.find((s) => s.name === label.toLowerCase());
  }
}
