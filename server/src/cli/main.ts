import { REBUILD_USAGE, runRebuildCli } from '../rebuild/cliCommand';
import { runCheck } from './checkCommand';
import { runFix } from './fixCommand';
import type { CliIo } from './io';
import { CHECK_USAGE, FIX_USAGE, MAIN_USAGE } from './usage';
import { InputError, UsageError } from './usageError';
import { PACKAGE_NAME, packageVersion } from './version';

const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  check: runCheck,
  fix: runFix,
  rebuild: (argv, io) => runRebuildCli(argv, { stdout: io.stdout, stderr: io.stderr, env: io.env }),
};

/** Runs one command line and returns the exit status; never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) throw new UsageError('name a command: check, fix or rebuild.');
    if (command === '--help' || command === '-h' || command === 'help') return help(rest[0], io);
    if (command === '--version' || command === '-V') {
      io.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    const run = COMMANDS[command];
    if (!run) {
      throw new UsageError(command.startsWith('-') ? `unknown option ${command}; options go after the command (check, fix, rebuild).` : `unknown command "${command}"; the commands are check, fix and rebuild.`);
    }
    return await run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      const hint = err.command ? `${PACKAGE_NAME} ${err.command} --help` : `${PACKAGE_NAME} --help`;
      io.stderr.write(`${PACKAGE_NAME}: ${err.message} See \`${hint}\`.\n`);
      return 2;
    }
    if (err instanceof InputError) {
      io.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    io.stderr.write(`${PACKAGE_NAME}: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    return 2;
  }
}

function help(topic: string | undefined, io: CliIo): number {
  const text = topic === 'check' ? CHECK_USAGE : topic === 'fix' ? FIX_USAGE : topic === 'rebuild' ? REBUILD_USAGE : MAIN_USAGE;
  io.stdout.write(`${text}\n`);
  return 0;
}
