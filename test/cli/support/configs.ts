import { rules } from '../../../server/src/core/rules';
import type { SeveritySetting } from '../../../server/src/core/types';

/**
 * A `.dockerfile-hygiene.json` that turns every rule off except those given, so a test's expected
 * report does not change when another rule is added to the product.
 */
export function onlyRules(enabled: Record<string, SeveritySetting>, extra: Record<string, unknown> = {}): string {
  const settings: Record<string, SeveritySetting> = {};
  for (const rule of rules) settings[rule.meta.name] = enabled[rule.meta.name] ?? 'off';
  return JSON.stringify({ rules: settings, ...extra }, null, 2);
}
