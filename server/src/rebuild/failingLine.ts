import type { DockerfileFacts, StageFacts } from './dockerfileFacts';

/** Instructions BuildKit makes a vertex of, and so counts in `[stage k/m]`: the rest only change the image config. */
const BUILDKIT_STEPS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

/**
 * Follows build output and remembers which Dockerfile line was being built when it failed, in each
 * builder's own numbering:
 * - the classic builder: "Step 3/7 : RUN …", numbered over the whole file (ARGs before FROM count);
 * - BuildKit with buildx: the source position ("Dockerfile:12", ">>>  12 | RUN …");
 * - older BuildKit: the vertex that reported ERROR ("#6 [builder 2/3] RUN …"), numbered within its
 *   stage over the steps that make a vertex: FROM an image (not FROM another stage or scratch),
 *   RUN, COPY, ADD and WORKDIR;
 * - Podman: "[2/3] STEP 4/5: RUN …" (or "STEP 4/5:" for one stage), numbered within the stage over
 *   every instruction with FROM as 1; steps run one at a time, so the last one seen failed.
 */
export class FailingLineTracker {
  private classicLine?: number;
  private sourceLine?: number;
  private podmanLine?: number;
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
    const podman = /^(?:\[(\d+)\/\d+\] )?STEP (\d+)\/\d+: /.exec(line);
    if (podman) {
      const stage = podman[1] ? this.facts.stages[Number(podman[1]) - 1] : (this.finalStage ?? this.facts.stages[0]);
      if (stage) this.podmanLine = this.stageInstructions(stage)[Number(podman[2]) - 1]?.line;
      return;
    }
    const position = /^(.+):(\d+)$/.exec(line.trim());
    if (position && (position[1] === 'Dockerfile' || position[1] === this.dockerfileBaseName)) {
      this.sourceLine = Number(position[2]);
      return;
    }
    const vertex = /^#(\d+) \[(?:(\S+) )?(\d+)\/\d+\] /.exec(line);
    if (vertex) {
      const mapped = this.buildkitStepLine(vertex[2], Number(vertex[3]));
      if (mapped !== undefined) this.vertices.set(vertex[1], mapped);
      return;
    }
    const failed = /^#(\d+) ERROR\b/.exec(line);
    if (failed && this.erroredVertexLine === undefined) this.erroredVertexLine = this.vertices.get(failed[1]);
  }

  /** The best line known: an explicit source position, else the failing vertex or step, else the last classic step. */
  get line(): number | undefined {
    return this.sourceLine ?? this.erroredVertexLine ?? this.podmanLine ?? this.classicLine;
  }

  private stageInstructions(stage: StageFacts): Array<{ line: number; keyword: string }> {
    const next = this.facts.stages[stage.index + 1];
    return this.facts.instructionLines
      .map((line, i) => ({ line, keyword: this.facts.keywords[i] }))
      .filter(({ line }) => line >= stage.fromLine && (!next || line < next.fromLine));
  }

  private buildkitStepLine(label: string | undefined, step: number): number | undefined {
    const stage = this.stageByLabel(label);
    if (!stage) return undefined;
    const fromImage = !this.facts.stages.some((s) => s.index < stage.index && s.name !== undefined && s.name === stage.image.toLowerCase()) && stage.image.toLowerCase() !== 'scratch';
    const steps = this.stageInstructions(stage).filter(({ keyword }, i) => (i === 0 ? fromImage : BUILDKIT_STEPS.has(keyword)));
    return steps[step - 1]?.line;
  }

  private stageByLabel(label: string | undefined): StageFacts | undefined {
    if (!label) return this.finalStage;
    const unnamed = /^stage-(\d+)$/.exec(label);
    if (unnamed) return this.facts.stages[Number(unnamed[1])];
    return this.facts.stages.find((s) => s.name === label.toLowerCase());
  }
}
