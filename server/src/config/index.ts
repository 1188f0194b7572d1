export { CONFIG_FILE_NAME, emptyConfig, type HygieneConfig } from './types';
export { ConfigError } from './configError';
export { validateConfig, type KeyLocator } from './validateConfig';
export { parseConfigText } from './parseConfig';
export { loadConfigFile, findConfigFile, ConfigResolver } from './loadConfig';
