import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { CLIENT_COMMANDS } from '../../../client/src/names';
import { diagnostic, digestOf, extensionApi, lines, openFixture, textChange } from '../suite/fixtures';

// The workspace names a registry in .vscode/settings.json and in .dockerfile-hygiene.json; the
// user settings name another. Untrusted, only the user's may be asked: the harness checks which
// one saw requests.
describe('in Restricted Mode (an untrusted workspace)', () => {
  it('runs, with the workspace untrusted', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.ok((await extensionApi()).client.isRunning());
  });

  it('does not let the workspace redirect registries: VS Code hides its setting', () => {
    const inspected = vscode.workspace.getConfiguration('dockerfilePatchHygiene').inspect<Record<string, { endpoint: string }>>('registries');
    const effective = vscode.workspace.getConfiguration('dockerfilePatchHygiene').get<Record<string, { endpoint: string }>>('registries');
    assert.deepEqual(effective, inspected?.globalValue);
  });

  it('pins from the user-level registry only', async () => {
    const editor = await openFixture('Dockerfile');
    await diagnostic(editor.document.uri, 'DPH003', 0);
    const pinned = lines(`FROM node:20@${digestOf('library/node:20')}`, 'CMD ["node"]');
    const changed = textChange(editor.document, (text) => text === pinned);
    const result = await vscode.commands.executeCommand<{ edits: number; failures: string[] }>(CLIENT_COMMANDS.pinAll);
    assert.deepEqual(result.failures, []);
    await changed;
  });
});
