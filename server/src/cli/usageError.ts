/** A mistake in the command line: exit 2 with the message and a pointer to --help. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A file or configuration the CLI cannot use: exit 2 with the message as is. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
