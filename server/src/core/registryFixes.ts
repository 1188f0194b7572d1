import { refEdit, type DockerfileModel, type FromImage } from './dockerfile';
import { formatImageRef, parseImageRef } from './imageRef';
import type { RegistryFixRequest, TextEdit } from './types';

/** The image reference a registry fix edits: a stage's FROM, or one of `model.references`. */
export function requestedFrom(model: DockerfileModel, request: Pick<RegistryFixRequest, 'stage' | 'reference'>): FromImage | undefined {
  return request.reference !== undefined ? model.references[request.reference]?.from : model.stages[request.stage]?.from;
}

/** The reference a registry fix needs a digest for (after the tag change, if any). */
export function registryFixTarget(model: DockerfileModel, request: RegistryFixRequest) {
  const from = requestedFrom(model, request);
  const ref = from?.ref;
  if (!from || !ref) return undefined;
  const image = request.image !== undefined ? parseImageRef(request.image) : undefined;
  if (request.image !== undefined) return image && { registry: image.registry, repository: image.repository, tag: image.tag ?? 'latest', platform: from.platform };
  const tag = request.tag ?? ref.tag ?? 'latest';
  return { registry: ref.registry, repository: ref.repository, tag, platform: from.platform };
}

/**
 * The edit for a registry fix once the digest is known. Only the image reference (or the ARG
 * default it came from) changes; undefined when those characters are not written in one place.
 */
export function registryFixEdits(model: DockerfileModel, request: RegistryFixRequest, digest: string | undefined): TextEdit[] | undefined {
  const from = requestedFrom(model, request);
  const ref = from?.ref;
  if (!from || !ref) return undefined;
  if (request.image !== undefined) {
    if (!digest) return undefined;
    const edit = refEdit(from, 0, ref.raw.length, `${request.image}@${digest}`);
    return edit ? [edit] : undefined;
  }
  const newTag = request.tag ?? ref.tag;
  const newText = formatImageRef(ref, { tag: newTag ?? null, digest: request.pin ? digest ?? null : null });
  const edit = refEdit(from, 0, ref.raw.length, newText);
  return edit ? [edit] : undefined;
}
