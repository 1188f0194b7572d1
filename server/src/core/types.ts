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
  /** For tag updates, how far the tag moves: `fix --update` applies `patch` only unless asked for `minor`. */
  updateLevel?: 'patch' | 'minor' | 'variant';
  /**
   * Set when the edit needs the registry (a digest to pin): `edits` is empty until the caller asks
   * the registry and calls `registryFixEdits`.
   */
  registry?: RegistryFixRequest;
}

export interface RegistryFixRequest {
  action: 'pin' | 'refresh' | 'update-tag' | 'switch-tag' | 'switch-image';
  /** Index of the stage whose FROM is edited. */
  stage: number;
  /** Set instead when the image is `model.references[reference]` (COPY --from, a mount, the syntax directive). */
  reference?: number;
  /** The tag to move to (`update-tag`, `switch-tag`); the current tag otherwise. */
  tag?: string;
  /** `switch-image`: the whole new reference without digest (`cgr.dev/chainguard/node:latest`), written with the digest the registry gives. */
  image?: string;
  /** Pin the digest of the (new) tag as well. */
  pin: boolean;
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
  /**
   * True when the rule reads registry facts at all (the registry rules, and rules that only refine
   * their offers with them). Such rules read nothing but the FROMs, so a caller may run them later,
   * on a model whose instructions were let go, once the facts are in.
   */
  readsFacts?: boolean;
}

export interface RawFinding {
  message: string;
  range: Range;
  fixes?: Fix[];
  /** The instruction the finding is about, when `range` lies elsewhere (an ARG default); ignores apply to both. */
  subject?: Range;
}

/** One simple command of a RUN instruction, split on `&&`, `||`, `;`, `|` and newlines. */
export interface ShellCommand {
  /** Words after quote removal; leading `VAR=value` assignments and `sudo` are dropped. */
  argv: string[];
  /** Where the command is in the document (best effort for heredocs and continuations). */
  range: Range;
  /** Runs only on some distributions (`if [ "$ID" = alpine ]`, `command -v apk &&`). */
  guarded?: boolean;
  /** Line of the RUN instruction the command belongs to. */
  runLine?: number;
}

/** Why the registry could not answer. The message never contains credentials. */
export interface RegistryProblem {
  registry: string;
  kind: 'unreachable' | 'timeout' | 'rate-limited' | 'auth' | 'bad-response' | 'not-cached';
  message: string;
}

/** What the registry said about one image reference, gathered outside the core. */
export interface ImageFacts {
  /** The digest the tag points to now: the index digest, or the platform's manifest digest when FROM has --platform. */
  digest?: string;
  /** When the image the tag points to now was built (config `created`), ISO 8601. */
  created?: string;
  /** `os/arch[/variant]` of every manifest in the index. */
  platforms?: string[];
  /** Tags of the repository (possibly capped). */
  tags?: string[];
  /** Set when the tag list was cut off by the page or size cap: it cannot tell which tag is newest. */
  tagsIncomplete?: boolean;
  /** Set when the registry says the repository or the tag does not exist. */
  notFound?: 'repository' | 'tag';
  /** Set when the lookup failed; registry rules then say nothing for this reference. */
  problem?: RegistryProblem;
}

/** Registry facts handed to the rules. Undefined means "not known (yet)": rules stay silent. */
export interface RegistryFacts {
  image(ref: { registry: string; repository: string; tag?: string; digest?: string }, platform?: string): ImageFacts | undefined;
}
