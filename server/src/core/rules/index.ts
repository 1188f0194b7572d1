import type { Rule } from './rule';
import * as untaggedImage from './untaggedImage';
import * as latestTag from './latestTag';
import * as unpinnedDigest from './unpinnedDigest';

/** Every rule, in the order findings of one line are reported. */
export const rules: Rule[] = [untaggedImage, latestTag, unpinnedDigest];

export function ruleByName(name: string): Rule | undefined {
  return rules.find((r) => r.meta.name === name || r.meta.code === name);
}
