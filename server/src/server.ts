import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './lsp/languageServer';

// Keep serving when one handler's promise escapes its guard: log it, never exit.
process.on('unhandledRejection', (reason) => console.error('unhandled rejection in the language server:', reason));

/** `node server/out/server.js --stdio` (any LSP client) or `--node-ipc` (the VS Code client). */
startLanguageServer(createConnection(ProposedFeatures.all));
