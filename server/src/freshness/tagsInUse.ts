import { parseDockerfile } from '../core/dockerfile';
import { formatImageRef } from '../core/imageRef';
import { queryFor, type FactQuery } from '../core/registryQueries';

export interface DockerfileText {
  uri: string;
  text: string;
}

/** One file's use of a tag, with the digest it pins, if any. */
export interface TagUse {
  uri: string;
  pinned?: string;
}

/** A tag used by one or more files: what to ask the registry and who uses it. */
export interface TagInUse {
  /** `registry/repository:tag|platform`, the key of the freshness state. */
  key: string;
  /** As written by the first file, without digest: `node:20-alpine`. */
  shown: string;
  query: FactQuery;
  uses: TagUse[];
}

/** The tags the files' FROM lines name (after ARG defaults), grouped by tag and platform. */
export function tagsInUse(files: DockerfileText[]): TagInUse[] {
  const byKey = new Map<string, TagInUse>();
  for (const file of files) {
    const model = parseDockerfile(file.text);
    for (const stage of model.stages) {
      const ref = stage.from.kind === 'image' ? stage.from.ref : undefined;
      const query = ref && queryFor(ref, stage.from.platform);
      if (!ref || !query) continue;
      const key = `${query.registry}/${query.repository}:${query.tag}|${(query.platform ?? '').toLowerCase()}`;
      let entry = byKey.get(key);
      if (!entry) {
        entry = { key, shown: formatImageRef(ref, { digest: null }), query, uses: [] };
        byKey.set(key, entry);
      }
      if (!entry.uses.some((u) => u.uri === file.uri && u.pinned === ref.digest)) entry.uses.push({ uri: file.uri, pinned: ref.digest });
    }
  }
  return [...byKey.values()];
}
