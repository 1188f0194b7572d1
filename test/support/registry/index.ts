export { startRegistry, type AuthMode, type StartRegistryOptions, type TestRegistry, type TokenAuthInfo } from './start-registry';
export type { Credentials, TokenRequestRecord, Access } from './token-server';
export type { RecordedRequest } from './recording-proxy';
export {
  pushImage,
  pushIndex,
  pushMultiArch,
  tagExisting,
  repushWithPatches,
  filesLayer,
  DEFAULT_CREATED,
  type PushImageOptions,
  type PushedImage,
  type PushedIndex,
  type IndexEntry,
  type Platform,
  type Healthcheck,
  type ImageConfig,
  type Repushed,
} from './push-image';
export {
  pushBlob,
  putManifest,
  getManifest,
  headDigest,
  getBlob,
  listTags,
  deleteManifest,
  deleteTag,
  type FetchedManifest,
} from './registry-http';
export { busyboxLayer, pushBusybox, BUSYBOX_BINARY } from './busybox';
export { seedStandardFixtures, STANDARD_IMAGES, type SeededFixtures, type SeededTag } from './standard-fixtures';
export { MEDIA, ACCEPT_ALL_MANIFESTS, sha256Digest, type ManifestFlavour } from './media-types';
export { ustar, withParentDirs, type TarEntry } from './tar';
