import type { DockerfileModel } from './dockerfile';
import type { ImageRef } from './imageRef';

/** A reference the registry rules need facts about: the tag (not the pin), on the FROM's platform. */
export interface FactQuery {
  registry: string;
  repository: string;
  tag: string;
  platform?: string;
}

/**
 * What to ask the registry for a file. Rules compare a pin with where its tag points now, so the
 * query is always the tag; a digest-only reference names no tag and needs no query.
 */
export function factQueries(model: DockerfileModel): FactQuery[] {
  const queries: FactQuery[] = [];
  for (const stage of model.stages) {
    const ref = stage.from.kind === 'image' ? stage.from.ref : undefined;
    const query = ref && queryFor(ref, stage.from.platform);
    if (query) queries.push(query);
  }
  for (const { from } of model.references) {
    const query = from.ref && queryFor(from.ref);
    if (query) queries.push(query);
  }
  return queries;
}

export function queryFor(ref: ImageRef, platform?: string): FactQuery | undefined {
  if (ref.tag === undefined && ref.digest !== undefined) return undefined;
  return { registry: ref.registry, repository: ref.repository, tag: ref.tag ?? 'latest', platform };
}
