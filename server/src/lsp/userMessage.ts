import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';

/**
 * `window/showMessage` as a notification: the request form (`showMessageRequest`) waits for an
 * answer some clients never give, and fails on clients that do not implement it.
 */
export function showUser(connection: Connection, type: 'error' | 'warning' | 'info', message: string): void {
  const kind = type === 'error' ? MessageType.Error : type === 'warning' ? MessageType.Warning : MessageType.Info;
  void connection.sendNotification(ShowMessageNotification.type, { type: kind, message }).catch(() => undefined);
}
