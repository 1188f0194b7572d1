import type { DockerfileModel } from '../dockerfile';
import type { MinimalTarget } from '../minimal';
import type { RawFinding, RegistryFacts, RuleMeta } from '../types';

/** What a rule sees: the parsed file, the evaluation date, and registry facts when the caller has them. */
export interface RuleContext {
  model: DockerfileModel;
  now: Date;
  facts?: RegistryFacts;
  /** Where the file is, when known (`.devcontainer/Dockerfile`, `ci/Dockerfile.build`). */
  path?: string;
  /** The registries images may come from, when the configuration sets a policy. */
  allowedRegistries?: readonly string[];
  /** How many days ahead eol-soon looks. */
  eolSoonDays?: number;
  /** The families a switch to a smaller base may move to (`minimalTargets`; default slim, alpine, distroless). */
  minimalTargets?: readonly MinimalTarget[];
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): RawFinding[];
}

/** Where each rule is documented: its section of docs/rules.md, named by the rule. */
export const DOCS_BASE = 'https://github.com/dockerfile-patch-hygiene/dockerfile-patch-hygiene/blob/main/docs/rules.md';

export function docsUrl(name: string): string {
  return `${DOCS_BASE}#${name}`;
}
