// Public entry of core/rules: detection of miners and campaign tactics, shell splitting, payload decoding,
// indicator extraction, Engine JSON adapters and the rule list. Front ends import from here only.
export { detect, detectAnalysed, type DetectOptions } from './detect.js';
export { analyse, parseBind, normalisePath } from './analyse.js';
export { detectionInputFromInspect, detectionInputFromCreateBody, processesFromTop, execArgv } from './adapters.js';
export { splitCommands, splitShell, splitArgv, progName, type ShellCommand, type Redirect, type CommandSource } from './shell/split.js';
export { decodePayloads, type DecodedPayload } from './shell/decode.js';
export { extractIndicators, refang, type Indicator, type IndicatorType, type ExtractOptions } from './indicators/extract.js';
export { isMinerCommand, minerArgSignals } from './indicators/miner-args.js';
export { DETECTION_RULE_MODULES, listDetectionRules } from './registry.js';
export { cmdText as commandText } from './helpers.js';
export { CPU_SATURATION_CORES, saturationCores } from './miner/cpu-saturation.js';
export type { DetectionInput, DetectionCpu, DetectionConnection, DetectionMount, DetectionProcess, ArchiveMember, DetectionRule, Analysis, RuleHit } from './types.js';
