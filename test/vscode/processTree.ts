import * as fs from 'node:fs';

/** Pids of live processes whose command line mentions `marker` (e.g. a run's temp folder). */
export function processesMentioning(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(marker)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** SIGTERM to a process group, then SIGKILL when it has not exited within graceMs. */
export async function killGroup(pid: number, exited: Promise<unknown>, graceMs = 5_000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // group already gone
    }
  };
  signal('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
  if ((await Promise.race([exited, timedOut])) === 'timeout') signal('SIGKILL');
  clearTimeout(timer);
  // The leader exiting does not end its children (ext host, language server): sweep the group.
  signal('SIGKILL');
}
