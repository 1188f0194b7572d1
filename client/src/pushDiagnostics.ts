import type { ClientCapabilities, FeatureState, StaticFeature } from 'vscode-languageclient/node';

/**
 * Hides the client's pull-diagnostics capability, so the server publishes diagnostics instead.
 * The pull model of vscode-languageclient asks only for documents visible in a tab, so the
 * documents "Check all Dockerfiles" opens in the background would never get diagnostics, and
 * closing a tab would clear its problems. Registered after the built-in features, so it runs last.
 */
export const pushDiagnosticsOnly: StaticFeature = {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    delete capabilities.textDocument?.diagnostic;
    delete capabilities.workspace?.diagnostics;
  },
  initialize(): void {},
  getState(): FeatureState {
    return { kind: 'static' };
  },
  clear(): void {},
};
