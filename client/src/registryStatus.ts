import * as vscode from 'vscode';
import type { RegistryStateParams } from './protocol';
import { CLIENT_COMMANDS } from './names';

const LOOK: Record<RegistryStateParams['state'], { icon: string; label: string; warning: boolean }> = {
  online: { icon: 'cloud', label: 'Registries online', warning: false },
  offline: { icon: 'cloud-offline', label: 'Registries offline', warning: false },
  'rate-limited': { icon: 'watch', label: 'Registry rate-limited', warning: true },
  'auth-failed': { icon: 'lock', label: 'Registry auth failed', warning: true },
  unreachable: { icon: 'debug-disconnect', label: 'Registry unreachable', warning: true },
};

/** Status bar item showing the last registry state the server reported; a click opens the output. */
export class RegistryStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dockerfilePatchHygiene.registryState', vscode.StatusBarAlignment.Right, 100);
  private current: RegistryStateParams | undefined;
  private readonly changed = new vscode.EventEmitter<RegistryStateParams>();
  readonly onDidChange = this.changed.event;

  constructor() {
    this.item.name = 'Dockerfile Patch Hygiene: registry state';
    this.item.command = CLIENT_COMMANDS.showOutput;
  }

  get state(): RegistryStateParams | undefined {
    return this.current;
  }

  update(params: RegistryStateParams): void {
    this.current = params;
    const look = LOOK[params.state] ?? LOOK.unreachable;
    const where = params.registry ? ` (${params.registry})` : '';
    this.item.text = `$(${look.icon}) ${look.label}`;
    this.item.tooltip = `Dockerfile Patch Hygiene: ${look.label.toLowerCase()}${where}${params.message ? `\n${params.message}` : ''}\nClick to show the output.`;
    this.item.backgroundColor = look.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
    this.changed.fire(params);
  }

  dispose(): void {
    this.item.dispose();
    this.changed.dispose();
  }
}
