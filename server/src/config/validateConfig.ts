import { MINIMAL_TARGETS, type MinimalTarget } from '../core/minimal';
import { rules } from '../core/rules';
import type { SeveritySetting } from '../core/types';
import type { RegistrySetting } from '../registry/endpoints';
import { ConfigError } from './configError';
import type { HygieneConfig } from './types';

/** Where a key path is written in the file (1-based), when the caller parsed the text itself. */
export type KeyLocator = (path: string[]) => { line: number; column: number } | undefined;

const SEVERITIES: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];
const TOP_LEVEL = ['rules', 'registries', 'allowedRegistries', 'eolSoonDays', 'minimalTargets'];
const REGISTRY_KEYS = ['endpoint', 'insecure'];

/**
 * Checks a parsed configuration object and returns it typed. Pure: `file` only names the source in
 * messages. Throws a ConfigError for the first problem, naming the key and what would be valid.
 */
export function validateConfig(value: unknown, file: string, locate: KeyLocator = () => undefined): HygieneConfig {
  const fail = (path: string[], problem: string): never => {
    const at = locate(path);
    const where = at ? `:${at.line}:${at.column}` : '';
    throw new ConfigError(`${file}${where}: ${problem}`, file, path.join('.') || undefined, at);
  };
  if (!isObject(value)) fail([], `the configuration must be a JSON object like {"rules": {...}, "registries": {...}}, not ${kind(value)}.`);
  const top = value as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    // `$schema` lets editors validate the file; it configures nothing.
    if (key === '$schema') continue;
    if (!TOP_LEVEL.includes(key)) fail([key], `unknown key "${key}"${suggest(key, TOP_LEVEL)}; the allowed top-level keys are ${TOP_LEVEL.join(', ')}.`);
  }
  const config: HygieneConfig = {
    rules: validateRules(top.rules, fail),
    registries: validateRegistries(top.registries, fail),
  };
  if (top.allowedRegistries !== undefined) config.allowedRegistries = validateAllowedRegistries(top.allowedRegistries, fail);
  if (top.eolSoonDays !== undefined) {
    const days = top.eolSoonDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 3650) fail(['eolSoonDays'], `eolSoonDays is ${JSON.stringify(days)}; use a whole number of days from 1 to 3650, such as 180.`);
    config.eolSoonDays = days as number;
  }
  if (top.minimalTargets !== undefined) config.minimalTargets = validateMinimalTargets(top.minimalTargets, ['minimalTargets'], fail);
  return config;
}

/** The families a switch may move to, from MINIMAL_TARGETS; the settings use the same check. */
export function validateMinimalTargets(value: unknown, path: string[], fail: Fail): MinimalTarget[] {
  const allowed = MINIMAL_TARGETS.join(', ');
  if (!Array.isArray(value)) fail(path, `"minimalTargets" must be an array of target families like ["slim", "alpine", "distroless"], not ${kind(value)}; the families are ${allowed}.`);
  return (value as unknown[]).map((target, i) => {
    if (typeof target !== 'string' || !(MINIMAL_TARGETS as readonly string[]).includes(target)) {
      fail([...path, String(i)], `minimalTargets[${i}] is ${JSON.stringify(target)}${typeof target === 'string' ? suggest(target, MINIMAL_TARGETS) : ''}; the families are ${allowed}.`);
    }
    return target as MinimalTarget;
  });
}

/** Registry hosts, each optionally starting with `*.` (`*.gcr.io`): what allowed-registries compares with. */
function validateAllowedRegistries(value: unknown, fail: Fail): string[] {
  if (!Array.isArray(value)) fail(['allowedRegistries'], `"allowedRegistries" must be an array of registry hosts like ["docker.io", "*.gcr.io"], not ${kind(value)}.`);
  return (value as unknown[]).map((host, i) => {
    if (typeof host !== 'string' || !/^(\*\.)?[A-Za-z0-9.-]+(:\d+)?$/.test(host)) {
      fail(['allowedRegistries', String(i)], `allowedRegistries[${i}] is ${JSON.stringify(host)}; use a registry host as written in image references (docker.io, ghcr.io, 127.0.0.1:5000), optionally starting with "*." for its subdomains.`);
    }
    return (host as string).toLowerCase();
  });
}

