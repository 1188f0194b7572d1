import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../server/src/core/analyze';
import { generateDockerfile } from '../support/generateDockerfile';
import { LspClient, PULL_CLIENT, PUSH_CLIENT, SERVER_JS } from '../protocol/lspClient';
import { corpusFiles } from '../corpus/corpus';
import { percentile, round, timed, timedAsync } from './stats';
import { measureActivation } from './activation';
import { verdict, type Section } from './table';

export interface EditorOptions {
  edits: number;
  documents: number;
  workDir: string;
}

const P95_TARGET_MS = 10;
const MEMORY_TARGET_MB = 80;
const ACTIVATION_TARGET_MS = 100;
/** Issue 12: after a burst of edits, the last version's diagnostics within a second of the last edit. */
const BURST_TARGET_MS = 1000;
const BURST_EDITS = 2000;
/** Warm opens per server: enough that the median is not the JIT's first impressions. */
const WARM_OPENS = 100;

/** Issue 4: edit-to-diagnostics at the protocol level, memory with many open files, activation. */
export async function editorSection(opts: EditorOptions): Promise<Section> {
  if (!existsSync(SERVER_JS)) return notMeasured(`${path.relative(process.cwd(), SERVER_JS)} is missing; run npm run build`);
  const home = path.join(opts.workDir, 'editor-home');
  await mkdir(home, { recursive: true });
  // Offline: the figures are about analysis, and the generated files name Docker Hub images.
  const start = (capabilities: typeof PUSH_CLIENT) =>
    timedAsync(() => LspClient.start({ capabilities, settings: () => ({ offline: true }), env: { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: home } }));

  const text = generateDockerfile(300_001, 300);
  const inProcess = Array.from({ length: 200 }, () => timed(() => analyze(text)).ms);
  const push = await start(PUSH_CLIENT);
  const idleRssMb = statusMb(push.value.client.child.pid!, 'VmRSS');
  let pushed: Latency;
  let memory: Memory;
  let oursWarmOpenMs: number;
  let burst: Burst;
  try {
    pushed = await editLatency(push.value.client, text, opts.edits, 'push');
    burst = await burstOfEdits(push.value.client, text);
    oursWarmOpenMs = await warmOpen(push.value.client, true);
    memory = { ...(await memoryWithOpenFiles(push.value.client, opts.documents)), idleRssMb };
  } finally {
    await push.value.client.dispose();
  }
  const pull = await start(PULL_CLIENT);
  let pulled: Latency;
  try {
    pulled = await editLatency(pull.value.client, text, opts.edits, 'pull');
  } finally {
    await pull.value.client.dispose();
  }
  const inProcessLatency = { p50: round(percentile(inProcess, 50)), p95: round(percentile(inProcess, 95)) };
  const peer = await peerFigures(opts, text, home);
  const activation = await measureActivation();
  const activationRows: (string | number)[][] = typeof activation === 'string'
    ? [['extension activation', activation, '', `< ${ACTIVATION_TARGET_MS} ms`, '-']]
    : [
        [`extension activation in VS Code ${activation.vscode} (activate()), ms`, round(activation.activateMs), '', `< ${ACTIVATION_TARGET_MS}`, verdict(activation.activateMs < ACTIVATION_TARGET_MS)],
        ['  bundle load before activate(), ms', round(activation.loadMs ?? NaN), '', '', ''],
        ['  Dockerfile opened to extension active, ms', round(activation.activatedAfterOpenMs), '', '', ''],
        ['  Dockerfile opened to language server ready, ms', round(activation.serverReadyAfterOpenMs), '', '', ''],
      ];
  const lines = text.split('\n').length - 1;
  return {
    title: 'Editor (issue 4)',
    notes: [
      `node ${path.relative(process.cwd(), SERVER_JS)} --stdio driven over JSON-RPC; settings { offline: true }; ${opts.edits} one-line edits of a ${lines}-line file after 30 warm-up edits`,
      `push: didChange -> publishDiagnostics of that version; pull: didChange + textDocument/diagnostic -> report`,
      `burst: ${BURST_EDITS} one-line edits sent without waiting, then the time from the last edit to the diagnostics of its version`,
      `memory: ${opts.documents} real Dockerfiles (test/corpus cycled, each its own URI) opened (push client), after every one's diagnostics arrived; RSS from /proc/<pid>/status, V8 heap from the server's dockerfilePatchHygiene/memory request; the server runs with the editor's flags (SERVER_EXEC_ARGV)`,
    ],
    columns: ['figure', 'p50 / value', 'p95', 'target', 'verdict'],
    rows: [
      ['server start to initialize result, ms', round(push.ms), '', '', ''],
      ['edit to diagnostics, push, ms', pushed.p50, pushed.p95, `p95 < ${P95_TARGET_MS}`, verdict(pushed.p95 < P95_TARGET_MS)],
      ['edit to diagnostics, pull, ms', pulled.p50, pulled.p95, `p95 < ${P95_TARGET_MS}`, verdict(pulled.p95 < P95_TARGET_MS)],
      ['same file, analyze() in this process, ms', inProcessLatency.p50, inProcessLatency.p95, 'baseline', ''],
      ['server RSS after initialize, MB', memory.idleRssMb!, '', '', ''],
      ['server RSS before opening documents, MB', memory.baselineRssMb, '', '', ''],
      [`server RSS, ${opts.documents} documents, MB`, memory.rssMb, '', `< ${MEMORY_TARGET_MB}`, verdict(memory.rssMb < MEMORY_TARGET_MB)],
      [`server peak RSS (VmHWM), MB`, memory.peakRssMb, '', '', ''],
      [`server V8 heap used / total, ${opts.documents} documents, MB`, `${memory.heapUsedMb} / ${memory.heapTotalMb}`, '', '', ''],
      [`burst of ${BURST_EDITS} edits: last edit to its diagnostics, ms`, burst.lastMs, '', `< ${BURST_TARGET_MS}`, verdict(burst.lastMs < BURST_TARGET_MS)],
      [`  diagnostics published during the burst`, burst.published, '', '', ''],
      [`warm open of a 30-line file to diagnostics, median of ${WARM_OPENS}, ms`, oursWarmOpenMs, '', '', ''],
      ...peerRows(peer, pushed, memory, oursWarmOpenMs),
      ...activationRows,
    ],
    figures: {
      serverStartMs: round(push.ms),
      lines,
      push: pushed,
      pull: pulled,
      inProcess: inProcessLatency,
      memory,
      burst,
      targets: { p95Ms: P95_TARGET_MS, memoryMb: MEMORY_TARGET_MB, activationMs: ACTIVATION_TARGET_MS },
      activation,
      peer,
    },
  };
}

