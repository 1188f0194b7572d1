// Names the server and the VS Code client must agree on. Plain constants with no imports, so the
// client bundle takes this file and nothing of the server runtime.

/** The `workspace/configuration` section the settings live under. */
export const SETTINGS_SECTION = 'dockerfilePatchHygiene';

/** Commands the server executes (`workspace/executeCommand`); the first argument is the document URI. */
export const SERVER_COMMANDS = {
  pinAll: 'dockerfilePatchHygiene.pinAll',
  refreshAll: 'dockerfilePatchHygiene.refreshAll',
  updateAll: 'dockerfilePatchHygiene.updateAll',
  /** Applies one registry quick fix for clients that cannot resolve code actions (argument: the action's data). */
  applyFix: 'dockerfilePatchHygiene.applyFix',
} as const;

/** Custom notification methods. */
export const NOTIFICATIONS = {
  /** Client → server when workspace trust or the user-level registries change. */
  trust: 'dockerfilePatchHygiene/trust',
  /** Server → client whenever the registry state changes, for a status bar item. */
  registryState: 'dockerfilePatchHygiene/registryState',
} as const;

/**
 * Node flags the editor starts the server with. A language server allocates in bursts (a parse per
 * keystroke) and V8's default 16 MB young generation keeps those bursts resident; 2 MB semi-spaces
 * cost a little CPU and keep the resident set near what is really alive. V8 sizes how far the old
 * generation grows before a full collection from its limit, which defaults to a share of the
 * machine's memory: with 1,000 documents open the live heap is 30 MB, yet RSS reached 168 MB; a
 * 1 GB limit kept it at 121 MB, and 512 MB (still 14 times the live heap with 1,000 real files
 * open) at 100 MB, level with dockerfile-language-server-nodejs, with the edit latency unchanged
 * (npm run bench, editor, 2026-12-04; 256 MB gained only 2 MB more).
 */
export const SERVER_EXEC_ARGV = ['--max-semi-space-size=2', '--max-old-space-size=512'];
