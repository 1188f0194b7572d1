// Plain names shared by the extension, its manifest generator and the unit tests (no vscode import).
// What the server must agree with comes from server/src/shared/protocolNames.ts.

export { NOTIFICATIONS, SERVER_COMMANDS, SERVER_EXEC_ARGV, SETTINGS_SECTION } from '../../server/src/shared/protocolNames';

/** Palette commands contributed in package.json (category "Dockerfile Patch Hygiene"). */
export const CLIENT_COMMANDS = {
  pinAll: 'dockerfilePatchHygiene.pinAllBaseImages',
  refreshAll: 'dockerfilePatchHygiene.refreshPinnedDigests',
  updateAll: 'dockerfilePatchHygiene.updateBaseImageTags',
  checkWorkspace: 'dockerfilePatchHygiene.checkWorkspace',
  showOutput: 'dockerfilePatchHygiene.showOutput',
} as const;

