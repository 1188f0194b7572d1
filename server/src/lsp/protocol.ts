import { NotificationType } from 'vscode-languageserver/node';
import type { RegistrySetting } from '../registry';
import { NOTIFICATIONS, SERVER_COMMANDS } from '../shared/protocolNames';

/** The diagnostic `source` of every finding, so clients can tell ours from other linters'. */
export const SOURCE = 'dockerfile-patch-hygiene';

export { SETTINGS_SECTION } from '../shared/protocolNames';

/** Code action kind of "Pin all base images" (runs on save with `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.dockerfilePatchHygiene';

/** Commands the server executes (`workspace/executeCommand`); the first argument is the document URI. */
export const COMMANDS = SERVER_COMMANDS;

/** What the client sends as `initializationOptions`. */
export interface InitializationOptions {
  /** Folder for the on-disk registry cache (VS Code's `globalStorageUri` path); memory only without it. */
  storagePath?: string;
  /** False in a Restricted Mode workspace: workspace settings and `.dockerfile-hygiene.json` cannot redirect registries. */
  workspaceTrusted?: boolean;
  /** The user-level (not workspace) value of `dockerfilePatchHygiene.registries`, the only one used when untrusted. */
  userRegistries?: Record<string, RegistrySetting>;
}

export interface TrustParams {
  trusted: boolean;
  userRegistries?: Record<string, RegistrySetting>;
}

/** Client → server when workspace trust or the user-level registries change. */
export const TrustNotification = new NotificationType<TrustParams>(NOTIFICATIONS.trust);

export type RegistryStateName = 'online' | 'offline' | 'rate-limited' | 'auth-failed' | 'unreachable';

export interface RegistryStateParams {
  state: RegistryStateName;
  registry?: string;
  message?: string;
}

/** Server → client whenever the registry state changes, for a status bar item. */
export const RegistryStateNotification = new NotificationType<RegistryStateParams>(NOTIFICATIONS.registryState);

/** Client → server: `process.memoryUsage()` of the server plus its open document count. */
export const MEMORY_REQUEST = 'dockerfilePatchHygiene/memory';
