export { createRegistryClient } from './client';
export type { ImageLookup, RegistryClient, RegistryClientOptions } from './client';
export { RegistryError } from './errors';
export { gatherFacts, factKey, hideCacheMisses } from './facts';
export type { FactRequest, GatheredFacts } from './facts';
export type { RegistrySetting } from './endpoints';
