// Plain names shared by the extension, its manifest generator and the unit tests (no vscode import).
// They repeat the server's (server/src/lsp/protocol.ts) so the client bundle does not pull in the
// server runtime; test/unit/manifest.test.ts keeps both sides equal.

/** The settings section, and the LanguageClient id that makes `dockerfilePatchHygiene.trace.server` work. */
export const SETTINGS_SECTION = 'dockerfilePatchHygiene';

/** Palette commands contributed in package.json (category "Dockerfile Patch Hygiene"). */
export const CLIENT_COMMANDS = {
  pinAll: 'dockerfilePatchHygiene.pinAllBaseImages',
  refreshAll: 'dockerfilePatchHygiene.refreshPinnedDigests',
  updateAll: 'dockerfilePatchHygiene.updateBaseImageTags',
  checkWorkspace: 'dockerfilePatchHygiene.checkWorkspace',
  showOutput: 'dockerfilePatchHygiene.showOutput',
} as const;

/** Commands the server executes, with the document URI as first argument. */
export const SERVER_COMMANDS = {
  pinAll: 'dockerfilePatchHygiene.pinAll',
  refreshAll: 'dockerfilePatchHygiene.refreshAll',
  updateAll: 'dockerfilePatchHygiene.updateAll',
} as const;

export const NOTIFICATIONS = {
  trust: 'dockerfilePatchHygiene/trust',
  registryState: 'dockerfilePatchHygiene/registryState',
} as const;
