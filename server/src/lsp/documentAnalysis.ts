import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeModel } from '../core/analyze';
import { parseOrFail } from '../core/analysisFailed';
import type { DockerfileModel } from '../core/dockerfile';
import { factQueries, type FactQuery } from '../core/registryQueries';
import type { Finding, ImageFacts, RegistryFacts } from '../core/types';
import { factKey, gatherFacts, hideCacheMisses, type RegistryClient } from '../registry';
import type { RegistryStateReporter } from './registryState';
import type { EffectiveSettings } from './settings';

/** One analysis of one version of a document. */
export interface DocumentAnalysis {
  uri: string;
  version: number;
  model: DockerfileModel;
  findings: Finding[];
  settings: EffectiveSettings;
  client: RegistryClient;
  /** True when every registry fact the rules need was known. */
  factsComplete: boolean;
}

interface FactMemo {
  key: string;
  facts: RegistryFacts;
  expiresAt: number;
}

/** Failed lookups are retried sooner than answers expire, so a registry that comes back is noticed. */
const PROBLEM_MEMO_MS = 30_000;

/**
 * How many documents keep their last analysis. An edit is followed by diagnostics, code actions,
 * code lens and hover for the same version; a few recent documents are enough for that, and keeping
 * every open document's syntax tree would cost more memory than the re-parse costs time.
 */
const RECENT_ANALYSES = 16;

interface RecentAnalysis {
  version: number;
  model: DockerfileModel;
  /** The parser's failure on this version, reported with the findings every time. */
  failure?: Finding;
  settings: EffectiveSettings;
  facts: RegistryFacts | undefined;
  findings: Finding[];
}

export interface AnalyzerDeps {
  settings(uri: string): Promise<EffectiveSettings>;
  client(settings: EffectiveSettings): RegistryClient;
  state: RegistryStateReporter;
  /** Called when facts that missed the budget have arrived for a document. */
  onLateFacts(uri: string): void;
}

/**
 * Offline findings at once, registry findings when their facts arrive: facts wait at most the
 * budget; what arrives later is remembered per document and announced through `onLateFacts`, so
 * the caller refreshes instead of blocking.
 */
export class DocumentAnalyzer {
  private readonly memos = new Map<string, FactMemo>();
  private readonly pending = new Map<string, string>();
  private readonly recent = new Map<string, RecentAnalysis>();

  constructor(private readonly deps: AnalyzerDeps) {}

  /**
   * `budgetMs` 0 never waits on the network; `gather: false` does not even start lookups (code
   * action listing), using only what is remembered.
   */
  async analyze(doc: TextDocument, opts: { budgetMs: number; gather?: boolean; waitAll?: boolean }): Promise<DocumentAnalysis> {
    const settings = await this.deps.settings(doc.uri);
    const client = this.deps.client(settings);
    const last = this.recent.get(doc.uri);
    const parsed = last?.version === doc.version ? { model: last.model, failure: last.failure } : parseOrFail(doc.getText());
    const model = parsed.model;
    const queries = factQueries(model);
    const { facts, complete } = await this.facts(doc.uri, queries, settings, client, opts);
    // Settings and remembered facts are shared objects: the same ones mean the same findings.
    const findings =
      last?.model === model && last.settings === settings && last.facts === facts
        ? last.findings
        : [
            ...(parsed.failure ? [parsed.failure] : []),
            ...analyzeModel(model, {
              rules: settings.rules,
              facts: facts && settings.offline ? hideCacheMisses(facts) : facts,
              path: uriPath(doc.uri),
              allowedRegistries: settings.allowedRegistries,
              eolSoonDays: settings.eolSoonDays,
              minimalTargets: settings.minimalTargets,
            }),
          ];
    this.recent.delete(doc.uri);
    this.recent.set(doc.uri, { version: doc.version, model, failure: parsed.failure, settings, facts, findings });
    if (this.recent.size > RECENT_ANALYSES) this.recent.delete(this.recent.keys().next().value!);
    return { uri: doc.uri, version: doc.version, model, findings, settings, client, factsComplete: complete };
  }

  forget(uri: string): void {
    this.memos.delete(uri);
    this.pending.delete(uri);
    this.recent.delete(uri);
  }

  clear(): void {
    this.memos.clear();
    this.pending.clear();
    this.recent.clear();
  }

  private async facts(
    uri: string,
    queries: FactQuery[],
    settings: EffectiveSettings,
    client: RegistryClient,
    opts: { budgetMs: number; gather?: boolean; waitAll?: boolean },
  ): Promise<{ facts?: RegistryFacts; complete: boolean }> {
    if (queries.length === 0) return { facts: undefined, complete: true };
    const key = memoKey(queries, settings);
    const memo = this.memos.get(uri);
    if (memo && memo.key === key && (memo.expiresAt > Date.now() || opts.gather === false)) return { facts: memo.facts, complete: true };
    if (opts.gather === false) return { facts: undefined, complete: false };
    const gathered = await gatherFacts(queries, client, { budgetMs: opts.budgetMs, tags: true });
    if (gathered.complete || opts.waitAll) {
      const all = gathered.complete ? gathered : await gathered.settled;
      this.remember(uri, key, queries, all, settings);
      return { facts: all, complete: true };
    }
    // Stale while revalidating: what was known stays shown until the new answers replace it, so a
    // slow registry does not make findings blink (or refresh forever) on every pull.
    const known = memo && memo.key === key ? memo.facts : undefined;
    const facts: RegistryFacts = known ? { image: (ref, platform) => gathered.image(ref, platform) ?? known.image(ref, platform) } : gathered;
    if (this.pending.get(uri) !== key) {
      this.pending.set(uri, key);
      void gathered.settled.then((all) => {
        if (this.pending.get(uri) !== key) return;
        this.pending.delete(uri);
        this.remember(uri, key, queries, all, settings);
        this.deps.onLateFacts(uri);
      });
    }
    return { facts, complete: false };
  }

  private remember(uri: string, key: string, queries: FactQuery[], facts: RegistryFacts, settings: EffectiveSettings): void {
    const answers = new Map(queries.map((q) => [factKey(q, q.platform), facts.image(q, q.platform)] as const).filter((e): e is [string, ImageFacts] => !!e[1]));
    const problems = [...answers.values()].some((a) => a.problem);
    const ttl = Math.min(settings.cacheTtlSeconds * 1000, problems ? PROBLEM_MEMO_MS : Infinity);
    this.memos.set(uri, { key, facts, expiresAt: Date.now() + ttl });
    this.deps.state.fromFacts([...answers.values()], settings.offline);
  }
}

function memoKey(queries: FactQuery[], settings: EffectiveSettings): string {
  return JSON.stringify([queries.map((q) => factKey(q, q.platform)).sort(), settings.registries, settings.offline, settings.cacheTtlSeconds, settings.trusted]);
}

/** The path of a `file:` URI (other schemes too: untitled documents have none worth reading). */
function uriPath(uri: string): string | undefined {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return undefined;
  }
}