type Fail = (path: string[], problem: string) => never;

function validateRules(value: unknown, fail: Fail): Record<string, SeveritySetting> {
  if (value === undefined) return {};
  if (!isObject(value)) fail(['rules'], `"rules" must be an object mapping rule names to severities, not ${kind(value)}.`);
  const names = rules.map((r) => r.meta.name);
  const out: Record<string, SeveritySetting> = {};
  const setBy = new Map<string, string>();
  for (const [name, severity] of Object.entries(value as Record<string, unknown>)) {
    const rule = rules.find((r) => r.meta.name === name || r.meta.code === name);
    if (!rule) fail(['rules', name], `"${name}" is not a rule${suggest(name, names)}; valid rule names: ${names.join(', ')}.`);
    const earlier = setBy.get(rule.meta.name);
    if (earlier !== undefined) fail(['rules', name], `rules.${name} and rules.${earlier} both set ${rule.meta.name} (${rule.meta.code}); keep one.`);
    setBy.set(rule.meta.name, name);
    if (typeof severity !== 'string' || !SEVERITIES.includes(severity as SeveritySetting)) {
      fail(['rules', name], `rules.${name} is ${JSON.stringify(severity)}; use one of ${SEVERITIES.map((s) => `"${s}"`).join(', ')}.`);
    }
    out[rule.meta.name] = severity as SeveritySetting;
  }
  return out;
}

function validateRegistries(value: unknown, fail: Fail): Record<string, RegistrySetting> {
  if (value === undefined) return {};
  if (!isObject(value)) fail(['registries'], `"registries" must be an object mapping registry hosts to {"endpoint": "...", "insecure": false}, not ${kind(value)}.`);
  const out: Record<string, RegistrySetting> = {};
  for (const [host, setting] of Object.entries(value as Record<string, unknown>)) {
    const path = ['registries', host];
    if (host === '' || /[/\s]/.test(host)) {
      fail(path, `registry key "${host}" must be a host as written in image references (docker.io, ghcr.io, 127.0.0.1:5000), without a scheme or path; put the URL in "endpoint".`);
    }
    if (!isObject(setting)) fail(path, `registries.${host} must be an object like {"endpoint": "http://127.0.0.1:5000"}, not ${kind(setting)}.`);
    const entry = setting as Record<string, unknown>;
    for (const key of Object.keys(entry)) {
      if (!REGISTRY_KEYS.includes(key)) fail([...path, key], `unknown key "${key}" in registries.${host}${suggest(key, REGISTRY_KEYS)}; allowed: ${REGISTRY_KEYS.join(', ')}.`);
    }
    const result: RegistrySetting = {};
    if (entry.endpoint !== undefined) {
      if (typeof entry.endpoint !== 'string' || !isHttpUrl(entry.endpoint)) {
        fail([...path, 'endpoint'], `registries.${host}.endpoint is ${JSON.stringify(entry.endpoint)}; use an http:// or https:// URL such as "https://mirror.example.com".`);
      }
      result.endpoint = entry.endpoint as string;
    }
    if (entry.insecure !== undefined) {
      if (typeof entry.insecure !== 'boolean') fail([...path, 'insecure'], `registries.${host}.insecure is ${JSON.stringify(entry.insecure)}; use true or false.`);
      result.insecure = entry.insecure as boolean;
    }
    out[host] = result;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** ` (did you mean "latest-tag"?)` for a near miss, else nothing. */
function suggest(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 4)) ? ` (did you mean "${best}"?)` : '';
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
