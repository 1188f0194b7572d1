import type { RawFinding, RuleMeta } from '../types';
import { queryFor } from '../registryQueries';
import type { RuleContext } from './rule';
import { imageReferences } from './support';

export const meta: RuleMeta = {
  code: 'DPH100',
  name: 'registry-unavailable',
  defaultSeverity: 'info',
  description: 'The registry could not be asked (offline, timeout, rate limit, credentials): registry rules are skipped, never guessed.',
  needsRegistry: true,
  readsFacts: true,
};

export function check({ model, facts }: RuleContext): RawFinding[] {
  if (!facts) return [];
  const reported = new Set<string>();
  const found: RawFinding[] = [];
  for (const { from, ref } of imageReferences(model)) {
    const query = queryFor(ref, from.platform);
    const problem = query && facts.image(query, query.platform)?.problem;
    if (!problem || reported.has(problem.registry)) continue;
    reported.add(problem.registry);
    found.push({
      message: `${problem.message} Registry checks (stale tags and digests, unknown images) are skipped for ${problem.registry}.`,
      range: from.writtenRange,
      subject: from.range,
    });
  }
  return found;
}
