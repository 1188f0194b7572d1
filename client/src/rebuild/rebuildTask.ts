import * as path from 'node:path';
import * as vscode from 'vscode';
import { PROBLEM_MATCHER, TASK_TYPE } from './names';
import { RebuildRun, RebuildTerminal } from './rebuildTerminal';
import { rebuildOptions, type RebuildTaskFields } from './settings';

export interface StartedRun {
  run: RebuildRun;
  dockerfile: string;
  shownName: string;
}

/**
 * Builds our tasks (from the command, from tasks.json, from "Run Task") and announces each run as
 * it starts, so the command can follow it with a progress notification and every run's result
 * can be reported.
 */
export class RebuildTasks implements vscode.TaskProvider {
  private readonly started = new vscode.EventEmitter<StartedRun>();
  readonly onDidStart = this.started.event;

  constructor(private readonly historyDir: string, private readonly findDockerfiles: () => Promise<vscode.Uri[]>) {}

  async provideTasks(): Promise<vscode.Task[]> {
    if (!vscode.workspace.isTrusted) return [];
    return (await this.findDockerfiles()).map((uri) => this.taskFor(uri));
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const fields = task.definition as Partial<RebuildTaskFields>;
    if (typeof fields.dockerfile !== 'string' || !vscode.workspace.isTrusted) return undefined;
    const folder = typeof task.scope === 'object' ? task.scope : undefined;
    return this.create(task.definition as RebuildTaskFields & vscode.TaskDefinition, folder);
  }

  /** The task that rebuilds one Dockerfile with the settings of its folder. */
  taskFor(uri: vscode.Uri): vscode.Task {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const dockerfile = folder ? path.relative(folder.uri.fsPath, uri.fsPath) : uri.fsPath;
    return this.create({ type: TASK_TYPE, dockerfile }, folder);
  }

  private create(definition: RebuildTaskFields & vscode.TaskDefinition, folder: vscode.WorkspaceFolder | undefined): vscode.Task {
    const execution = new vscode.CustomExecution(async (resolved) => {
      const options = rebuildOptions(resolved as RebuildTaskFields & vscode.TaskDefinition, folder);
      const run = new RebuildRun();
      const shownName = vscode.workspace.asRelativePath(options.dockerfile);
      this.started.fire({ run, dockerfile: options.dockerfile, shownName });
      return new RebuildTerminal({ ...options, historyDir: this.historyDir }, run, shownName);
    });
    const task = new vscode.Task(definition, folder ?? vscode.TaskScope.Workspace, `Rebuild and test ${definition.dockerfile}`, 'Dockerfile Patch Hygiene', execution, [`$${PROBLEM_MATCHER}`]);
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true, showReuseMessage: false };
    return task;
  }

  dispose(): void {
    this.started.dispose();
  }
}

/** Whether a rebuild of this Dockerfile is running already (a second one would fight over its image tag). */
export function runningRebuild(dockerfile: string): vscode.TaskExecution | undefined {
  return vscode.tasks.taskExecutions.find((e) => {
    const d = e.task.definition as Partial<RebuildTaskFields> & vscode.TaskDefinition;
    if (d.type !== TASK_TYPE || typeof d.dockerfile !== 'string') return false;
    const folder = typeof e.task.scope === 'object' ? e.task.scope.uri.fsPath : '';
    return path.resolve(folder, d.dockerfile) === dockerfile;
  });
}
