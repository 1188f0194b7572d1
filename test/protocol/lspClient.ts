import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_EXEC_ARGV } from '../../server/src/shared/protocolNames';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type MessageConnection,
} from 'vscode-languageserver-protocol/node';

/** The bundled server, as an editor starts it. `npm run build` makes it. */
export const SERVER_JS = path.resolve(__dirname, '..', '..', '..', 'server', 'out', 'server.js');

export interface LspEvent {
  method: string;
  params: any;
}

export interface StartOptions {
  capabilities: ClientCapabilities;
  initializationOptions?: unknown;
  /** Answers `workspace/configuration` for one scope URI. */
  settings?: (scopeUri: string | undefined) => unknown;
  workspaceFolders?: string[];
  /** What `workspace/applyEdit` answers; default applied. */
  applyEditResult?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Another server to start instead of ours (the bench's peer): its script, run with node `--stdio`. */
  serverScript?: string;
}

/**
 * The language server as a child process on stdio, and a client speaking JSON-RPC to it. Every
 * message the server sends to the client is recorded as an event; tests wait on events.
 */
export class LspClient {
  readonly events: LspEvent[] = [];
  readonly stderr: string[] = [];
  private waiters: Array<() => void> = [];
  settings: (scopeUri: string | undefined) => unknown;
  exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess, readonly rpc: MessageConnection, private readonly options: StartOptions) {
    this.settings = options.settings ?? (() => ({}));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  static async start(options: StartOptions): Promise<{ client: LspClient; result: InitializeResult }> {
    const script = options.serverScript ?? SERVER_JS;
    if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first.`);
    // The flags VS Code starts the server with, so figures measured here are the editor's.
    const flags = options.serverScript ? [] : SERVER_EXEC_ARGV;
    const child = spawn(process.execPath, [...flags, script, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, rpc, options);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => client.stderr.push(chunk));
    client.wire();
    rpc.listen();
    const result = await rpc.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: options.capabilities,
      initializationOptions: options.initializationOptions,
      workspaceFolders: (options.workspaceFolders ?? []).map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })),
    });
    await rpc.sendNotification('initialized', {});
    return { client, result };
  }

  private wire(): void {
    const record = (method: string, params: unknown) => {
      this.events.push({ method, params });
      for (const w of this.waiters.splice(0)) w();
    };
    const notifications = ['textDocument/publishDiagnostics', 'window/showMessage', 'window/logMessage', 'dockerfilePatchHygiene/registryState', 'telemetry/event'];
    for (const method of notifications) this.rpc.onNotification(method, (params: unknown) => record(method, params));
    this.rpc.onRequest('workspace/configuration', (params: { items: Array<{ scopeUri?: string; section?: string }> }) => {
      record('workspace/configuration', params);
      return params.items.map((item) => (item.section === 'dockerfilePatchHygiene' ? this.settings(item.scopeUri) : null));
    });
    this.rpc.onRequest('workspace/applyEdit', (params: unknown) => {
      record('workspace/applyEdit', params);
      return { applied: this.options.applyEditResult ?? true };
    });
    for (const method of ['client/registerCapability', 'client/unregisterCapability', 'workspace/diagnostic/refresh', 'workspace/codeLens/refresh', 'window/workDoneProgress/create']) {
      this.rpc.onRequest(method, (params: unknown) => {
        record(method, params);
        return null;
      });
    }
  }

  /**
   * Resolves with the first event (from index `from` on) that matches; rejects after `timeoutMs`
   * with what did arrive, so a failing test says what the server sent instead.
   */
  waitFor(method: string, match: (params: any) => boolean = () => true, opts: { from?: number; timeoutMs?: number } = {}): Promise<LspEvent> {
    const from = opts.from ?? 0;
    const timeoutMs = opts.timeoutMs ?? 20_000;
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.events.slice(from).find((e) => e.method === method && match(e.params));
        if (found) {
          clearTimeout(timer);
          resolve(found);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        const seen = this.events.slice(from).map((e) => `${e.method} ${JSON.stringify(e.params).slice(0, 300)}`);
        reject(new Error(`no ${method} matching within ${timeoutMs} ms; got:\n${seen.join('\n')}\nstderr: ${this.stderr.join('')}`));
      }, timeoutMs);
      const loop = () => {
        if (!check()) this.waiters.push(loop);
      };
      loop();
    });
  }

  /** Index of the next event, to wait only for what comes after an action. */
  mark(): number {
    return this.events.length;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.rpc.sendRequest<R>(method, params);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.rpc.sendNotification(method, params);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version, text } });
  }

  change(uri: string, text: string, version: number): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  pull(uri: string, previousResultId?: string): Promise<any> {
    return this.request('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
  }

  /** shutdown, exit, and the process's exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) {
      await this.request('shutdown', null).catch(() => undefined);
      await this.notify('exit', null).catch(() => undefined);
    }
    const code = await this.exited;
    this.rpc.dispose();
    return code;
  }

  /** For after() hooks: never leaves a server behind, even when a test failed mid-way. */
  async dispose(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const stopped = this.stop();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await stopped.catch(() => undefined);
    clearTimeout(timer);
  }
}

const common: ClientCapabilities = {
  workspace: {
    configuration: true,
    applyEdit: true,
    workspaceEdit: { documentChanges: true },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    codeLens: { refreshSupport: true },
  },
  textDocument: {
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { labelDetailsSupport: true } },
  },
};

/** A client like VS Code: pull diagnostics with refresh, lazily resolved code actions. */
export const PULL_CLIENT: ClientCapabilities = {
  ...common,
  workspace: { ...common.workspace, diagnostics: { refreshSupport: true } },
  textDocument: {
    ...common.textDocument,
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true, isPreferredSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
  },
};

/** A client like Neovim 0.7: pushed diagnostics only, code actions without resolve. */
export const PUSH_CLIENT: ClientCapabilities = {
  workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: false } },
  textDocument: {
    publishDiagnostics: { relatedInformation: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
  },
};
