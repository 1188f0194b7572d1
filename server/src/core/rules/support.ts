import type { DockerfileModel, FromImage, Stage } from '../dockerfile';
import type { ImageRef } from '../imageRef';

export interface ImageFrom {
  stage: Stage;
  from: FromImage;
  ref: ImageRef;
}

/** FROMs that name a registry image: not scratch, not an earlier stage, not an unresolvable `$VAR`. */
export function imageFroms(model: DockerfileModel): ImageFrom[] {
  return model.stages
    .filter((stage) => stage.from.kind === 'image' && stage.from.ref)
    .map((stage) => ({ stage, from: stage.from, ref: stage.from.ref! }));
}

/** The stage the final image is built from, following `FROM <earlier stage>` chains. */
export function finalImageStage(model: DockerfileModel): Stage | undefined {
  let stage = model.finalStage;
  const seen = new Set<number>();
  while (stage && stage.from.kind === 'stage' && stage.from.stage !== undefined && !seen.has(stage.index)) {
    seen.add(stage.index);
    stage = model.stages[stage.from.stage];
  }
  return stage;
}

/** "node:20" rather than "docker.io/library/node:20": as the user wrote it, after ARG substitution. */
export function shown(ref: ImageRef): string {
  return ref.raw;
}
