import yaml from 'js-yaml';
import { rules } from '../core/rules';
import type { SeveritySetting } from '../core/types';
import { ConfigError } from './configError';
import type { HygieneConfig } from './types';

/** The files hadolint reads its configuration from, looked for beside ours. */
export const HADOLINT_FILE_NAMES = ['.hadolint.yaml', '.hadolint.yml'];

/** hadolint's severities, as ours. */
const SEVERITY: Record<string, SeveritySetting> = { error: 'error', warning: 'warning', info: 'info', style: 'hint' };

/**
 * The part of a `.hadolint.yaml` that means something here, so a team that has one gets the same
 * policy without writing it twice: `trustedRegistries` is our `allowedRegistries`; `ignored` and
 * `override` set the severity of the rules that share a hadolint code (DL3006 untagged-image,
 * DL3007 latest-tag, DL3026 allowed-registries). Everything else in it is hadolint's own business.
 */
export function parseHadolintConfig(text: string, file: string): Partial<HygieneConfig> {
  let doc: unknown;
  try {
    // JSON_SCHEMA: plain data only, no YAML tags that build objects.
    doc = yaml.load(text, { schema: yaml.JSON_SCHEMA, filename: file });
  } catch (err) {
    throw new ConfigError(`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`, file);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`${file}: a hadolint configuration is a YAML mapping (ignored:, trustedRegistries:, override:).`, file);
  const top = doc as Record<string, unknown>;
  const out: Partial<HygieneConfig> = {};
  const codes = (key: string, value: unknown): string[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new ConfigError(`${file}: "${key}" must be a list of rule codes like [DL3007].`, file, key);
    return value as string[];
  };
  const severities: Record<string, SeveritySetting> = {};
  const set = (code: string, severity: SeveritySetting) => {
    for (const rule of rules) if (rule.meta.hadolint?.includes(code.toUpperCase())) severities[rule.meta.name] = severity;
  };
  const override = top.override;
  if (override !== undefined && override !== null) {
    if (typeof override !== 'object' || Array.isArray(override)) throw new ConfigError(`${file}: "override" must map error/warning/info/style to lists of codes.`, file, 'override');
    for (const [level, list] of Object.entries(override as Record<string, unknown>)) {
      const severity = SEVERITY[level];
      if (!severity) throw new ConfigError(`${file}: override.${level} is not a hadolint severity; use error, warning, info or style.`, file, `override.${level}`);
      for (const code of codes(`override.${level}`, list)) set(code, severity);
    }
  }
  // Ignored wins over an override, as in hadolint.
  for (const code of codes('ignored', top.ignored)) set(code, 'off');
  if (Object.keys(severities).length > 0) out.rules = severities;
  if (top.trustedRegistries !== undefined && top.trustedRegistries !== null) {
    const hosts = top.trustedRegistries;
    if (!Array.isArray(hosts) || hosts.some((h) => typeof h !== 'string')) throw new ConfigError(`${file}: "trustedRegistries" must be a list of registry hosts.`, file, 'trustedRegistries');
    out.allowedRegistries = (hosts as string[]).map((h) => h.toLowerCase());
  }
  return out;
}

/** Our configuration over hadolint's: a rule or list set in `.dockerfile-hygiene.json` wins. */
export function mergeHadolint(ours: HygieneConfig, theirs: Partial<HygieneConfig>): HygieneConfig {
  return {
    rules: { ...theirs.rules, ...ours.rules },
    registries: ours.registries,
    ...(ours.eolSoonDays !== undefined ? { eolSoonDays: ours.eolSoonDays } : {}),
    ...(ours.minimalTargets !== undefined ? { minimalTargets: ours.minimalTargets } : {}),
    ...(ours.allowedRegistries ?? theirs.allowedRegistries ? { allowedRegistries: ours.allowedRegistries ?? theirs.allowedRegistries } : {}),
  };
}
