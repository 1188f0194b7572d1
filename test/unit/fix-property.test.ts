import { strict as assert } from 'node:assert';
import { corpusFiles } from '../corpus/corpus';
import { checkFixes } from '../corpus/fixProperty';

// Every fix offered offline on the committed corpus of real Dockerfiles, applied and re-analysed.
describe('fixes on the real corpus (test/corpus)', () => {
  const report = checkFixes(corpusFiles(), new Date('2026-12-02T00:00:00Z'));

  it('offers fixes of each kind the corpus calls for', () => {
    for (const kind of ['Move to a supported version', 'Switch to slim', 'Convert to a multi-stage build']) {
      assert.ok((report.classes.get(kind)?.offered ?? 0) > 0, `${kind} offered`);
    }
  });

  it('every applied fix removes its finding, adds no warning or error, and writes only published tags', () => {
    assert.deepEqual(report.violations.map((v) => `${v.file}:${v.line} ${v.rule} [${v.fix}]: ${v.problem}`), []);
    for (const [kind, c] of report.classes) {
      assert.equal(c.applied, c.offered, `${kind}: every offered fix applies`);
      assert.equal(c.tagsUnverified, 0, `${kind}: every reference written is in a published-tags table`);
      assert.equal(c.tagsPublished, c.offered, `${kind}: every reference written is published today`);
    }
  });
});
