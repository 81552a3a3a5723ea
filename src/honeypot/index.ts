// Public entry of the trap front end: start the emulated engine, its config, and the report/export builders.
export { startTrap, parseListen, TrapEngine, type TrapServer, type TrapServerOptions } from './http/server.js';
export { parseTrapConfig, parseTrapConfigYaml, trapConfigSchema, ENGINE_PROFILES, type TrapConfig, type TrapConfigInput } from './config.js';
export { analyseWithCore, type Analyse, type TrapAnalysis } from './analysis.js';
export { frame } from './frames.js';
export { summariseTrapEvents, renderTrapText, type TrapSummary, type SessionSummary, type IndicatorSummary } from './report/summary.js';
export { toStixBundle, stixPattern, stableUuid, type StixOptions } from './report/stix.js';
export { toMispEvent, type MispOptions } from './report/misp.js';
