import { strict as assert } from 'node:assert';
import { JsonArrayWriter } from '../../server/src/cli/format/jsonArrayWriter';

/** What the streamed report must equal: the whole document stringified at once. */
function streamed(document: (items: unknown) => unknown, items: unknown[]): string {
  let out = '';
  const writer = new JsonArrayWriter(document(JsonArrayWriter.ITEMS), (text) => (out += text));
  for (const item of items) writer.item(item);
  writer.end();
  return out;
}

describe('JsonArrayWriter: a report written finding by finding', () => {
  const finding = (i: number) => ({ file: `svc-${i}/Dockerfile`, message: 'a "quoted"\nline', range: { start: { line: i, character: 0 } }, fixes: i % 2 ? [] : [{ edits: [{ newText: 'FROM node:22\n' }] }] });
  const top = (items: unknown) => ({ version: 1, findings: items });
  const nested = (items: unknown) => ({ runs: [{ tool: { rules: [1, 2] }, results: items, after: true }] });

  for (const [name, document] of [['at the top level (json)', top], ['nested in an array (sarif)', nested]] as const) {
    for (const count of [0, 1, 3]) {
      it(`${count} items ${name}: byte for byte JSON.stringify(document, null, 2)`, () => {
        const items = Array.from({ length: count }, (_, i) => finding(i));
        assert.equal(streamed(document, items), `${JSON.stringify(document(items), null, 2)}\n`);
      });
    }
  }

  it('refuses a document without the placeholder', () => {
    assert.throws(() => new JsonArrayWriter({ findings: [] }, () => undefined), /has no JsonArrayWriter.ITEMS/);
  });
});
