/**
 * Every credential and token the client has touched, so that log lines and error messages can be
 * scrubbed of them even if a registry echoes a header back in an error body.
 */
export class Secrets {
  private readonly values = new Set<string>();

  add(...values: Array<string | undefined>): void {
    for (const v of values) if (v && v.length >= 4) this.values.add(v);
  }

  redact(text: string): string {
    let out = text;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join('***');
    return out;
  }
}
