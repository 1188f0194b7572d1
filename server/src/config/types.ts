import type { MinimalTarget } from '../core/minimal';
import type { SeveritySetting } from '../core/types';
import type { RegistrySetting } from '../registry/endpoints';

/** The file looked for in a Dockerfile's directory and each parent. */
export const CONFIG_FILE_NAME = '.dockerfile-hygiene.json';

/** A validated `.dockerfile-hygiene.json`; both maps are present, possibly empty. */
export interface HygieneConfig {
  /** Rule name (`latest-tag`) → severity or `off`; a code (`DPH002`) in the file is stored under its name. */
  rules: Record<string, SeveritySetting>;
  /** Registry host as written in image references (`docker.io`, `127.0.0.1:5000`) → endpoint. */
  registries: Record<string, RegistrySetting>;
  /** Registries images may come from (`docker.io`, `*.gcr.io`); absent means no policy. */
  allowedRegistries?: string[];
  /** How many days ahead eol-soon looks (default 180). */
  eolSoonDays?: number;
  /** The families a switch to a smaller base may move to (default slim, alpine, distroless). */
  minimalTargets?: MinimalTarget[];
}

export function emptyConfig(): HygieneConfig {
  return { rules: {}, registries: {} };
}
