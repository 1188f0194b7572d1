import type { RegistryClient } from '../registry';
import { checkFreshness } from './checkFreshness';
import type { MovedTag } from './protocol';
import { loadState, saveState, type FreshnessState } from './state';
import type { DockerfileText } from './tagsInUse';

/**
 * Runs freshness checks one at a time and remembers what was seen and told, in `storageDir` when
 * given (it survives restarts and is shared by every window), in memory otherwise.
 */
export class FreshnessWatch {
  private queue: Promise<unknown> = Promise.resolve();
  private memory: FreshnessState = { tags: {} };

  constructor(private readonly storageDir: string | undefined) {}

  check(files: DockerfileText[], clientFor: (uri: string) => RegistryClient | Promise<RegistryClient>, now = new Date()): Promise<MovedTag[]> {
    const run = this.queue.then(async () => {
      // Read right before checking: another window may have told the user about a move already.
      const previous = this.storageDir ? await loadState(this.storageDir) : this.memory;
      const { moved, state } = await checkFreshness(files, clientFor, previous, now);
      if (this.storageDir) await saveState(this.storageDir, state, now);
      else this.memory = state;
      return moved;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
