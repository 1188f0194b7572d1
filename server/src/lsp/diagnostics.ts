import { createHash } from 'node:crypto';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { docsUrl } from '../core/rules/rule';
import type { Finding, Severity } from '../core/types';
import { SOURCE } from './protocol';

/** What a diagnostic carries so its code actions find the finding again. */
export interface DiagnosticData {
  rule: string;
  /** Index of the finding in the analysis of `version`. */
  index: number;
  version: number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostics(findings: Finding[], version: number): Diagnostic[] {
  return findings.map((finding, index) => ({
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: docsUrl(finding.rule) },
    source: SOURCE,
    message: finding.message,
    data: { rule: finding.rule, index, version } satisfies DiagnosticData,
  }));
}

/** A fingerprint of what the user sees, so late facts refresh only when something changed. */
export function signature(findings: Finding[]): string {
  // A digest, not the JSON itself: one is kept per open document.
  return createHash('sha1').update(JSON.stringify(findings.map((f) => [f.code, f.severity, f.message, f.range]))).digest('base64');
}
