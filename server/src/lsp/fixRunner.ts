import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile } from '../core/dockerfile';
import type { TextEdit } from '../core/types';
import type { DocumentAnalyzer } from './documentAnalysis';
import { buildEdits, resolveDigests, type Failure, type PlannedFix } from './registryEdits';
import type { RegistryStateReporter } from './registryState';

export interface FixResult {
  /** The document version the edits apply to. */
  version: number;
  edits: TextEdit[];
  failures: Failure[];
}

/**
 * Asks the registry for the digests of registry fixes, then builds the edits against the document
 * as it is once the answers are in (the user may have typed meanwhile).
 */
export class FixRunner {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyzer: DocumentAnalyzer,
    private readonly state: RegistryStateReporter,
  ) {}

  async run(uri: string, plans: PlannedFix[], plainEdits: TextEdit[] = [], plainVersion?: number): Promise<FixResult | undefined> {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const analysis = await this.analyzer.analyze(doc, { budgetMs: 0, gather: false });
    const digests = await resolveDigests(analysis.client, analysis.model, plans);
    const now = this.documents.get(uri);
    if (!now) return undefined;
    const model = now.version === analysis.version ? analysis.model : parseDockerfile(now.getText());
    const { edits, failures } = buildEdits(model, plans, digests);
    const problem = failures.find((f) => f.kind && f.registry);
    if (problem) this.state.fromProblem({ kind: problem.kind as never, registry: problem.registry!, message: problem.message });
    else if ([...digests.values()].some((d) => d.digest)) this.state.report({ state: analysis.settings.offline ? 'offline' : 'online' });
    // Plain edits were computed for one version; applying them to another would land in the wrong place.
    if (plainEdits.length > 0 && plainVersion === now.version) edits.push(...plainEdits);
    return { version: now.version, edits, failures };
  }
}

const VERBS: Record<PlannedFix['request']['action'], string> = { pin: 'pin', refresh: 'refresh', 'update-tag': 'update', 'switch-tag': 'switch to', 'switch-image': 'switch to' };

/** What the user asked for, in the words of a failure message: "pin", "refresh"… */
export function verbOf(plans: PlannedFix[]): string {
  return VERBS[plans[0]?.request.action ?? 'pin'];
}

/** "Could not pin docker.io/library/node:20: <why>", one line per reference. */
export function failureMessage(verb: string, failures: Failure[]): string {
  return failures.map((f) => `Could not ${verb} ${f.reference}: ${f.message}`).join('\n');
}
