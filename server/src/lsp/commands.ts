import { ErrorCodes, ResponseError, type CancellationToken, type Connection, type ExecuteCommandParams, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { pinPlans, refreshPlans, updatePlans } from './bulkFixes';
import type { ClientFeatures } from './capabilities';
import { isActionData } from './codeActions';
import type { DocumentAnalysis, DocumentAnalyzer } from './documentAnalysis';
import { failureMessage, verbOf, type FixRunner } from './fixRunner';
import { checkCancelled } from './guard';
import { COMMANDS } from './protocol';
import type { PlannedFix } from './registryEdits';
import { workspaceEdit } from './workspaceEdit';
import { showUser } from './userMessage';

export interface CommandDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  analyze(doc: TextDocument, opts: Parameters<DocumentAnalyzer['analyze']>[1]): Promise<DocumentAnalysis>;
  fixes: FixRunner;
  features: ClientFeatures;
}

/** What a command reports back to its caller (the client, a test). */
export interface CommandResult {
  applied: boolean;
  edits: number;
  failures: string[];
}

/**
 * `pinAll`, `refreshAll` ([uri, {line}?]: every FROM, or the one on `line`), `updateAll` ([uri])
 * and `applyFix` ([code action data]). They may wait on the registry: the user asked for it.
 */
export async function executeCommand(params: ExecuteCommandParams, token: CancellationToken, deps: CommandDeps): Promise<CommandResult> {
  const [first, second] = params.arguments ?? [];
  if (params.command === COMMANDS.applyFix) {
    if (!isActionData(first)) throw new ResponseError(ErrorCodes.InvalidParams, `${COMMANDS.applyFix} expects the data of a code action.`);
    return apply(first.uri, first.plans, [], undefined, verbOf(first.plans), token, deps);
  }
  const uri = typeof first === 'string' ? first : undefined;
  const doc = uri && deps.documents.get(uri);
  if (!uri || !doc) {
    throw new ResponseError(ErrorCodes.InvalidParams, `${params.command} expects the URI of an open Dockerfile as its first argument${uri ? `; ${uri} is not open` : ''}.`);
  }
  const line = typeof (second as { line?: unknown } | undefined)?.line === 'number' ? (second as { line: number }).line : undefined;
  switch (params.command) {
    case COMMANDS.pinAll: {
      const analysis = await deps.analyze(doc, { budgetMs: 0, gather: false });
      return apply(uri, pinPlans(analysis.model, line), [], undefined, 'pin', token, deps);
    }
    case COMMANDS.refreshAll: {
      const analysis = await deps.analyze(doc, { budgetMs: 0, gather: false });
      return apply(uri, refreshPlans(analysis.model, line), [], undefined, 'refresh', token, deps);
    }
    case COMMANDS.updateAll: {
      const analysis = await deps.analyze(doc, { budgetMs: 0, waitAll: true });
      const { plans, edits } = updatePlans(analysis.model, analysis.findings, analysis.settings.updateLevel);
      return apply(uri, plans, edits, analysis.version, 'update', token, deps);
    }
    default:
      throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command ${params.command}; known: ${Object.values(COMMANDS).join(', ')}.`);
  }
}

async function apply(
  uri: string,
  plans: PlannedFix[],
  plainEdits: DocumentAnalysis['findings'][number]['fixes'][number]['edits'],
  plainVersion: number | undefined,
  verb: string,
  token: CancellationToken,
  deps: CommandDeps,
): Promise<CommandResult> {
  const result = await deps.fixes.run(uri, plans, plainEdits, plainVersion);
  checkCancelled(token);
  if (!result) return { applied: false, edits: 0, failures: [`${uri} is not open.`] };
  const failures = result.failures.map((f) => failureMessage(verb, [f]));
  if (failures.length > 0) showUser(deps.connection, 'error', failureMessage(verb, result.failures));
  if (result.edits.length === 0) return { applied: false, edits: 0, failures };
  const label = `${verb[0].toUpperCase()}${verb.slice(1)} base images`;
  const applied = await deps.connection.workspace.applyEdit({ label, edit: workspaceEdit(uri, result.version, result.edits, deps.features.documentChanges) });
  return { applied: applied.applied, edits: result.edits.length, failures };
}
