import type { DockerfileModel, FromImage, Stage } from '../dockerfile';
import type { ImageRef } from '../imageRef';
import type { Fix } from '../types';

export interface ImageFrom {
  /** The stage the reference is in (for the syntax directive, the first). */
  stage: Stage;
  from: FromImage;
  ref: ImageRef;
  /** Index in `model.references` when this is not a stage's base: COPY --from, a mount, the syntax directive. */
  reference?: number;
}

/** FROMs that name a registry image: not scratch, not an earlier stage, not an unresolvable `$VAR`. */
export function imageFroms(model: DockerfileModel): ImageFrom[] {
  return model.stages
    .filter((stage) => stage.from.kind === 'image' && stage.from.ref)
    .map((stage) => ({ stage, from: stage.from, ref: stage.from.ref! }));
}

/**
 * Every image the build pulls: each FROM image, then COPY --from images, RUN --mount sources and
 * the syntax directive. The mutable-reference and registry rules judge all of them; the rules about
 * what an image is built on (end of life, minimal base, package manager) judge only the FROMs.
 */
export function imageReferences(model: DockerfileModel): ImageFrom[] {
  const first = model.stages[0];
  const others = first
    ? model.references.flatMap((r, reference) => (r.from.ref ? [{ stage: model.stages[r.stage ?? 0] ?? first, from: r.from, ref: r.from.ref, reference }] : []))
    : [];
  return [...imageFroms(model), ...others];
}

/** The stage whose FROM names the image `stage` really runs on, following `FROM <earlier stage>` chains. */
export function rootStage(model: DockerfileModel, stage: Stage | undefined): Stage | undefined {
  let current = stage;
  for (let hops = 0; current && current.from.kind === 'stage' && current.from.stage !== undefined; hops++) {
    if (hops >= model.stages.length) return undefined;
    current = model.stages[current.from.stage];
  }
  return current;
}

/** The stage the final image is built from. */
export function finalImageStage(model: DockerfileModel): Stage | undefined {
  return rootStage(model, model.finalStage);
}


/** **Pin digest**: keeps the tag and adds the digest the registry serves, resolved by the caller. */
export function pinFix({ stage, ref, reference }: ImageFrom, preferred: boolean): Fix {
  return { title: `Pin digest of ${ref.raw}`, edits: [], safety: 'safe', preferred, registry: { action: 'pin', stage: stage.index, reference, pin: true } };
}
