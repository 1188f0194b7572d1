import type { ImageFacts } from '../core/types';
import type { RegistryClient } from '../registry';
import type { MovedTag } from './protocol';
import type { FreshnessState } from './state';
import { tagsInUse, type DockerfileText, type TagInUse } from './tagsInUse';

export interface FreshnessCheck {
  moved: MovedTag[];
  /** The state to remember: digests seen now, moves notified now. Unanswered tags keep their old memory. */
  state: FreshnessState;
}

/**
 * Which tags in use moved since they were last seen, or are ahead of a digest a file pins, and
 * were not already reported at that digest. A tag the registry did not answer for is skipped,
 * never reported: an unreachable registry must not look like a re-push.
 */
export async function checkFreshness(
  files: DockerfileText[],
  clientFor: (uri: string) => RegistryClient | Promise<RegistryClient>,
  previous: FreshnessState,
  now: Date = new Date(),
): Promise<FreshnessCheck> {
  const tags = { ...previous.tags };
  const answers = await Promise.all(tagsInUse(files).map(async (tag) => ({ tag, facts: await lookup(tag, clientFor) })));
  const moved: MovedTag[] = [];
  for (const { tag, facts } of answers) {
    const digest = facts?.digest;
    if (!digest || facts.problem || facts.notFound) continue;
    const memory = tags[tag.key];
    const movedSinceSeen = memory !== undefined && memory.digest !== digest;
    const behind = tag.uses.filter((u) => u.pinned !== undefined && u.pinned !== digest);
    const affected = movedSinceSeen ? tag.uses.filter((u) => u.pinned !== digest) : behind;
    const alreadyTold = memory?.notifiedDigest === digest;
    tags[tag.key] = { digest, checkedAt: now.toISOString(), notifiedDigest: memory?.notifiedDigest };
    if (affected.length === 0 || alreadyTold) continue;
    tags[tag.key].notifiedDigest = digest;
    moved.push({
      ref: tag.shown,
      digest,
      previousDigest: movedSinceSeen ? memory.digest : behind[0]?.pinned,
      pushedAt: facts.created,
      uris: unique(affected.map((u) => u.uri)),
      pinnedUris: unique(affected.filter((u) => u.pinned !== undefined).map((u) => u.uri)),
    });
  }
  return { moved, state: { tags } };
}

/** The tag's facts from the client of the first file using it (clients differ by per-folder settings). */
async function lookup(tag: TagInUse, clientFor: (uri: string) => RegistryClient | Promise<RegistryClient>): Promise<ImageFacts | undefined> {
  try {
    const client = await clientFor(tag.uses[0].uri);
    const { registry, repository, tag: name, platform } = tag.query;
    return await client.imageFacts({ registry, repository, tag: name }, { platform });
  } catch {
    return undefined;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
