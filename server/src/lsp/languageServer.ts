import { createHash } from 'node:crypto';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME } from '../config';
import type { RegistrySetting } from '../registry';
import { clientFeatures, serverCapabilities, type ClientFeatures } from './capabilities';
import { isActionData, listCodeActions } from './codeActions';
import { codeLenses } from './codeLens';
import { executeCommand } from './commands';
import { completeTags, tagContext } from './completion';
import { signature, toDiagnostics } from './diagnostics';
import { DocumentAnalyzer, type DocumentAnalysis } from './documentAnalysis';
import { FixRunner, failureMessage, verbOf } from './fixRunner';
import { registerFreshnessRequest } from './freshnessRequest';
import { checkCancelled, guard, guardNotification, orCancelled, requireUri } from './guard';
import { hoverAt } from './hover';
import { MEMORY_REQUEST, RegistryStateNotification, SETTINGS_SECTION, TrustNotification, type InitializationOptions } from './protocol';
import { RegistryClients } from './registryClients';
import { RegistryStateReporter } from './registryState';
import { SettingsCache, filePath } from './settingsCache';
import type { TrustState } from './settings';
import { workspaceEdit } from './workspaceEdit';
import { showUser } from './userMessage';

/** The longest a stream of edits with no pause holds back diagnostics. */
const MAX_SETTLE_MS = 100;

/** How long diagnostics wait for registry facts before answering with the offline findings. */
export const DIAGNOSTICS_BUDGET_MS = 200;