const PEER_SCRIPT = path.resolve(__dirname, '../../../node_modules/dockerfile-language-server-nodejs/bin/docker-langserver');

interface PeerFigures {
  latency: Latency;
  memory: Memory;
  warmOpenMs: number;
}

/**
 * dockerfile-language-server-nodejs (the server behind the Docker and Red Hat extensions) driven by
 * the same client, the same edits and the same 1,000 documents, in this run.
 */
async function peerFigures(opts: EditorOptions, text: string, home: string): Promise<PeerFigures | string> {
  if (!existsSync(PEER_SCRIPT)) return `${path.relative(process.cwd(), PEER_SCRIPT)} is missing (npm ci installs it)`;
  const { client } = await LspClient.start({ capabilities: PUSH_CLIENT, serverScript: PEER_SCRIPT, env: { PATH: process.env.PATH, HOME: home } });
  try {
    const latency = await editLatency(client, text, opts.edits, 'push', false);
    const warmOpenMs = await warmOpen(client, false);
    const memory = await memoryWithOpenFiles(client, opts.documents, false);
    return { latency, memory, warmOpenMs };
  } finally {
    await client.dispose();
  }
}

function peerRows(peer: PeerFigures | string, ours: Latency, memory: Memory, oursWarmOpenMs: number): (string | number)[][] {
  if (typeof peer === 'string') return [['peer (dockerfile-language-server-nodejs)', `not measured: ${peer}`, '', '', '']];
  const ratio = (a: number, b: number) => round(a / b);
  return [
    ['peer: edit to diagnostics, push, ms', peer.latency.p50, peer.latency.p95, '', ''],
    ['ours / peer, edit p50 and p95', ratio(ours.p50, peer.latency.p50), ratio(ours.p95, peer.latency.p95), '', ''],
    [`peer RSS, ${memory.documents} documents, MB`, peer.memory.rssMb, '', '', ''],
    [`ours / peer, RSS with ${memory.documents} documents`, ratio(memory.rssMb, peer.memory.rssMb), '', '<= 1', verdict(memory.rssMb <= peer.memory.rssMb)],
    ['peer: warm open of a 30-line file to diagnostics, ms', peer.warmOpenMs, '', '', ''],
    ['ours / peer, warm open', ratio(oursWarmOpenMs, peer.warmOpenMs), '', '<= 1.2', verdict(oursWarmOpenMs / peer.warmOpenMs <= 1.2)],
  ];
}

/** A server already warm opens WARM_OPENS new 30-line files one after another: median time to their diagnostics. */
async function warmOpen(client: LspClient, versioned: boolean): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < WARM_OPENS; i++) {
    const uri = pathToFileURL(`/bench/warm/svc-${i}/Dockerfile`).href;
    const text = generateDockerfile(700_000 + (i % 20), 30);
    const mark = client.mark();
    const began = performance.now();
    await client.open(uri, text, 1);
    await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && (!versioned || p.version === 1), { from: mark });
    samples.push(performance.now() - began);
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  }
  return round(percentile(samples, 50));
}

