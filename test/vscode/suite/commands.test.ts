import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkspaceCheck } from '../../../client/src/checkWorkspace';
import { CLIENT_COMMANDS } from '../../../client/src/names';
import { diagnostic, digestOf, lines, needsRegistry, openNew, SOURCE, textChange, workspaceRoot } from './fixtures';

describe('palette commands', () => {
  it('are registered, and listed in the palette under the extension category', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of Object.values(CLIENT_COMMANDS)) assert.ok(all.has(id), id);
  });

  it('Pin all base images pins every tagged FROM to its registry digest', async function () {
    needsRegistry(this);
    const editor = await openNew('commands/pin-all/Dockerfile', lines('FROM node:20 AS build', 'RUN npm ci', 'FROM node:22-alpine', 'COPY --from=build /app /app'));
    const pinned = lines(
      `FROM node:20@${digestOf('library/node:20')} AS build`,
      'RUN npm ci',
      `FROM node:22-alpine@${digestOf('library/node:22-alpine')}`,
      'COPY --from=build /app /app',
    );
    const changed = textChange(editor.document, (text) => text === pinned);
    const result = await vscode.commands.executeCommand<{ edits: number; failures: string[] }>(CLIENT_COMMANDS.pinAll);
    assert.deepEqual(result.failures, []);
    assert.equal(result.edits, 2);
    await changed;
  });

  it('Refresh pinned digests re-pins a digest the tag no longer points to', async function () {
    needsRegistry(this);
    // Pinned to what node:20 was at 20.10.0: the tag has since been re-pushed (to 20.18.1).
    const editor = await openNew('commands/refresh/Dockerfile', lines(`FROM node:20@${digestOf('library/node:20.10.0')}`, 'CMD ["node"]'));
    await diagnostic(editor.document.uri, 'DPH102', 0);
    const changed = textChange(editor.document, (text) => text === lines(`FROM node:20@${digestOf('library/node:20')}`, 'CMD ["node"]'));
    const result = await vscode.commands.executeCommand<{ edits: number }>(CLIENT_COMMANDS.refreshAll);
    assert.equal(result.edits, 1);
    await changed;
  });

  it('Update base image tags moves a tag to the newest release in its variant (updateLevel minor in this workspace)', async function () {
    needsRegistry(this);
    const editor = await openNew('commands/update/Dockerfile', lines('FROM node:20.10.0-alpine', 'CMD ["node"]'));
    await diagnostic(editor.document.uri, 'DPH101', 0);
    const changed = textChange(editor.document, (text) => text === lines('FROM node:20.18.1-alpine', 'CMD ["node"]'));
    await vscode.commands.executeCommand(CLIENT_COMMANDS.updateAll);
    await changed;
  });

  it('Check all Dockerfiles opens every Dockerfile outside files.exclude and node_modules, and their findings arrive', async () => {
    const root = workspaceRoot();
    const write = (rel: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), lines('FROM debian:latest'));
    };
    const wanted = ['check/Containerfile', 'check/services/api.dockerfile', 'check/Dockerfile.prod'];
    for (const rel of [...wanted, 'check/node_modules/pkg/Dockerfile', 'check/excluded/Dockerfile']) write(rel);
    const result = await vscode.commands.executeCommand<WorkspaceCheck>(CLIENT_COMMANDS.checkWorkspace);
    const relative = (uris: vscode.Uri[]) => uris.map((u) => path.relative(root, u.fsPath).split(path.sep).join('/'));
    const found = relative(result.found);
    for (const rel of wanted) assert.ok(found.includes(rel), `${rel} in ${found.join(', ')}`);
    assert.ok(!found.some((f) => f.includes('node_modules') || f.includes('excluded')), found.join(', '));
    assert.equal(result.cancelled, false);
    assert.deepEqual(relative(result.opened), found);
    for (const rel of wanted) await diagnostic(vscode.Uri.file(path.join(root, rel)), 'DPH002', 0);
    const problems = vscode.languages.getDiagnostics().filter(([uri, ds]) => uri.fsPath.includes(`${path.sep}check${path.sep}`) && ds.some((d) => d.source === SOURCE));
    assert.equal(problems.length, wanted.length);
  });

  it('Check all Dockerfiles stops when cancelled, before opening anything', async () => {
    const source = new vscode.CancellationTokenSource();
    source.cancel();
    const result = await vscode.commands.executeCommand<WorkspaceCheck>(CLIENT_COMMANDS.checkWorkspace, { token: source.token });
    assert.equal(result.cancelled, true);
    assert.deepEqual(result.opened, []);
    assert.ok(result.found.length > 0);
  });

  it('Show output opens the output channel', async () => {
    await vscode.commands.executeCommand(CLIENT_COMMANDS.showOutput);
  });
});
