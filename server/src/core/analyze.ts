import type { MinimalTarget } from './minimal';
import { analysisFailed, parseOrFail } from './analysisFailed';
import type { DockerfileModel } from './dockerfile';
import { readIgnores } from './ignores';
import { rules } from './rules';
import type { Rule } from './rules/rule';
import type { Finding, RegistryFacts, SeveritySetting } from './types';

export interface AnalyzeOptions {
  /** The evaluation date for end-of-life checks; defaults to now. */
  now?: Date;
  /** Per-rule severity or `off`, keyed by rule name or code. */
  rules?: Record<string, SeveritySetting>;
  /** Registry facts; without them the registry rules say nothing. */
  facts?: RegistryFacts;
  /**
   * Run only the rules that do not read registry facts (`offline`), or only those that do
   * (`facts`): the CLI runs the first while parsing and the second once the facts are in.
   */
  only?: 'offline' | 'facts';
  /** The file's path (as shown to the user, or the URI's path): tells a dev container or CI image from an app image. */
  path?: string;
  /** The registries images may come from (`allowedRegistries`, or hadolint's `trustedRegistries`); absent: no policy. */
  allowedRegistries?: readonly string[];
  /** How many days ahead eol-soon looks (`eolSoonDays`; default 180). */
  eolSoonDays?: number;
  /** The families a switch to a smaller base may move to (`minimalTargets`). */
  minimalTargets?: readonly MinimalTarget[];
  /** The rules to run, in order; all of them by default (tests hand in one that throws). */
  ruleSet?: readonly Rule[];
}

export interface Analysis {
  model: DockerfileModel;
  findings: Finding[];
}

/** The one entry point the LSP server and the CLI share: text in, findings with their fixes out. */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const { model, failure } = parseOrFail(text);
  const findings = analyzeModel(model, options);
  return { model, findings: failure ? [failure, ...findings] : findings };
}

export function analyzeModel(model: DockerfileModel, options: AnalyzeOptions = {}): Finding[] {
  const ctx = { model, now: options.now ?? new Date(), facts: options.facts, path: options.path, allowedRegistries: options.allowedRegistries, eolSoonDays: options.eolSoonDays, minimalTargets: options.minimalTargets };
  const ignores = readIgnores(model);
  const findings: Finding[] = [];
  for (const rule of options.ruleSet ?? rules) {
    if (options.only && (options.only === 'facts') !== !!rule.meta.readsFacts) continue;
    const severity = severityOf(rule, options.rules);
    if (severity === 'off') continue;
    let raws;
    try {
      raws = rule.check(ctx);
    } catch (err) {
      findings.push(analysisFailed(`The ${rule.meta.name} rule`, err));
      continue;
    }
    for (const raw of raws) {
      const lines = [raw.range.start.line, raw.subject?.start.line].filter((l): l is number => l !== undefined);
      if (lines.some((line) => ignores.isIgnored(rule.meta, line))) continue;
      findings.push({
        rule: rule.meta.name,
        code: rule.meta.code,
        severity,
        message: raw.message,
        range: raw.range,
        fixes: raw.fixes ?? [],
      });
    }
  }
  return sortFindings(findings);
}

const ORDER = new Map(rules.map((r, i) => [r.meta.name, i]));

/** By position, then in rule order: the same order whether the rules ran at once or in two passes. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (ORDER.get(a.rule) ?? 0) - (ORDER.get(b.rule) ?? 0),
  );
}

function severityOf(rule: Rule, settings: Record<string, SeveritySetting> | undefined): SeveritySetting {
  return settings?.[rule.meta.name] ?? settings?.[rule.meta.code] ?? rule.meta.defaultSeverity;
}
