import { CodeActionKind, TextDocumentSyncKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver/node';
import { COMMANDS, FIX_ALL_KIND, SOURCE } from './protocol';

/** What the client can do, read once from `initialize`. */
export interface ClientFeatures {
  /** `textDocument/diagnostic` (pull); push `publishDiagnostics` otherwise (Neovim 0.7). */
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  codeLensRefresh: boolean;
  configuration: boolean;
  configurationRegistration: boolean;
  watchedFilesRegistration: boolean;
  documentChanges: boolean;
  resolveEdit: boolean;
  workspaceFolders: boolean;
}

export function clientFeatures(caps: ClientCapabilities): ClientFeatures {
  return {
    pullDiagnostics: caps.textDocument?.diagnostic !== undefined,
    diagnosticRefresh: caps.workspace?.diagnostics?.refreshSupport === true,
    codeLensRefresh: caps.workspace?.codeLens?.refreshSupport === true,
    configuration: caps.workspace?.configuration === true,
    configurationRegistration: caps.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchedFilesRegistration: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true,
    resolveEdit: caps.textDocument?.codeAction?.resolveSupport?.properties?.includes('edit') === true,
    workspaceFolders: caps.workspace?.workspaceFolders === true,
  };
}

export function serverCapabilities(features: ClientFeatures): ServerCapabilities {
  return {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
    executeCommandProvider: { commands: Object.values(COMMANDS) },
    hoverProvider: true,
    completionProvider: { triggerCharacters: [':'] },
    codeLensProvider: { resolveProvider: false },
    diagnosticProvider: features.pullDiagnostics ? { identifier: SOURCE, interFileDependencies: false, workspaceDiagnostics: false } : undefined,
    workspace: features.workspaceFolders ? { workspaceFolders: { supported: true, changeNotifications: true } } : undefined,
  };
}