/** Wires the language service to a connection (stdio, node-ipc or a socket). */
export function startLanguageServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let features: ClientFeatures = clientFeatures({});
  let storagePath: string | undefined;
  let trust: TrustState = { trusted: true, userRegistries: {} };
  let folders: string[] = [];
  const delivered = new Map<string, string>();
  /** Settings sent with didChangeConfiguration, for clients that cannot answer workspace/configuration. */
  let pushedSettings: unknown;
  const shownProblems = new Set<string>();

  const clients = new RegistryClients({
    get storagePath() {
      return storagePath;
    },
    log: (line, verbose) => {
      if (verbose) connection.console.log(line);
    },
  });
  const state = new RegistryStateReporter((params) => void connection.sendNotification(RegistryStateNotification, params));
  const settings = new SettingsCache({
    clientSettings: (uri) => (features.configuration ? connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }) : Promise.resolve(pushedSettings)),
    folders: () => folders,
    trust: () => trust,
  });
  const analyzer = new DocumentAnalyzer({
    settings: (uri) => settings.get(uri),
    client: (s) => clients.for(s),
    state,
    onLateFacts: (uri) => guardNotification(connection, 'late registry facts', () => lateFacts(uri))(),
  });
  const fixes = new FixRunner(documents, analyzer, state);

  async function analyze(doc: TextDocument, opts: Parameters<DocumentAnalyzer['analyze']>[1]): Promise<DocumentAnalysis> {
    const analysis = await analyzer.analyze(doc, opts);
    for (const problem of analysis.settings.problems) {
      if (shownProblems.has(problem)) continue;
      shownProblems.add(problem);
      showUser(connection, 'warning', `Dockerfile Patch Hygiene: ${problem}`);
    }
    return analysis;
  }

  async function publish(doc: TextDocument): Promise<void> {
    const analysis = await analyze(doc, { budgetMs: DIAGNOSTICS_BUDGET_MS });
    if (documents.get(doc.uri)?.version !== analysis.version) return;
    delivered.set(doc.uri, signature(analysis.findings));
    await connection.sendDiagnostics({ uri: doc.uri, version: analysis.version, diagnostics: toDiagnostics(analysis.findings, analysis.version) });
  }

  /**
   * One analysis per document for a burst of edits. vscode-jsonrpc hands the server one message per
   * turn of the event loop, so a publish waits a turn at a time until a turn has passed without a
   * newer version of the document, then analyses the version current then: a lone edit (typing)
   * costs a turn or two, a burst (a paste in pieces, a formatter, a client replaying a backlog)
   * ends in a few analyses of the latest text. Timing the gap between edits instead (the earlier
   * design) failed as soon as one analysis took longer than the gap: the edits queued behind it
   * arrived "late", each was analysed, and the last of 2,000 edits of a 300-line file waited 8 s.
   */
  const scheduled = new Set<string>();
  function schedulePublish(uri: string): void {
    if (scheduled.has(uri)) return;
    scheduled.add(uri);
    const began = performance.now();
    // `seen` starts undefined so the first turn only lets the next queued message in. Edits that
    // never pause still get diagnostics every MAX_SETTLE_MS.
    const settle = (seen: number | undefined) =>
      setImmediate(() => {
        const doc = documents.get(uri);
        if (doc && doc.version !== seen && performance.now() - began < MAX_SETTLE_MS) return settle(doc.version);
        scheduled.delete(uri);
        if (doc) void publish(doc).catch((err) => connection.console.error(`diagnostics for ${uri} failed: ${(err as Error).message}`));
      });
    settle(undefined);
  }

  /** Registry answers that missed the budget: refresh only when they change what the user sees. */
  async function lateFacts(uri: string): Promise<void> {
    const doc = documents.get(uri);
    if (!doc) return;
    const analysis = await analyze(doc, { budgetMs: 0, gather: false });
    if (features.codeLensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    if (delivered.get(uri) === signature(analysis.findings)) return;
    if (!features.pullDiagnostics) return publish(doc);
    if (features.diagnosticRefresh) await connection.languages.diagnostics.refresh();
  }

  /** Settings, trust or a config file changed: forget everything derived from them and re-check. */
  async function reconfigure(): Promise<void> {
    settings.clear();
    analyzer.clear();
    clients.retire();
    shownProblems.clear();
    if (features.pullDiagnostics) {
      if (features.diagnosticRefresh) await connection.languages.diagnostics.refresh();
    } else {
      await Promise.all(documents.all().map((d) => publish(d)));
    }
    if (features.codeLensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }

  connection.onInitialize((params: InitializeParams) => {
    features = clientFeatures(params.capabilities ?? {});
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    storagePath = typeof options.storagePath === 'string' ? options.storagePath : undefined;
    trust = { trusted: options.workspaceTrusted !== false, userRegistries: registriesOf(options.userRegistries) };
    folders = (params.workspaceFolders ?? []).flatMap((f) => filePath(f.uri) ?? []);
    if (folders.length === 0 && params.rootUri) folders = [filePath(params.rootUri) ?? []].flat();
    return { capabilities: serverCapabilities(features), serverInfo: { name: 'dockerfile-patch-hygiene' } };
  });

  connection.onInitialized(guardNotification(connection, 'initialized', async () => {
    if (features.configurationRegistration) await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    if (features.watchedFilesRegistration) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }, { globPattern: '**/.hadolint.{yaml,yml}' }] });
    }
    if (features.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.flatMap((f) => filePath(f.uri) ?? []));
        folders = [...folders.filter((f) => !removed.has(f)), ...e.added.flatMap((f) => filePath(f.uri) ?? [])];
        void reconfigure();
      });
    }
  }));

  connection.onDidChangeConfiguration(guardNotification(connection, 'didChangeConfiguration', async (params) => {
    const sent = (params?.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    if (sent !== undefined) pushedSettings = sent;
    await reconfigure();
  }));
  connection.onDidChangeWatchedFiles(guardNotification(connection, 'didChangeWatchedFiles', reconfigure));
  connection.onNotification(TrustNotification, guardNotification(connection, 'trust', async (params) => {
    trust = { trusted: params?.trusted !== false, userRegistries: registriesOf(params?.userRegistries) };
    await reconfigure();
  }));

  // An opened document is analysed at once; edits are coalesced (schedulePublish).
  const openedAt = new Map<string, number>();
  documents.onDidOpen(guardNotification(connection, 'didOpen', async (e) => {
    openedAt.set(e.document.uri, e.document.version);
    if (!features.pullDiagnostics) await publish(e.document);
  }));
  documents.onDidChangeContent(guardNotification(connection, 'didChange', async (e) => {
    if (openedAt.get(e.document.uri) === e.document.version) return;
    if (!features.pullDiagnostics) schedulePublish(e.document.uri);
  }));
  documents.onDidClose(guardNotification(connection, 'didClose', async (e) => {
    openedAt.delete(e.document.uri);
    settings.forget(e.document.uri);
    analyzer.forget(e.document.uri);
    delivered.delete(e.document.uri);
    if (!features.pullDiagnostics) await connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  }));

  connection.languages.diagnostics.on(guard(connection, 'diagnostics', async (params, token) => {
    const doc = documents.get(requireUri(params));
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const analysis = await orCancelled(analyze(doc, { budgetMs: DIAGNOSTICS_BUDGET_MS }), token);
    const resultId = `${analysis.version}:${hash(signature(analysis.findings))}`;
    delivered.set(doc.uri, signature(analysis.findings));
    if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: toDiagnostics(analysis.findings, analysis.version) };
  }));

  connection.onCodeAction(guard(connection, 'codeAction', async (params, token) => {
    const doc = documents.get(requireUri(params));
    if (!doc || !params.context) return [];
    const analysis = await analyze(doc, { budgetMs: 0, gather: false });
    checkCancelled(token);
    return listCodeActions(analysis, params, features);
  }));

  connection.onCodeActionResolve(guard(connection, 'codeAction/resolve', async (action) => {
    if (!isActionData(action.data)) return action;
    const result = await fixes.run(action.data.uri, action.data.plans);
    if (!result) return action;
    if (result.failures.length > 0) showUser(connection, 'error', failureMessage(verbOf(action.data.plans), result.failures));
    if (result.edits.length > 0) action.edit = workspaceEdit(action.data.uri, result.version, result.edits, features.documentChanges);
    return action;
  }));

  connection.onExecuteCommand(guard(connection, 'executeCommand', (params, token) =>
    executeCommand(params, token, { connection, documents, analyze, fixes, features }),
  ));

  connection.onHover(guard(connection, 'hover', async (params, token) => {
    const doc = documents.get(requireUri(params));
    if (!doc) return null;
    const analysis = await analyze(doc, { budgetMs: 0, gather: false });
    return orCancelled(hoverAt(analysis, params.position, new Date()), token);
  }));

  connection.onCompletion(guard(connection, 'completion', async (params, token) => {
    const doc = documents.get(requireUri(params));
    if (!doc) return null;
    const line = doc.getText({ start: { line: params.position.line, character: 0 }, end: params.position });
    const ctx = tagContext(line, params.position);
    if (!ctx) return null;
    const client = clients.for(await settings.get(doc.uri));
    return orCancelled(completeTags(client, ctx, params.position), token);
  }));

  connection.onCodeLens(guard(connection, 'codeLens', async (params, token) => {
    const doc = documents.get(requireUri(params));
    if (!doc) return [];
    const analysis = await analyze(doc, { budgetMs: 0, gather: false });
    const { lenses, complete } = await orCancelled(codeLenses(analysis, new Date()), token);
    if (!complete && features.codeLensRefresh) void lateLensRefresh(analysis);
    return lenses;
  }));

  /** Lens facts that missed the budget are still on their way into the registry cache: refresh once they are. */
  async function lateLensRefresh(analysis: DocumentAnalysis): Promise<void> {
    const { complete } = await codeLenses(analysis, new Date()).catch(() => ({ complete: false }));
    if (complete) await connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }

  registerFreshnessRequest(connection, {
    documents,
    clientFor: async (uri) => clients.for(await settings.get(uri)),
    storagePath: () => storagePath,
  });

  // For benchmarks and bug reports: what the server holds, measured by the process itself.
  connection.onRequest(MEMORY_REQUEST, () => ({ ...process.memoryUsage(), documents: documents.all().length }));
  connection.onShutdown(guard(connection, 'shutdown', () => clients.closeAll()));

  documents.listen(connection);
  connection.listen();
}

function registriesOf(value: unknown): Record<string, RegistrySetting> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, RegistrySetting>) : {};
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
