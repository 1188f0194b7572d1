import { registryFixEdits, registryFixTarget } from '../core/registryFixes';
import type { Finding, Fix, TextEdit } from '../core/types';
import type { AnalyzedFile } from './analyzeFiles';
import type { RegistrySession } from './registrySession';

/** A fix as reports show it: with its edits, or marked as needing the registry when unresolved. */
export interface ReportedFix {
  title: string;
  safety: Fix['safety'];
  edits: TextEdit[];
  /** The digest could not be had (offline and not cached, or the registry failed): no edits. */
  requiresRegistry?: true;
}

export interface ReportedFinding extends Omit<Finding, 'fixes'> {
  fixes: ReportedFix[];
}

/** A checked file and what to say about it. */
export interface ReportedFile {
  /** Path relative to the working directory, `/`-separated, or `<stdin>`. */
  display: string;
  /** Absolute path; undefined for stdin. */
  path?: string;
  findings: ReportedFinding[];
}

/**
 * Fills in the edits of fixes that need a digest: from the facts already gathered when they hold
 * it, else from the registry client (its cache only when offline). What cannot be had is listed
 * with `requiresRegistry` and no edits rather than dropped, so JSON readers see the fix exists.
 */
export async function reportFindings(file: AnalyzedFile, session: RegistrySession): Promise<ReportedFile> {
  const findings: ReportedFinding[] = [];
  for (const finding of file.findings) {
    const fixes: ReportedFix[] = [];
    for (const fix of finding.fixes) fixes.push(await reportFix(file, fix, session));
    findings.push({ ...finding, fixes });
  }
  return { display: file.file.display, path: file.file.path, findings };
}

async function reportFix(file: AnalyzedFile, fix: Fix, session: RegistrySession): Promise<ReportedFix> {
  const base = { title: fix.title, safety: fix.safety };
  const request = fix.registry;
  if (!request || fix.edits.length > 0) return { ...base, edits: fix.edits };
  const unresolved: ReportedFix = { ...base, edits: [], requiresRegistry: true };
  const target = registryFixTarget(file.model, request);
  if (!target) return unresolved;
  let digest: string | undefined;
  if (request.pin) {
    digest = file.facts?.image({ registry: target.registry, repository: target.repository, tag: target.tag }, target.platform)?.digest;
    digest ??= await session.resolveDigest(target, file.config.registries).catch(() => undefined);
    if (!digest) return unresolved;
  }
  const edits = registryFixEdits(file.model, request, digest);
  return edits ? { ...base, edits } : unresolved;
}
