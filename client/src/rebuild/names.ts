// Plain names of the rebuild and freshness features (no vscode import): the extension, its
// manifest contributions and the tests share them.

export const REBUILD_COMMANDS = {
  rebuildAndTest: 'dockerfilePatchHygiene.rebuildAndTest',
  showPatchHistory: 'dockerfilePatchHygiene.showPatchHistory',
} as const;

/** Our task type: `{ "type": "dockerfile-patch-hygiene", "dockerfile": "app/Dockerfile" }` in tasks.json. */
export const TASK_TYPE = 'dockerfile-patch-hygiene';

/** Contributed problem matcher (referenced as `$dockerfile-patch-hygiene-rebuild`). */
export const PROBLEM_MATCHER = 'dockerfile-patch-hygiene-rebuild';

export const REBUILD_SETTINGS = 'dockerfilePatchHygiene.rebuild';
export const FRESHNESS_SETTINGS = 'dockerfilePatchHygiene.freshness';

/** Scheme of the read-only patch history document shown as a markdown preview. */
export const HISTORY_SCHEME = 'dockerfile-patch-hygiene-history';
