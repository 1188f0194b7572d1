import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileModel } from '../core/dockerfile';
import { registryFixEdits, registryFixTarget, requestedFrom } from '../core/registryFixes';
import type { Finding, Fix, RegistryFixRequest, TextEdit } from '../core/types';
import type { RegistrySetting } from '../registry';
import type { RegistrySession } from './registrySession';

/** Edits for one fix step, and one message per requested fix that could not be made. */
export interface Planned {
  edits: TextEdit[];
  failures: string[];
}

export interface PlanContext {
  display: string;
  registries: Record<string, RegistrySetting>;
  session: RegistrySession;
}

/**
 * `--update`: the preferred (else first safe) fix of each stale-tag finding, within `level`: a
 * patch by default, a minor move only with `--update=minor`. A tag change that drops a pin comes
 * as a registry request for the new tag's digest; others are plain edits. Unsafe moves (another
 * base variant or suffix) are left to the editor, where their title explains them.
 */
export async function updateEdits(model: DockerfileModel, findings: Finding[], ctx: PlanContext, level: 'patch' | 'minor' = 'patch'): Promise<Planned> {
  const planned: Planned = { edits: [], failures: [] };
  const allowed = (f: Fix) => f.updateLevel === 'patch' || (level === 'minor' && f.updateLevel === 'minor');
  for (const finding of findings) {
    const updates = finding.fixes.filter((f) => (f.registry?.action === 'update-tag' || (finding.rule === 'stale-tag' && !f.registry)) && allowed(f));
    const fix = updates.find((f) => f.preferred && f.safety === 'safe') ?? updates.find((f) => f.safety === 'safe');
    if (!fix) continue;
    if (!fix.registry) {
      planned.edits.push(...fix.edits);
      continue;
    }
    await addRegistryFix(model, fix.registry, ctx, planned);
  }
  return dedupe(planned);
}

/** `--pin` and `--refresh`: one request per image reference, a refresh winning over a pin of the same one. */
export async function pinAndRefreshEdits(model: DockerfileModel, findings: Finding[], wanted: { pin: boolean; refresh: boolean }, ctx: PlanContext): Promise<Planned> {
  const chosen = new Map<string, RegistryFixRequest>();
  for (const fix of findings.flatMap((f) => f.fixes)) {
    const request = requested(fix, wanted);
    if (!request) continue;
    const key = request.reference !== undefined ? `r${request.reference}` : `s${request.stage}`;
    const current = chosen.get(key);
    if (!current || (current.action === 'pin' && request.action === 'refresh')) chosen.set(key, request);
  }
  const planned: Planned = { edits: [], failures: [] };
  const inDocument = (r: RegistryFixRequest) => requestedFrom(model, r)?.writtenRange.start ?? { line: 0, character: 0 };
  const ordered = [...chosen.values()].sort((a, b) => inDocument(a).line - inDocument(b).line || inDocument(a).character - inDocument(b).character);
  for (const request of ordered) await addRegistryFix(model, request, ctx, planned);
  return dedupe(planned);
}

function requested(fix: Fix, wanted: { pin: boolean; refresh: boolean }): RegistryFixRequest | undefined {
  const request = fix.registry;
  if (!request || fix.edits.length > 0) return undefined;
  if (request.action === 'pin' && wanted.pin) return request;
  if (request.action === 'refresh' && wanted.refresh) return request;
  return undefined;
}

async function addRegistryFix(model: DockerfileModel, request: RegistryFixRequest, ctx: PlanContext, planned: Planned): Promise<void> {
  const from = requestedFrom(model, request);
  const target = registryFixTarget(model, request);
  if (!from || !target) return;
  const at = `${ctx.display}:${from.writtenRange.start.line + 1}:${from.writtenRange.start.character + 1}`;
  const shown = from.ref?.raw ?? from.written;
  let digest: string | undefined;
  if (request.pin) {
    try {
      digest = await ctx.session.resolveDigest(target, ctx.registries);
    } catch (err) {
      const verb = request.action === 'update-tag' ? `update ${shown} to ${target.tag}` : `${request.action} ${shown}`;
      planned.failures.push(`${at}: could not ${verb}: ${(err as Error).message}`);
      return;
    }
  }
  const edits = registryFixEdits(model, request, digest);
  if (!edits) {
    planned.failures.push(`${at}: cannot rewrite ${shown} in place: the reference is assembled from ARG values written in several places; edit it by hand.`);
    return;
  }
  planned.edits.push(...edits);
}

/** Two FROMs using one ARG default ask for the same edit; it is made once. */
function dedupe(planned: Planned): Planned {
  const seen = new Set<string>();
  const edits = planned.edits.filter((e) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { edits, failures: planned.failures };
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///Dockerfile', 'dockerfile', 0, text), edits);
}
