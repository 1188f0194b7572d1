import type { MinimalTarget } from '../core/minimal';
import type { SeveritySetting } from '../core/types';
import { validateConfig, type HygieneConfig } from '../config';
import type { RegistrySetting } from '../registry';

/** The `dockerfilePatchHygiene` section as the client sends it for one resource. */
export interface ClientSettings {
  rules?: Record<string, SeveritySetting>;
  registries?: Record<string, RegistrySetting>;
  offline?: boolean;
  /** How far Update all moves a tag. */
  updateLevel?: 'patch' | 'minor';
  /** Seconds a tag's digest and tag list stay fresh in the registry cache. */
  cacheTtl?: number;
  /** The families a switch to a smaller base may move to; overrides the config file's. */
  minimalTargets?: string[];
  trace?: { server?: 'off' | 'messages' | 'verbose' };
}

/** What analysis of one document uses, after merging settings, the config file and workspace trust. */
export interface EffectiveSettings {
  rules: Record<string, SeveritySetting>;
  registries: Record<string, RegistrySetting>;
  /** From the config file (or .hadolint.yaml's trustedRegistries): a policy, so it applies in untrusted workspaces too. */
  allowedRegistries?: string[];
  eolSoonDays?: number;
  minimalTargets?: MinimalTarget[];
  /** How far Update all moves a tag: `patch` unless the client asks for `minor`. */
  updateLevel: 'patch' | 'minor';
  offline: boolean;
  cacheTtlSeconds: number;
  trusted: boolean;
  verbose: boolean;
  configFile?: string;
  /** Settings or config-file problems to show the user once. */
  problems: string[];
}

export const DEFAULT_CACHE_TTL_SECONDS = 600;

export interface TrustState {
  trusted: boolean;
  userRegistries: Record<string, RegistrySetting>;
}

/**
 * Merges, lowest first: defaults, `.dockerfile-hygiene.json`, the client's settings. Registries are
 * where a hostile repository could send Docker Hub credentials, so in an untrusted workspace only
 * the user-level registries count: neither the file nor the (workspace-merged) settings value.
 */
export function mergeSettings(
  raw: unknown,
  file: { file?: string; config: HygieneConfig } | { error: string },
  trust: TrustState,
): EffectiveSettings {
  const problems: string[] = [];
  const client = (isObject(raw) ? raw : {}) as ClientSettings;
  const fileConfig = 'config' in file ? file.config : { rules: {}, registries: {} };
  if ('error' in file) problems.push(file.error);
  const rules = { ...fileConfig.rules, ...validated('rules', client.rules, problems) };
  const registries = trust.trusted
    ? { ...fileConfig.registries, ...validated('registries', client.registries, problems) }
    : { ...validated('registries', trust.userRegistries, problems) };
  const ttl = typeof client.cacheTtl === 'number' && Number.isFinite(client.cacheTtl) && client.cacheTtl >= 0 ? client.cacheTtl : DEFAULT_CACHE_TTL_SECONDS;
  return {
    rules,
    registries,
    allowedRegistries: fileConfig.allowedRegistries,
    eolSoonDays: fileConfig.eolSoonDays,
    minimalTargets: validated('minimalTargets', client.minimalTargets, problems) ?? fileConfig.minimalTargets,
    updateLevel: client.updateLevel === 'minor' ? 'minor' : 'patch',
    offline: client.offline === true,
    cacheTtlSeconds: ttl,
    trusted: trust.trusted,
    verbose: client.trace?.server === 'verbose',
    configFile: 'file' in file ? file.file : undefined,
    problems,
  };
}

/**
 * One bad key must not throw away the rest: each part is validated on its own by the config module.
 * Undefined when unset or invalid (then the problem is recorded and the caller's fallback applies).
 */
function validated<K extends 'rules' | 'registries' | 'minimalTargets'>(key: K, value: unknown, problems: string[]): HygieneConfig[K] | undefined {
  if (value === undefined || value === null) return undefined;
  try {
    return validateConfig({ [key]: value }, `settings (${'dockerfilePatchHygiene'})`)[key];
  } catch (err) {
    problems.push((err as Error).message);
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
