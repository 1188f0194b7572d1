// The client's parts of package.json, generated from this file by client/scripts/syncManifest.mjs
// (and compared with it by test/unit/manifest.test.ts), so the settings schema follows the rules.
import { CLIENT_COMMANDS, SETTINGS_SECTION } from './names';
import { addRebuildContributions } from './rebuild/manifest';

export const SEVERITY_ENUM = ['off', 'hint', 'info', 'warning', 'error'] as const;

/** What the manifest needs to know of a rule. */
export interface ManifestRule {
  code: string;
  name: string;
  defaultSeverity: string;
  description: string;
  docs: string;
}

const CATEGORY = 'Dockerfile Patch Hygiene';
const IS_DOCKERFILE = 'editorLangId == dockerfile';

const commands = [
  { command: CLIENT_COMMANDS.pinAll, title: 'Pin all base images', when: IS_DOCKERFILE },
  { command: CLIENT_COMMANDS.refreshAll, title: 'Refresh pinned digests', when: IS_DOCKERFILE },
  { command: CLIENT_COMMANDS.updateAll, title: 'Update base image tags', when: IS_DOCKERFILE },
  { command: CLIENT_COMMANDS.checkWorkspace, title: 'Check all Dockerfiles in the workspace', when: 'workspaceFolderCount > 0' },
  { command: CLIENT_COMMANDS.showOutput, title: 'Show output', when: undefined },
];

function ruleProperty(rule: ManifestRule) {
  return {
    type: 'string',
    enum: [...SEVERITY_ENUM],
    default: rule.defaultSeverity,
    markdownDescription: `**${rule.code}** ${rule.description} [Docs](${rule.docs})`,
  };
}

function configuration(rules: ManifestRule[]) {
  const p = (key: string) => `${SETTINGS_SECTION}.${key}`;
  return {
    title: CATEGORY,
    properties: {
      [p('rules')]: {
        type: 'object',
        scope: 'resource',
        default: {},
        markdownDescription:
          'Severity per rule (`off`, `hint`, `info`, `warning`, `error`), by name or code. Overrides `.dockerfile-hygiene.json`. Example: `{ "latest-tag": "error", "non-minimal-base": "off" }`.',
        properties: Object.fromEntries(rules.map((r) => [r.name, ruleProperty(r)])),
        patternProperties: { '^DPH[0-9]{3}$': { type: 'string', enum: [...SEVERITY_ENUM] } },
        additionalProperties: false,
      },
      [p('registries')]: {
        type: 'object',
        scope: 'resource',
        default: {},
        markdownDescription:
          'Per-registry endpoints, keyed by the host as written in image references (`docker.io`, `ghcr.io`, `127.0.0.1:5000`): a mirror, a pull-through cache or a local registry. Example: `{ "docker.io": { "endpoint": "https://mirror.example.com" } }`. In Restricted Mode only the user-level value is used.',
        additionalProperties: {
          type: 'object',
          properties: {
            endpoint: { type: 'string', markdownDescription: 'Base URL requests go to instead of the registry itself, e.g. `http://127.0.0.1:5000`.' },
            insecure: { type: 'boolean', default: false, markdownDescription: 'Allow plain `http://` (and credentials over it) for a registry that is not on loopback, and skip TLS verification.' },
          },
          additionalProperties: false,
        },
      },
      [p('offline')]: {
        type: 'boolean',
        scope: 'resource',
        default: false,
        markdownDescription: 'Never contact a registry: registry-backed findings come from the on-disk cache only, and no rule reports a tag as stale without facts.',
      },
      [p('updateLevel')]: {
        type: 'string',
        enum: ['patch', 'minor'],
        scope: 'resource',
        default: 'patch',
        markdownDescription: 'How far **Update all base image tags** moves a tag: `patch` (the newest patch of the same line and suffix) or `minor` (a newer minor too), as `fix --update` and `fix --update=minor` do. Single quick fixes offer every move.',
      },
      [p('minimalTargets')]: {
        type: ['array', 'null'],
        items: { type: 'string', enum: ['slim', 'alpine', 'distroless', 'chiseled', 'dhi', 'chainguard'] },
        uniqueItems: true,
        scope: 'resource',
        default: null,
        markdownDescription:
          'The families **non-minimal-base** may switch a final image to. Unset: `minimalTargets` of `.dockerfile-hygiene.json`, else `["slim", "alpine", "distroless"]` (no account needed). Opt in to `chiseled` (.NET on Ubuntu chiseled), `dhi` (Docker Hardened Images, `dhi.io`, needs `docker login dhi.io`) and `chainguard` (`cgr.dev/chainguard`, free tier `latest` only, pinned by digest from the registry).',
      },
      [p('cacheTtl')]: {
        type: 'number',
        scope: 'resource',
        default: 600,
        minimum: 0,
        markdownDescription: 'Seconds a tag\'s digest and tag list stay fresh in the registry cache (memory and disk) before they are asked for again.',
      },
      [p('trace.server')]: {
        type: 'string',
        scope: 'window',
        enum: ['off', 'messages', 'verbose'],
        default: 'off',
        enumDescriptions: ['No protocol trace.', 'Each request and notification by name.', 'Requests and notifications with their parameters and results.'],
        markdownDescription: 'Traces the messages between VS Code and the language server in the output channel.',
      },
    },
  };
}

/** `main`, `activationEvents`, `capabilities` and `contributes` of package.json. */
export function manifestParts(rules: ManifestRule[]) {
  return addRebuildContributions({
    main: './client/out/extension.js',
    activationEvents: [
      'onLanguage:dockerfile',
      'workspaceContains:**/{Dockerfile,Dockerfile.*,*.dockerfile,Containerfile,Containerfile.*}',
    ],
    capabilities: {
      untrustedWorkspaces: {
        supported: 'limited',
        restrictedConfigurations: [`${SETTINGS_SECTION}.registries`],
        description:
          'In Restricted Mode, registry endpoints come from your user settings only: a workspace (or its .dockerfile-hygiene.json) cannot send registry credentials to a host it names.',
      },
    },
    contributes: {
      languages: [
        {
          id: 'dockerfile',
          aliases: ['Dockerfile', 'Containerfile', 'Docker'],
          filenames: ['Dockerfile', 'Containerfile'],
          filenamePatterns: ['Dockerfile.*', 'Containerfile.*', '*.Dockerfile'],
          extensions: ['.dockerfile', '.containerfile'],
          configuration: './language-configuration.json',
        },
      ],
      grammars: [{ language: 'dockerfile', scopeName: 'source.dockerfile.patch-hygiene', path: './syntaxes/dockerfile.tmLanguage.json' }],
      commands: commands.map(({ command, title }) => ({ command, title, category: CATEGORY })),
      menus: {
        commandPalette: commands.filter((c) => c.when).map(({ command, when }) => ({ command, when })),
      },
      configuration: configuration(rules),
    },
  });
}
