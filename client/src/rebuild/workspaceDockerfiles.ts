import * as vscode from 'vscode';
import { DOCKERFILE_GLOB } from '../documentSelector';

/** Dockerfiles of the workspace folders (files.exclude applies; node_modules is skipped), at most `max`. */
export async function workspaceDockerfiles(max: number): Promise<vscode.Uri[]> {
  const uris = await vscode.workspace.findFiles(DOCKERFILE_GLOB, undefined, max);
  return uris.filter((uri) => !uri.path.split('/').includes('node_modules')).sort((a, b) => a.toString().localeCompare(b.toString()));
}