interface Burst {
  edits: number;
  lastMs: number;
  published: number;
}

/** Edits as fast as the pipe takes them: the server must skip the superseded versions to catch up. */
async function burstOfEdits(client: LspClient, text: string): Promise<Burst> {
  const uri = pathToFileURL('/bench/burst/Dockerfile').href;
  const opened = client.mark();
  await client.open(uri, text, 1);
  await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri, { from: opened });
  const lines = text.split('\n');
  const line = lines.findIndex((l, i) => i > 150 && l.startsWith('RUN '));
  const from = client.mark();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < BURST_EDITS; i++) {
    const edit = { range: { start: { line, character: 0 }, end: { line, character: lines[line].length } }, text: `RUN echo burst ${i} && make -j${1 + (i % 8)}` };
    lines[line] = edit.text;
    sends.push(client.notify('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [edit] }));
  }
  await Promise.all(sends);
  const last = performance.now();
  await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === BURST_EDITS + 1, { from, timeoutMs: 120_000 });
  const lastMs = round(performance.now() - last);
  const published = client.events.slice(from).filter((e) => e.method === 'textDocument/publishDiagnostics' && e.params.uri === uri).length;
  await client.notify('textDocument/didClose', { textDocument: { uri } });
  return { edits: BURST_EDITS, lastMs, published };
}

interface Latency {
  p50: number;
  p95: number;
  samples: number;
}

async function editLatency(client: LspClient, text: string, edits: number, mode: 'push' | 'pull', versioned = true): Promise<Latency> {
  const uri = pathToFileURL('/bench/latency/Dockerfile').href;
  let version = 1;
  const opened = client.mark();
  await client.open(uri, text, version);
  if (mode === 'push') await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri, { from: opened });
  else await client.pull(uri);
  const lines = text.split('\n');
  // A RUN line in the middle: its commands feed the package-manager and toolchain rules.
  const line = lines.findIndex((l, i) => i > 150 && l.startsWith('RUN '));
  const samples: number[] = [];
  for (let i = 0; i < edits + 30; i++) {
    version++;
    const edit = { range: { start: { line, character: 0 }, end: { line, character: lines[line].length } }, text: `RUN echo edit ${i} && make -j${1 + (i % 8)}` };
    lines[line] = edit.text;
    const mark = client.mark();
    const began = performance.now();
    await client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [edit] });
    if (mode === 'push') {
      const v = version;
      await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && (!versioned || p.version === v), { from: mark });
    } else {
      await client.pull(uri);
    }
    if (i >= 30) samples.push(performance.now() - began);
  }
  await client.notify('textDocument/didClose', { textDocument: { uri } });
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), samples: samples.length };
}

interface Memory {
  documents: number;
  /** Right after initialize. */
  idleRssMb?: number;
  /** After the latency edits, before opening the documents. */
  baselineRssMb: number;
  rssMb: number;
  peakRssMb: number;
  heapUsedMb?: number;
  heapTotalMb?: number;
}

async function memoryWithOpenFiles(client: LspClient, documents: number, ours = true): Promise<Memory> {
  const pid = client.child.pid!;
  const baselineRssMb = statusMb(pid, 'VmRSS');
  const real = corpusFiles().map((f) => f.text);
  const texts = Array.from({ length: documents }, (_, i) => real[i % real.length]);
  const uris = texts.map((_, i) => pathToFileURL(`/bench/workspace/svc-${i}/Dockerfile`).href);
  const waiting = new Set(uris);
  const from = client.mark();
  await Promise.all(texts.map((t, i) => client.open(uris[i], t)));
  await client.waitFor('textDocument/publishDiagnostics', (p) => {
    waiting.delete(p.uri);
    return waiting.size === 0;
  }, { from, timeoutMs: 120_000 });
  const usage = ours ? await client.request<{ heapUsed: number; heapTotal: number }>('dockerfilePatchHygiene/memory', {}) : undefined;
  return {
    documents,
    baselineRssMb,
    rssMb: statusMb(pid, 'VmRSS'),
    peakRssMb: statusMb(pid, 'VmHWM'),
    heapUsedMb: usage && round(usage.heapUsed / 1e6),
    heapTotalMb: usage && round(usage.heapTotal / 1e6),
  };
}

function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return round(kb / 1024);
}

function notMeasured(reason: string): Section {
  return { title: 'Editor (issue 4)', notes: [`not measured: ${reason}`], columns: ['figure', 'value'], rows: [], figures: { notMeasured: reason } };
}
