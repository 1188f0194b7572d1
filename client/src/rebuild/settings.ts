import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RebuildOptions } from '../../../server/src/rebuild';
import { REBUILD_SETTINGS } from './names';

/** What a task definition or the settings may say about one rebuild; unset fields fall back to the settings. */
export interface RebuildTaskFields {
  dockerfile: string;
  context?: string;
  testCommand?: string;
  target?: string;
  platform?: string;
  network?: string;
  buildArgs?: Record<string, string>;
  engine?: string;
}

/**
 * The RebuildOptions of one Dockerfile: task fields first, then `dockerfilePatchHygiene.rebuild.*`
 * for the Dockerfile's folder. Relative paths are taken from the workspace folder, as in tasks.json.
 */
export function rebuildOptions(fields: RebuildTaskFields, folder: vscode.WorkspaceFolder | undefined): Omit<RebuildOptions, 'historyDir' | 'signal' | 'onOutput'> {
  const base = folder?.uri.fsPath;
  const resolve = (p: string) => (base ? path.resolve(base, p) : path.resolve(p));
  const dockerfile = resolve(fields.dockerfile);
  const config = vscode.workspace.getConfiguration(REBUILD_SETTINGS, vscode.Uri.file(dockerfile));
  const text = (key: keyof RebuildTaskFields, value: string | undefined) => nonEmpty(value) ?? nonEmpty(config.get<string>(key));
  const context = text('context', fields.context);
  return {
    dockerfile,
    context: context ? resolve(context) : undefined,
    test: text('testCommand', fields.testCommand),
    target: text('target', fields.target),
    platform: text('platform', fields.platform),
    network: text('network', fields.network),
    engine: text('engine', fields.engine),
    buildArgs: stringRecord(fields.buildArgs) ?? stringRecord(config.get('buildArgs')),
    env: process.env,
  };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Build args as strings: a number or boolean in settings.json is what the user meant as text. */
function stringRecord(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v));
  return entries.length > 0 ? Object.fromEntries(entries.map(([k, v]) => [k, String(v)])) : undefined;
}
