import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding } from '../core/types';
import { pinPlans } from './bulkFixes';
import type { DiagnosticData } from './diagnostics';
import type { DocumentAnalysis } from './documentAnalysis';
import { COMMANDS, FIX_ALL_KIND, SOURCE } from './protocol';
import { planFix, type PlannedFix } from './registryEdits';
import { workspaceEdit } from './workspaceEdit';

/** What a registry-dependent action carries to `codeAction/resolve` (or the applyFix command). */
export type ActionData =
  | { uri: string; version: number; kind: 'fix'; plans: PlannedFix[] }
  | { uri: string; version: number; kind: 'pinAll'; plans: PlannedFix[] };

export interface ActionCapabilities {
  documentChanges: boolean;
  /** The client resolves `edit` lazily; otherwise registry fixes run through a command. */
  resolveEdit: boolean;
}

/** Lists actions from what is already known: never waits on the registry. */
export function listCodeActions(analysis: DocumentAnalysis, params: CodeActionParams, caps: ActionCapabilities): CodeAction[] {
  const actions: CodeAction[] = [];
  const wants = (kind: string) => !params.context.only || params.context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics.filter((d) => d.source === SOURCE)) {
      const finding = findingOf(analysis, diagnostic);
      if (!finding) continue;
      for (const fix of finding.fixes) {
        const action: CodeAction = {
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred === true && fix.safety === 'safe' ? true : undefined,
        };
        if (fix.registry) {
          const plan = planFix(analysis.model, fix.registry);
          if (!plan) continue;
          deferred(action, { uri: analysis.uri, version: analysis.version, kind: 'fix', plans: [plan] }, caps);
        } else if (fix.edits.length > 0) {
          action.edit = workspaceEdit(analysis.uri, analysis.version, fix.edits, caps.documentChanges);
        } else {
          continue;
        }
        actions.push(action);
      }
    }
  }
  if (wants(FIX_ALL_KIND)) {
    const plans = pinPlans(analysis.model);
    if (plans.length > 0) {
      const action: CodeAction = { title: 'Pin all base images', kind: FIX_ALL_KIND };
      deferred(action, { uri: analysis.uri, version: analysis.version, kind: 'pinAll', plans }, caps);
      actions.push(action);
    }
  }
  return actions;
}

function deferred(action: CodeAction, data: ActionData, caps: ActionCapabilities): void {
  action.data = data;
  if (!caps.resolveEdit) action.command = { title: action.title, command: COMMANDS.applyFix, arguments: [data] };
}

/** The finding behind one of our diagnostics: by index when the version matches, else by code and range. */
function findingOf(analysis: DocumentAnalysis, diagnostic: Diagnostic): Finding | undefined {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (data && data.version === analysis.version && typeof data.index === 'number') {
    const byIndex = analysis.findings[data.index];
    if (byIndex?.code === diagnostic.code) return byIndex;
  }
  return analysis.findings.find((f) => f.code === diagnostic.code && sameRange(f.range, diagnostic.range));
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export function isActionData(value: unknown): value is ActionData {
  const v = value as ActionData | undefined;
  return typeof v?.uri === 'string' && typeof v.version === 'number' && (v.kind === 'fix' || v.kind === 'pinAll') && Array.isArray(v.plans);
}
