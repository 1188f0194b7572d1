/**
 * A configuration file the user must fix. The message names the file, the key (dotted path, as in
 * `rules.latest-tag`) and, when known, the line and column, so it can be printed as is.
 */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly key?: string,
    readonly position?: { line: number; column: number },
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}
