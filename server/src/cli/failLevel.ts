import type { Severity } from '../core/types';
import type { FailLevel } from './options';

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/** True when a finding of `severity` makes `check --fail-level <level>` exit 1. */
export function reachesFailLevel(severity: Severity, level: FailLevel): boolean {
  return level !== 'none' && RANK[severity] >= RANK[level];
}
