import { NotificationType } from 'vscode-languageclient/node';
import type { InitializationOptions, RegistryStateParams, TrustParams } from '../../server/src/lsp/protocol';
import { NOTIFICATIONS } from './names';

export type { InitializationOptions, RegistryStateParams, TrustParams };

export const TrustNotification = new NotificationType<TrustParams>(NOTIFICATIONS.trust);

export const RegistryStateNotification = new NotificationType<RegistryStateParams>(NOTIFICATIONS.registryState);

/** What the server's commands answer. */
export interface ServerCommandResult {
  applied: boolean;
  edits: number;
  failures: string[];
}
