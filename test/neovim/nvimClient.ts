import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const runLua = path.resolve(__dirname, '..', '..', '..', 'test', 'neovim', 'run.lua');

export interface NvimLspOptions {
  /** Language server command, e.g. [process.execPath, 'server/out/server.js', '--stdio']. */
  serverCommand: string[];
  /** The file opened in the buffer; a temp copy is opened, the original is never changed. */
  file: string;
  /** Buffer filetype; default 'dockerfile'. */
  filetype?: string;
  /** Wait until the buffer has at least this many diagnostics; default 1. */
  minDiagnostics?: number;
  /** Request textDocument/codeAction at the first diagnostic and apply the first action whose title contains this. */
  codeActionTitle?: string;
  /** After applying, wait for the server to publish diagnostics again and report them. */
  waitAfterFix?: boolean;
  initializationOptions?: unknown;
  /** Answered to the server's workspace/configuration requests. */
  settings?: Record<string, unknown>;
  /** Each wait inside Neovim; the whole run gets twice this plus startup. Default 20 s. */
  timeoutMs?: number;
  /** Extra environment for nvim and so for the server. */
  env?: Record<string, string>;
}

/** An LSP diagnostic as the server published it (zero-based, UTF-16 positions). */
export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  severity?: number;
  code?: string | number;
  source?: string;
}

export interface NvimLspResult {
  /** Last publishDiagnostics the client received before any fix. */
  diagnostics: LspDiagnostic[];
  /** The same after Neovim's conversion (vim.diagnostic.get): proof the client took them in. */
  vimDiagnostics: Array<{ lnum: number; col: number; message: string; severity: number; source?: string }>;
  /** Titles of every code action offered at the first diagnostic. */
  codeActions: string[];
  appliedAction?: string;
  /** Buffer text after the action (or as opened when none was requested). */
  bufferText?: string;
  diagnosticsAfterFix?: LspDiagnostic[];
  /** Set when something inside Neovim went wrong; the run still resolves so a test can show it. */
  error?: string;
  events: string[];
  /** nvim's stderr and the tail of Neovim's lsp.log. */
  log: string;
}

/**
 * Opens `file` in headless Neovim (`nvim --headless -u NONE`), attaches the language server
 * through Neovim's built-in client, waits for diagnostics, optionally applies a code action,
 * and reports what the client saw. Rejects only when nvim produced no report at all.
 */
export async function runNvimLsp(o: NvimLspOptions): Promise<NvimLspResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dph-nvim-'));
  try {
    const file = path.join(tmp, 'workspace', path.basename(o.file));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(o.file, file);
    const output = path.join(tmp, 'result.json');
    const configFile = path.join(tmp, 'config.json');
    const timeoutMs = o.timeoutMs ?? 20_000;
    fs.writeFileSync(configFile, JSON.stringify({
      cmd: o.serverCommand,
      rootDir: path.dirname(file),
      filetype: o.filetype ?? 'dockerfile',
      minDiagnostics: o.minDiagnostics ?? 1,
      codeActionTitle: o.codeActionTitle ?? null,
      waitAfterFix: o.waitAfterFix ?? false,
      initializationOptions: o.initializationOptions ?? null,
      settings: o.settings ?? {},
      timeoutMs,
      output,
    }));
    // Neovim's state, cache (lsp.log) and shada go to the temp folder, not the user's home.
    const xdg = Object.fromEntries(['CONFIG', 'DATA', 'STATE', 'CACHE'].map((k) => [`XDG_${k}_HOME`, path.join(tmp, k.toLowerCase())]));
    const stderr = await runNvim(['--headless', '-u', 'NONE', '-i', 'NONE', '-n', file, '-c', `luafile ${runLua}`],
      { ...process.env, ...o.env, ...xdg, DPH_NVIM_CONFIG: configFile }, 2 * timeoutMs + 15_000);
    const lspLog = path.join(xdg.XDG_CACHE_HOME, 'nvim', 'lsp.log');
    const log = [stderr, fs.existsSync(lspLog) ? fs.readFileSync(lspLog, 'utf8').split('\n').slice(-40).join('\n') : '']
      .filter(Boolean).join('\n');
    if (!fs.existsSync(output)) throw new Error(`nvim wrote no report; log:\n${log}`);
    const raw = JSON.parse(fs.readFileSync(output, 'utf8'));
    return {
      ...raw,
      // json_encode turns an empty Lua table into [] or {}: normalise the lists.
      diagnostics: asList(raw.diagnostics),
      vimDiagnostics: asList(raw.vimDiagnostics),
      codeActions: asList(raw.codeActions),
      events: asList(raw.events),
      log,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function asList<T>(value: unknown): T[] {
  return Array.isArray(value) ? value : [];
}

/** Runs nvim in its own process group and, once it exits, ends whatever it left behind (the server). */
function runNvim(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('nvim', args, { env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // group already gone
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`nvim did not finish within ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', () => {
      clearTimeout(timer);
      killGroup();
      resolve(stderr);
    });
  });
}
