import type { Rule } from './rule';
import * as untaggedImage from './untaggedImage';
import * as latestTag from './latestTag';
import * as unpinnedDigest from './unpinnedDigest';
import * as eolBase from './eolBase';
import * as retiredTag from './retiredTag';
import * as eolSoon from './eolSoon';
import * as allowedRegistries from './allowedRegistries';
import * as nonMinimalBase from './nonMinimalBase';
import * as missingMultiStage from './missingMultiStage';
import * as packageManagerMismatch from './packageManagerMismatch';
import * as staleTag from './staleTag';
import * as staleDigest from './staleDigest';
import * as unknownImage from './unknownImage';
import * as registryUnavailable from './registryUnavailable';

/** Every rule, in the order findings of one line are reported. */
export const rules: Rule[] = [
  untaggedImage,
  latestTag,
  unpinnedDigest,
  eolBase,
  retiredTag,
  eolSoon,
  allowedRegistries,
  nonMinimalBase,
  missingMultiStage,
  packageManagerMismatch,
  staleTag,
  staleDigest,
  unknownImage,
  registryUnavailable,
];

