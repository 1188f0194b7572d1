import type { RegistryProblem } from '../core/types';

export type ProblemKind = RegistryProblem['kind'];

/**
 * A registry failure with a message fit for the user. Messages name the registry, the reference and
 * what to do; they never carry a credential, a token or an Authorization header.
 */
export class RegistryError extends Error {
  readonly registry: string;
  readonly kind: ProblemKind;
  /** Set when the registry answered that the repository or tag does not exist (not a problem as such). */
  readonly notFound?: 'repository' | 'tag';
  readonly status?: number;

  constructor(registry: string, kind: ProblemKind, message: string, extra: { notFound?: 'repository' | 'tag'; status?: number } = {}) {
    super(message);
    this.name = 'RegistryError';
    this.registry = registry;
    this.kind = kind;
    this.notFound = extra.notFound;
    this.status = extra.status;
  }

  toProblem(): RegistryProblem {
    return { registry: this.registry, kind: this.kind, message: this.message };
  }
}

/** Turns anything thrown below the client into a RegistryError for `registry`. */
export function asRegistryError(registry: string, err: unknown): RegistryError {
  if (err instanceof RegistryError) return err;
  const text = err instanceof Error ? err.message : String(err);
  return new RegistryError(registry, 'unreachable', `Could not reach ${registry}: ${text}`);
}
