// Public entry of the guard front end: start it from a config file, manage PKI and tokens, explain decisions.
export { startGuard, type GuardOptions, type RunningGuard } from './server.js';
export { loadGuardConfig, parseGuardConfig, type LoadedConfig } from './config-load.js';
export { guardConfigSchema, type GuardConfig, type ListenerConfig } from './config.js';
export { createToken, revokeToken, readTokens, TokenVerifier, type TokenEntry } from './tokens.js';
export { judge, denialMessage, type Judgement, type JudgeInput } from './judge.js';
export { createCoreReader } from './core-reader.js';
export type { ApiReader } from './api-reader.js';
