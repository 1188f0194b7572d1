import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usageError';
import type { Severity } from '../core/types';

export type OutputFormat = 'text' | 'json' | 'sarif';
export type FailLevel = Severity | 'none';

/** Options `check` and `fix` share. */
export interface CommonOptions {
  paths: string[];
  config?: string;
  offline: boolean;
  cacheDir?: string;
  noCache: boolean;
  verbose: boolean;
  now?: Date;
  stdinFilename?: string;
}

export interface CheckOptions extends CommonOptions {
  format: OutputFormat;
  failLevel: FailLevel;
}

export interface FixOptions extends CommonOptions {
  pin: boolean;
  refresh: boolean;
  update: boolean;
  /** How far `--update` may move a tag: `patch` (default) or `minor` (`--update=minor`). */
  updateLevel: 'patch' | 'minor';
  dryRun: boolean;
}

const COMMON = {
  config: { type: 'string' },
  offline: { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  verbose: { type: 'boolean' },
  now: { type: 'string' },
  'stdin-filename': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
const FAIL_LEVELS: readonly FailLevel[] = ['error', 'warning', 'info', 'hint', 'none'];

/** `undefined` means the user asked for --help. */
export function parseCheckOptions(argv: string[]): CheckOptions | undefined {
  const { values, positionals } = parse('check', argv, {
    ...COMMON,
    format: { type: 'string' },
    'fail-level': { type: 'string' },
  });
  if (values.help) return undefined;
  const format = (values.format as string | undefined) ?? 'text';
  if (!FORMATS.includes(format as OutputFormat)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}".`, 'check');
  }
  const failLevel = (values['fail-level'] as string | undefined) ?? 'error';
  if (!FAIL_LEVELS.includes(failLevel as FailLevel)) {
    throw new UsageError(`--fail-level must be one of ${FAIL_LEVELS.join(', ')}, got "${failLevel}".`, 'check');
  }
  return { ...common('check', values, positionals), format: format as OutputFormat, failLevel: failLevel as FailLevel };
}

export function parseFixOptions(argv: string[]): FixOptions | undefined {
  // `--update=minor` / `--update=patch`: parseArgs has no optional values, so the level is read here.
  let updateLevel: 'patch' | 'minor' = 'patch';
  argv = argv.map((arg) => {
    const m = /^--update=(.*)$/.exec(arg);
    if (!m) return arg;
    if (m[1] !== 'patch' && m[1] !== 'minor') throw new UsageError(`--update takes patch or minor, got "${m[1]}".`, 'fix');
    updateLevel = m[1];
    return '--update';
  });
  const { values, positionals } = parse('fix', argv, {
    ...COMMON,
    pin: { type: 'boolean' },
    refresh: { type: 'boolean' },
    update: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  });
  if (values.help) return undefined;
  const options = {
    ...common('fix', values, positionals),
    pin: values.pin === true,
    refresh: values.refresh === true,
    update: values.update === true,
    updateLevel,
    dryRun: values['dry-run'] === true,
  };
  if (!options.pin && !options.refresh && !options.update) {
    throw new UsageError('say which fixes to apply: --pin, --refresh and/or --update.', 'fix');
  }
  return options;
}

type Values = Record<string, string | boolean | undefined>;

function parse(command: string, argv: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Values, positionals };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const flag = /'(-[^' ]+)/.exec(e.message)?.[1];
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${flag ?? ''} for ${command}.`, command);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const takesValue = /<value>/.test(e.message);
      throw new UsageError(takesValue ? `${flag} needs a value.` : `${flag} does not take a value.`, command);
    }
    throw new UsageError(e.message, command);
  }
}

function common(command: string, values: Values, positionals: string[]): CommonOptions {
  if (values['no-cache'] && values['cache-dir'] !== undefined) {
    throw new UsageError('--cache-dir and --no-cache contradict each other; pick one.', command);
  }
  return {
    paths: positionals,
    config: values.config as string | undefined,
    offline: values.offline === true,
    cacheDir: values['cache-dir'] as string | undefined,
    noCache: values['no-cache'] === true,
    verbose: values.verbose === true,
    now: values.now === undefined ? undefined : parseDay(values.now as string, command),
    stdinFilename: values['stdin-filename'] as string | undefined,
  };
}

/** A calendar day at 00:00 UTC; rejects dates that do not exist, like 2024-02-30. */
export function parseDay(text: string, command?: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !date || date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3])) {
    throw new UsageError(`--now takes a date as YYYY-MM-DD, e.g. --now 2025-06-30; got "${text}".`, command);
  }
  return date;
}
