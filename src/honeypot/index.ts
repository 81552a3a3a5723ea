// Public entry of the trap front end: start the emulated engine, its config, and the report/export builders.
export { startTrap, parseListen, TrapEngine, type TrapServer, type TrapServerOptions } from './http/server.js';
export { parseTrapConfig, parseTrapConfigYaml, trapConfigSchema, ENGINE_PROFILES, type TrapConfig, type TrapConfigInput } from './config.js';
export { analyseWithCore, type Analyse, type TrapAnalysis } from './analysis.js';
export { frame } from './frames.js';
// The report and its STIX/MISP exports live in core (src/core/intel) so the serve console exports the same files.
export {
  summariseTrapEvents, renderTrapText, toStixBundle, stixPattern, stableUuid, toMispEvent,
  type TrapSummary, type SessionSummary, type IndicatorSummary, type StixOptions, type MispOptions,
} from '../core/intel/index.js';
