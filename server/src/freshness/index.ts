export { checkFreshness, type FreshnessCheck } from './checkFreshness';
export { FreshnessWatch } from './freshnessWatch';
export { loadState, saveState, STATE_FILE, type FreshnessState, type TagMemory } from './state';
export { tagsInUse, type DockerfileText, type TagInUse, type TagUse } from './tagsInUse';
export { CHECK_FRESHNESS_METHOD, type CheckFreshnessParams, type CheckFreshnessResult, type MovedTag } from './protocol';
