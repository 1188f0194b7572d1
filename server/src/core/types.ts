/**
 * Public types of the pure analysis core. Positions are zero-based, as in LSP; the CLI turns
 * them into 1-based columns for text and SARIF output.
 */

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/**
 * A change the user can apply. `safety: 'unsafe'` means the fix changes behaviour (musl libc,
 * another major version): it is never preferred and its title says what changes.
 */
export interface Fix {
  title: string;
  edits: TextEdit[];
  safety: 'safe' | 'unsafe';
  /** True only for the one obvious fix of a finding (LSP `isPreferred`). */
  preferred?: boolean;
}

export interface Finding {
  /** Rule name, the public contract: `latest-tag`. */
  rule: string;
  /** Stable code: `DPH002`. */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes: Fix[];
}

export interface RuleMeta {
  code: string;
  name: string;
  defaultSeverity: Severity;
  /** One line, shown in docs, SARIF and hover. */
  description: string;
  /** Hadolint codes that mean the same thing, so `# hadolint ignore=DL3007` silences us too. */
  hadolint?: string[];
  /** True when the rule needs registry facts; without them it says nothing. */
  needsRegistry?: boolean;
}

export interface RawFinding {
  message: string;
  range: Range;
  fixes?: Fix[];
}
