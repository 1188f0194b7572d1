export { rebuildAndTest } from './rebuildAndTest';
export { detectEngine } from './engine';
export { readHistory, appendHistory, previousRun, HISTORY_FILE } from './history';
export { runRebuildCli } from './cliCommand';
export type { RebuildOptions, RebuildResult, RebuildOutcome, TestKind, EngineStatus, HistoryRecord, PreviousRun } from './types';
