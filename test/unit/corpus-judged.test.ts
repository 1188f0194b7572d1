import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { corpusFiles, corpusKey } from '../corpus/corpus';

/** One finding on a real corpus file, judged by reading the file as its maintainer would. */
interface Judged {
  file: string;
  line: number;
  rule: string;
  verdict: 'true' | 'false' | 'debatable';
  reason: string;
}

const table = JSON.parse(readFileSync(path.resolve(__dirname, '../../../test/corpus/judged.json'), 'utf8')) as { judgedOn: string; findings: Judged[] };
const now = new Date(`${table.judgedOn}T00:00:00Z`);

describe('judged findings on the real corpus stay judged (test/corpus/judged.json)', () => {
  const byKey = new Map(corpusFiles().map((f) => [corpusKey(f), f]));
  const lines = new Map<string, Set<string>>();
  const found = (file: string) => {
    let seen = lines.get(file);
    if (!seen) {
      const f = byKey.get(file);
      assert.ok(f, `${file} is in the corpus`);
      seen = new Set(analyze(f.text, { now, path: file }).findings.map((x) => `${x.rule}:${x.range.start.line + 1}`));
      lines.set(file, seen);
    }
    return seen;
  };
  const judged = table.findings.filter((j) => j.verdict !== 'debatable');
  it(`has judged findings of every kind (${table.findings.length} in all)`, () => {
    assert.ok(judged.some((j) => j.verdict === 'true') && judged.some((j) => j.verdict === 'false'));
  });
  for (const j of judged) {
    const what = `${j.rule} at ${j.file}:${j.line}`;
    it(j.verdict === 'true' ? `still reports ${what}: ${j.reason}` : `no longer reports ${what}: ${j.reason}`, () => {
      assert.equal(found(j.file).has(`${j.rule}:${j.line}`), j.verdict === 'true');
    });
  }
});
