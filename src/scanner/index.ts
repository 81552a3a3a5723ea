// Public entry of the scanner front end: run a whole scan, probe one endpoint, or parse targets and ports.
export { executeScan, loadSpecs, type ScanIo, type ScanRunOutcome, type ScanRunRequest } from './scan.js';
export { probeEndpoint, type ProbeOptions } from './probe.js';
export { runScan, type RunScanOptions, type RunScanOutcome } from './run-scan.js';
export { parseTarget, expandTargets, countEndpoints, ExcludeSet, specsCover, type TargetSpec } from './targets.js';
export { parsePorts, PORT_SETS, DEFAULT_PORTS } from './ports.js';
export { loadCoreAnalyzer, runDeep, type DeepAnalyzer } from './deep.js';
export { SCAN_FORMATS, type ScanFormat } from './output/formats.js';
export { ENDPOINT_STATES, type EndpointState, type ScanResult, type ScanSummary } from './types.js';
