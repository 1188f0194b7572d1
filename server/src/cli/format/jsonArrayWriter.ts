/** Stands for the array that is written item by item. */
const PLACEHOLDER = '\u0000items\u0000';

/**
 * Writes `JSON.stringify(document, null, 2)` with one of its arrays filled in item by item: byte
 * for byte what stringifying the whole document would give, without holding every item of a run
 * in memory at once. The array's place in `document` holds `JsonArrayWriter.ITEMS`.
 */
export class JsonArrayWriter {
  static readonly ITEMS = PLACEHOLDER;
  private readonly head: string;
  private readonly tail: string;
  /** Indentation of the line that holds the array's key. */
  private readonly indent: string;
  private count = 0;

  constructor(document: unknown, private readonly write: (text: string) => void) {
    const text = JSON.stringify(document, null, 2);
    const quoted = JSON.stringify(PLACEHOLDER);
    const at = text.indexOf(quoted);
    if (at < 0) throw new Error('JsonArrayWriter: the document has no JsonArrayWriter.ITEMS');
    this.head = text.slice(0, at);
    this.tail = `${text.slice(at + quoted.length)}\n`;
    this.indent = /^ */.exec(text.slice(text.lastIndexOf('\n', at) + 1))![0];
  }

  item(value: unknown): void {
    // JSON strings hold no raw newline: every newline of the item starts one of its lines.
    const body = JSON.stringify(value, null, 2).replace(/\n/g, `\n${this.indent}  `);
    this.write(`${this.count++ === 0 ? `${this.head}[\n` : ',\n'}${this.indent}  ${body}`);
  }

  end(): void {
    this.write(this.count === 0 ? `${this.head}[]${this.tail}` : `\n${this.indent}]${this.tail}`);
  }
}
