import { queryFor } from '../registryQueries';
import type { ImageFacts, RegistryFacts } from '../types';
import type { ImageFrom } from './support';

/** The facts of a FROM's tag, or undefined when unknown or when the registry failed (rules then stay silent). */
export function answeredFacts(facts: RegistryFacts | undefined, { from, ref }: ImageFrom): ImageFacts | undefined {
  const query = queryFor(ref, from.platform);
  if (!facts || !query) return undefined;
  const answer = facts.image(query, query.platform);
  return answer && !answer.problem ? answer : undefined;
}

/** "3 days ago", for messages about when a tag moved. */
export function age(iso: string | undefined, now: Date): string | undefined {
  if (!iso) return undefined;
  const ms = now.getTime() - Date.parse(iso);
  if (!Number.isFinite(ms)) return undefined;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 0) return 'just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.round(hours / 24);
  return `${days} days ago`;
}

/** `sha256:ab12cd34ef56…`: enough to recognise a digest in a message. */
export function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return `${algorithm}:${(hex ?? '').slice(0, 12)}…`;
}
