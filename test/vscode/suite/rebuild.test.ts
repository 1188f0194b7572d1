import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import type { RebuildResult } from '../../../server/src/rebuild';
import type { MovedTag } from '../../../server/src/freshness';
import { DOCKER_CLI, type TestDockerd } from '../../support/engine';
import { startRebuildEditorEnvironment, type RebuildEditorEnvironment } from '../../support/rebuildEditorEnvironment';
import { repushWithPatches } from '../../support/registry';
import { requestScreenshot } from '../host/requestScreenshot';
import { waitForDiagnostics } from '../host/waitForDiagnostics';
import { extensionApi, lines, openNew } from './fixtures';

const REBUILD = 'dockerfilePatchHygiene.rebuildAndTest';
const SETTINGS = 'dockerfilePatchHygiene.rebuild';

/**
 * Rebuild and Test in the real editor, against a real dockerd and registry started inside the
 * extension host (see test/support/rebuildEditorEnvironment.ts): the command runs our task, the
 * engine builds and tests, and the result, the problem matcher and the patch history show it.
 */
describe('Rebuild and Test in a real VS Code, on a real Docker engine', function () {
  this.timeout(240_000);
  let env: RebuildEditorEnvironment;

  before(async function () {
    this.timeout(180_000);
    await extensionApi();
    env = await startRebuildEditorEnvironment();
    const config = vscode.workspace.getConfiguration(SETTINGS);
    await config.update('engine', env.engine, vscode.ConfigurationTarget.Workspace);
    await config.update('testCommand', 'test -f /built.txt && grep -q patched-app /built.txt', vscode.ConfigurationTarget.Workspace);
    // The freshness test needs the registry as it is now, not the digest the cache saw a moment ago;
    // set here, long before that test, so the language server has the setting by then.
    await vscode.workspace.getConfiguration('dockerfilePatchHygiene').update('cacheTtl', 0, vscode.ConfigurationTarget.Workspace);
  });

  after(async function () {
    this.timeout(120_000);
    const config = vscode.workspace.getConfiguration(SETTINGS);
    await config.update('engine', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('testCommand', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('dockerfilePatchHygiene').update('cacheTtl', undefined, vscode.ConfigurationTarget.Workspace);
    await env?.stop();
    // The suite's later tests take screenshots for the README: our notifications must not be in them.
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('offers itself as a code lens on the first FROM', async () => {
    const base = await env.pushBase('dph-rebuild/lens', '1');
    const editor = await openNew('rebuild/lens/Dockerfile', lines('# syntax note', 'ARG V=1', `FROM ${base.ref} AS build`, 'FROM build'));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const ours = lenses.filter((l) => l.command?.command === REBUILD);
    assert.equal(ours.length, 1, JSON.stringify(lenses.map((l) => l.command?.title)));
    assert.equal(ours[0].range.start.line, 2);
  });

  it('rebuilds on the freshly pulled base, runs the test command and passes; a re-pushed base shows its digest before → after', async () => {
    const base = await env.pushBase('dph-rebuild/app', '1');
    const editor = await openNew('rebuild/app/Dockerfile', lines(`FROM ${base.ref}`, 'RUN echo patched-app > /built.txt', 'CMD ["cat", "/built.txt"]'));
    const ended = taskEnd('rebuild/app/Dockerfile');

    const first = await vscode.commands.executeCommand<RebuildResult>(REBUILD, editor.document.uri);
    assert.equal(first?.outcome, 'passed', first?.message);
    assert.equal(first.testKind, 'command');
    assert.equal(first.baseDigest?.split('@').pop(), base.digest);
    assert.ok(first.imageSize && first.imageSize > 500_000, `image size ${first.imageSize}`);
    assert.equal(await ended, 0, 'the task exits with 0');
    await requestScreenshot({ name: 'rebuild-passed', waitForSelector: '.notification-toast' });

    const repushed = await repushWithPatches(env.registry, 'dph-rebuild/app', '1');
    const second = await vscode.commands.executeCommand<RebuildResult>(REBUILD, editor.document.uri);
    assert.equal(second?.outcome, 'passed', second?.message);
    assert.equal(second.baseDigest?.split('@').pop(), repushed.digest, 'the base was pulled afresh');
    assert.equal(second.previous?.baseDigest?.split('@').pop(), base.digest, 'the previous run is the "before"');

    await vscode.commands.executeCommand('dockerfilePatchHygiene.showPatchHistory');
    const history = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'dockerfile-patch-hygiene-history', path: '/Patch history.md' }));
    const rows = history.getText().split('\n').filter((l) => l.startsWith('| 20') && l.includes('| passed |'));
    assert.ok(rows.length >= 2, history.getText());
    assert.match(rows[0], new RegExp(repushed.digest.slice(0, 19)), 'newest first');
  });

  it('puts a failing build step on its Dockerfile line through the problem matcher', async () => {
    const base = await env.pushBase('dph-rebuild/broken', '1');
    const editor = await openNew('rebuild/broken/Dockerfile', lines(`FROM ${base.ref}`, 'RUN echo fine', 'RUN echo about to fail && exit 3', 'CMD ["sh"]'));
    const result = await vscode.commands.executeCommand<RebuildResult>(REBUILD, editor.document.uri);
    assert.equal(result?.outcome, 'build-failed', result?.message);
    assert.equal(result.failingLine, 3);
    const diagnostics = await waitForDiagnostics(editor.document.uri, (ds) => ds.some((d) => d.source === 'rebuild'), 30_000);
    const problem = diagnostics.find((d) => d.source === 'rebuild')!;
    assert.equal(problem.range.start.line, 2);
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.match(problem.message, /exit|code|3/);
    await requestScreenshot({ name: 'rebuild-failed', waitForSelector: '.notification-toast' });
  });

  it('stopping the task cancels the run: the engine\'s processes end and no container is left', async () => {
    const base = await env.pushBase('dph-rebuild/slow', '1');
    const editor = await openNew('rebuild/slow/Dockerfile', lines(`FROM ${base.ref}`, 'RUN echo started && sleep 120', 'CMD ["sh"]'));
    const started = new Promise<vscode.TaskExecution>((resolve) => {
      const listener = vscode.tasks.onDidStartTask((e) => {
        if (e.execution.task.definition.dockerfile !== 'rebuild/slow/Dockerfile') return;
        listener.dispose();
        resolve(e.execution);
      });
    });
    const step = containerStart(env.dockerd);
    try {
      const running = vscode.commands.executeCommand<RebuildResult>(REBUILD, editor.document.uri);
      const execution = await started;
      await step.started;
      execution.terminate();
      const result = await running;
      assert.equal(result?.outcome, 'cancelled', result?.message);
    } finally {
      step.stop();
    }
    const left = await env.dockerd.docker(['ps', '-aq']);
    assert.equal(left.stdout.trim(), '', 'no container is left behind');
  });

  it('offers "Rebuild and test now?" after a fix pins the base image', async () => {
    const base = await env.pushBase('dph-rebuild/pin', '1');
    const editor = await openNew('rebuild/pin/Dockerfile', lines(`FROM ${base.ref}`, 'CMD ["sh"]'));
    const result = await vscode.commands.executeCommand<{ edits: number }>('dockerfilePatchHygiene.pinAllBaseImages', editor.document.uri);
    assert.equal(result?.edits, 1);
    assert.equal(editor.document.lineAt(0).text, `FROM ${base.ref}@${base.digest}`);
    // Code-server is the only place the question can be seen; under test-electron no one takes screenshots.
    await requestScreenshot({ name: 'rebuild-offer-after-fix', waitForSelector: '.notification-toast:has-text("Rebuild and test now?")' });
  });

  it('the freshness check tells a re-pushed base once, then not again', async () => {
    const base = await env.pushBase('dph-fresh/base', '1');
    await openNew('rebuild/fresh/Dockerfile', lines(`FROM ${base.ref}`, 'CMD ["sh"]'));
    const ours = (moved: MovedTag[]) => moved.filter((m) => m.ref === base.ref);
    assert.deepEqual(ours(await vscode.commands.executeCommand<MovedTag[]>('dockerfilePatchHygiene.checkFreshnessNow')), []);
    const repushed = await repushWithPatches(env.registry, 'dph-fresh/base', '1');
    const told = ours(await vscode.commands.executeCommand<MovedTag[]>('dockerfilePatchHygiene.checkFreshnessNow'));
    assert.deepEqual(told.map((m) => [m.digest, m.previousDigest]), [[repushed.digest, base.digest]]);
    await requestScreenshot({ name: 'freshness-notification', waitForSelector: '.notification-toast' });
    assert.deepEqual(ours(await vscode.commands.executeCommand<MovedTag[]>('dockerfilePatchHygiene.checkFreshnessNow')), []);
  });
});

/** The exit code of the next run of our task for `dockerfile` (relative to the workspace folder). */
function taskEnd(dockerfile: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const listener = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution.task.definition.type !== 'dockerfile-patch-hygiene' || e.execution.task.definition.dockerfile !== dockerfile) return;
      listener.dispose();
      resolve(e.exitCode);
    });
  });
}

/** Resolves when the daemon starts a container (the RUN step's), from `docker events`; stop() ends the listener. */
function containerStart(dockerd: TestDockerd): { started: Promise<void>; stop(): void } {
  const events = spawn(DOCKER_CLI, ['-H', dockerd.host, 'events', '--filter', 'type=container', '--filter', 'event=start', '--format', '{{.ID}}'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const started = new Promise<void>((resolve, reject) => {
    events.stdout.once('data', () => resolve());
    events.once('exit', () => reject(new Error('docker events ended before a container started')));
  });
  return { started, stop: () => void events.kill() };
}
