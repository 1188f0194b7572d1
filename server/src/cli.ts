import { runCli } from './cli/main';

void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
}).then((status) => {
  // exitCode, not exit(): stdout may still be flushing into a pipe.
  process.exitCode = status;
});
