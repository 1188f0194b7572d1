import { readFileSync, existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  positionTicks?: Array<{ line: number; ticks: number }>;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  /** Where the function is defined: the TypeScript source for our code, else the package file. */
  where: string;
  /** The line with the most samples in it. */
  hotLine?: string;
  selfMs: number;
  selfShare: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Time inside dockerfile-ast's DockerfileParser.parse, callees included. */
  parserShare: number;
  ours: HotFunction[];
  packages: HotFunction[];
  file: string;
}

/** Runs `work` under V8's sampling profiler (what `node --cpu-prof` uses) and saves the profile. */
export async function profile(work: () => void, file: string): Promise<ProfileSummary> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    work();
    const { profile: result } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    await writeFile(file, JSON.stringify(result));
    return summarise(result, file);
  } finally {
    session.disconnect();
  }
}

function summarise(p: CpuProfile, file: string): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let totalUs = 0;
  p.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + p.timeDeltas[i]);
    totalUs += p.timeDeltas[i];
  });
  const inclusive = (n: ProfileNode): number => (self.get(n.id) ?? 0) + (n.children ?? []).reduce((s, c) => s + inclusive(byId.get(c)!), 0);
  // The parser's entry point; its callees are the parser too.
  const parserUs = p.nodes
    .filter((n) => n.callFrame.functionName === 'parse' && /dockerfile-ast\/lib\/main\.js$/.test(n.callFrame.url))
    .reduce((s, n) => s + inclusive(n), 0);
  const grouped = new Map<string, { frame: CallFrame; us: number; ticks: Map<number, number> }>();
  for (const n of p.nodes) {
    const us = self.get(n.id) ?? 0;
    if (us === 0 || !n.callFrame.url) continue;
    const key = `${n.callFrame.url}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
    const entry = grouped.get(key) ?? { frame: n.callFrame, us: 0, ticks: new Map<number, number>() };
    entry.us += us;
    for (const t of n.positionTicks ?? []) entry.ticks.set(t.line, (entry.ticks.get(t.line) ?? 0) + t.ticks);
    grouped.set(key, entry);
  }
  const hot = [...grouped.values()].sort((a, b) => b.us - a.us).map((e): HotFunction & { ours: boolean } => {
    const hottest = [...e.ticks].sort((a, b) => b[1] - a[1])[0]?.[0];
    const def = locate(e.frame.url, e.frame.lineNumber, e.frame.columnNumber);
    return {
      name: e.frame.functionName || '(anonymous)',
      where: def.where,
      // The last mapping on the line names the TypeScript line it came from.
      hotLine: hottest !== undefined ? locate(e.frame.url, hottest - 1, 10_000).where : undefined,
      selfMs: e.us / 1000,
      selfShare: e.us / totalUs,
      ours: !e.frame.url.includes('/node_modules/') && !e.frame.url.startsWith('node:'),
    };
  });
  const strip = ({ ours: _o, ...f }: HotFunction & { ours: boolean }): HotFunction => f;
  return {
    totalMs: totalUs / 1000,
    parserShare: totalUs ? parserUs / totalUs : 0,
    ours: hot.filter((f) => f.ours).slice(0, 12).map(strip),
    packages: hot.filter((f) => !f.ours).slice(0, 6).map(strip),
    file,
  };
}

const maps = new Map<string, SourceMap | null>();
const ROOT = path.resolve(__dirname, '../../..');

/** `server/src/core/x.ts:42` for compiled code with a source map, else the file itself. Lines are 1-based. */
function locate(url: string, line0: number, column0: number): { where: string } {
  const js = url.startsWith('file:') ? fileURLToPath(url) : url;
  let map = maps.get(js);
  if (map === undefined) {
    const mapFile = `${js}.map`;
    map = !js.includes('/node_modules/') && existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null;
    maps.set(js, map);
  }
  const entry = map?.findEntry(line0, column0) as { originalSource?: string; originalLine?: number } | undefined;
  if (entry?.originalSource !== undefined && entry.originalLine !== undefined) {
    const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(js), entry.originalSource);
    return { where: `${path.relative(ROOT, source)}:${entry.originalLine + 1}` };
  }
  const shown = js.includes('/node_modules/') ? js.slice(js.lastIndexOf('/node_modules/') + 14) : path.relative(ROOT, js);
  return { where: `${shown}:${line0 + 1}` };
}
