// The rebuild and freshness parts of package.json `contributes`; client/src/manifest.ts merges them.
import { FRESHNESS_SETTINGS, PROBLEM_MATCHER, REBUILD_COMMANDS, REBUILD_SETTINGS, TASK_TYPE } from './names';

const CATEGORY = 'Dockerfile Patch Hygiene';
const IS_DOCKERFILE = 'editorLangId == dockerfile';

/** The line the rebuild terminal prints for a failed step: `<absolute file>:<line>: error: <message>`. */
export const PROBLEM_LINE = /^(.+):(\d+): (error|warning): (.+)$/;

const rebuildOptionProperties = {
  context: { type: 'string', markdownDescription: 'Build context, relative to the workspace folder; default the Dockerfile\'s folder.' },
  testCommand: { type: 'string', markdownDescription: 'Shell command run in the built image (`sh -c`); default a `test` stage, else the HEALTHCHECK, else the build alone.' },
  target: { type: 'string', markdownDescription: 'Build target stage (`--target`).' },
  platform: { type: 'string', markdownDescription: 'Platform to build for (`--platform`), e.g. `linux/amd64`.' },
  network: {
    type: 'string',
    markdownDescription: 'Network mode of the build\'s RUN steps and the test container (`--network`), e.g. `host` or `none`; default the engine\'s own. BuildKit on a daemon without a bridge network (`dockerd --bridge=none`) needs `host`.',
  },
  buildArgs: { type: 'object', additionalProperties: { type: 'string' }, markdownDescription: 'Build arguments (`--build-arg NAME=value`).' },
  engine: { type: 'string', markdownDescription: '`docker`, `podman`, `nerdctl` or a path to one of them.' },
};

export const rebuildContributions = {
  commands: [
    { command: REBUILD_COMMANDS.rebuildAndTest, title: 'Rebuild and Test', category: CATEGORY, icon: '$(debug-rerun)' },
    { command: REBUILD_COMMANDS.showPatchHistory, title: 'Show patch history', category: CATEGORY },
  ],
  menus: {
    commandPalette: [
      { command: REBUILD_COMMANDS.rebuildAndTest, when: IS_DOCKERFILE },
      { command: REBUILD_COMMANDS.showPatchHistory },
    ],
    'editor/title': [{ command: REBUILD_COMMANDS.rebuildAndTest, when: IS_DOCKERFILE, group: 'navigation' }],
  },
  taskDefinitions: [
    {
      type: TASK_TYPE,
      required: ['dockerfile'],
      properties: {
        dockerfile: { type: 'string', markdownDescription: 'The Dockerfile to rebuild, relative to the workspace folder.' },
        ...rebuildOptionProperties,
      },
    },
  ],
  problemMatchers: [
    {
      name: PROBLEM_MATCHER,
      owner: PROBLEM_MATCHER,
      source: 'rebuild',
      fileLocation: ['absolute'],
      pattern: { regexp: PROBLEM_LINE.source, file: 1, line: 2, severity: 3, message: 4 },
    },
  ],
  configuration: {
    [`${REBUILD_SETTINGS}.engine`]: {
      type: 'string',
      scope: 'resource',
      default: 'docker',
      markdownDescription: 'Container engine for **Rebuild and Test**: `docker`, `podman`, `nerdctl`, or a path to one of them. `DOCKER_HOST` and the current docker context apply as in a terminal.',
    },
    [`${REBUILD_SETTINGS}.testCommand`]: { ...rebuildOptionProperties.testCommand, scope: 'resource', default: '' },
    [`${REBUILD_SETTINGS}.context`]: { ...rebuildOptionProperties.context, scope: 'resource', default: '' },
    [`${REBUILD_SETTINGS}.buildArgs`]: { ...rebuildOptionProperties.buildArgs, scope: 'resource', default: {} },
    [`${REBUILD_SETTINGS}.target`]: { ...rebuildOptionProperties.target, scope: 'resource', default: '' },
    [`${REBUILD_SETTINGS}.platform`]: { ...rebuildOptionProperties.platform, scope: 'resource', default: '' },
    [`${REBUILD_SETTINGS}.network`]: { ...rebuildOptionProperties.network, scope: 'resource', default: '' },
    [`${REBUILD_SETTINGS}.offerAfterFix`]: {
      type: 'boolean',
      scope: 'resource',
      default: true,
      markdownDescription: 'Ask "Rebuild and test now?" after a Pin, Refresh, Update or Switch fix changes a base image.',
    },
    [`${FRESHNESS_SETTINGS}.enabled`]: {
      type: 'boolean',
      scope: 'window',
      default: true,
      markdownDescription: 'Re-check the base image tags of the workspace\'s Dockerfiles now and then, and say when a tag in use was re-pushed with patches.',
    },
    [`${FRESHNESS_SETTINGS}.intervalHours`]: {
      type: 'number',
      scope: 'window',
      default: 6,
      minimum: 0.25,
      markdownDescription: 'Hours between freshness checks (also checked when the window regains focus, at most every 10 minutes).',
    },
  },
  /** Settings that can make Rebuild and Test run a program: ignored from an untrusted workspace. */
  restrictedConfigurations: [`${REBUILD_SETTINGS}.engine`, `${REBUILD_SETTINGS}.testCommand`, `${REBUILD_SETTINGS}.buildArgs`, `${REBUILD_SETTINGS}.context`, `${REBUILD_SETTINGS}.network`],
};

interface ManifestParts {
  capabilities: { untrustedWorkspaces: { restrictedConfigurations?: string[] } & Record<string, unknown> };
  contributes: {
    commands: unknown[];
    menus: Record<string, unknown[]>;
    configuration: { properties: Record<string, unknown> } & Record<string, unknown>;
  } & Record<string, unknown>;
}

/** The client's manifest parts with the rebuild and freshness contributions merged in. */
export function addRebuildContributions<T extends ManifestParts>(parts: T): T {
  const c = parts.contributes;
  const menus = { ...c.menus };
  for (const [menu, items] of Object.entries(rebuildContributions.menus)) menus[menu] = [...(menus[menu] ?? []), ...items];
  return {
    ...parts,
    capabilities: {
      ...parts.capabilities,
      untrustedWorkspaces: {
        ...parts.capabilities.untrustedWorkspaces,
        restrictedConfigurations: [...(parts.capabilities.untrustedWorkspaces.restrictedConfigurations ?? []), ...rebuildContributions.restrictedConfigurations],
      },
    },
    contributes: {
      ...c,
      commands: [...c.commands, ...rebuildContributions.commands],
      menus,
      taskDefinitions: rebuildContributions.taskDefinitions,
      problemMatchers: rebuildContributions.problemMatchers,
      configuration: { ...c.configuration, properties: { ...c.configuration.properties, ...rebuildContributions.configuration } },
    },
  };
}
