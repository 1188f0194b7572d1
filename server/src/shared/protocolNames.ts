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
