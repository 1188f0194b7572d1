import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnostic, digestOf, EXTENSION_ID, extensionApi, lines, needsRegistry, openNew } from './fixtures';

/** Asks again while `accept` fails: each answer is bounded by the server's registry budget, so this never sleeps. */
async function untilAnswered<T>(ask: () => Thenable<T>, accept: (value: T) => boolean, attempts = 20): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < attempts; i++) {
    last = await ask();
    if (accept(last)) return last;
  }
  assert.fail(`no acceptable answer after ${attempts} attempts; last: ${JSON.stringify(last)}`);
}

const labelsOf = (list: vscode.CompletionList) => list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));

const hoverText = (hovers: vscode.Hover[]) =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');

describe('language features in the editor', () => {
  it('treats Containerfile, *.dockerfile and Dockerfile.* as Dockerfiles and analyses them', async () => {
    for (const name of ['Containerfile', 'api.dockerfile', 'Dockerfile.dev']) {
      const editor = await openNew(`languages/${name}`, lines('FROM node:latest'));
      assert.equal(editor.document.languageId, 'dockerfile', name);
      await diagnostic(editor.document.uri, 'DPH002', 0);
    }
  });

  it('ships its own grammar and language configuration for the dockerfile language in the installed .vsix', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const [grammar] = extension.packageJSON.contributes.grammars;
    assert.deepEqual({ language: grammar.language, scopeName: grammar.scopeName }, { language: 'dockerfile', scopeName: 'source.dockerfile.patch-hygiene' });
    const installed = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, grammar.path), 'utf8'));
    assert.equal(installed.scopeName, 'source.dockerfile.patch-hygiene');
    assert.ok(fs.existsSync(path.join(extension.extensionPath, 'language-configuration.json')));
    assert.ok(fs.existsSync(path.join(extension.extensionPath, 'server', 'out', 'server.js')));
  });

  describe('with the local registry', () => {
    let document: vscode.TextDocument;

    before(async function () {
      needsRegistry(this);
      const editor = await openNew('languages/registry/Dockerfile', lines('FROM node:20.10.0', 'FROM node:'));
      document = editor.document;
      // A stale tag can only be reported from the registry's tag list: the facts have arrived.
      await diagnostic(document.uri, 'DPH101', 0, /20\.18\.1/);
    });

    it('hovers a base image with the digest its tag points to and the newer tags', async () => {
      const hovers = await untilAnswered(
        () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 8)),
        (h) => hoverText(h).includes('points to'),
      );
      const text = hoverText(hovers);
      assert.ok(text.includes(digestOf('library/node:20.10.0')), text);
      assert.match(text, /Newer tags:.*20\.18\.1/);
    });

    it('completes tags after FROM node: from the registry, newest first', async () => {
      const list = await untilAnswered(
        () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(1, 10), ':'),
        (l) => labelsOf(l).includes('20.18.1'),
      );
      const labels = labelsOf(list);
      for (const tag of ['20', '20.18.1', '22.1.0', '22-alpine', '20.18.1-alpine']) assert.ok(labels.includes(tag), `${tag} in ${labels.join(', ')}`);
      assert.ok(labels.indexOf('20.18.1') < labels.indexOf('20.10.0'), 'newer first');
    });

    it('reports the registry as online in the status bar', async () => {
      assert.equal((await extensionApi()).registryState()?.state, 'online');
    });

    it('reports a registry nobody listens on as unreachable, then online again when the registry answers', async () => {
      const api = await extensionApi();
      const stateBecomes = (state: string) => new Promise<void>((resolve) => {
        const subscription = api.onDidChangeRegistryState((params) => {
          if (params.state !== state) return;
          subscription.dispose();
          resolve();
        });
      });
      const unreachable = stateBecomes('unreachable');
      // Port 1 on loopback: connection refused at once.
      await openNew('languages/unreachable/Dockerfile', lines('FROM 127.0.0.1:1/team/app:1.0'));
      await unreachable;
      assert.equal(api.registryState()?.registry, '127.0.0.1:1');
      const online = stateBecomes('online');
      await openNew('languages/online-again/Dockerfile', lines('FROM python:3.12-slim'));
      await online;
    });
  });
});
