// Public entry of threat-intel exports: trap events folded into sessions and indicators, and their STIX 2.1
// and MISP renderings. In core so the trap's report command and the serve console export the same files.
export { renderTrapText, summariseTrapEvents, type IndicatorSummary, type SessionSummary, type TrapSummary } from './trap-summary.js';
export { stableUuid, stixPattern, toStixBundle, type StixOptions } from './stix.js';
export { toMispEvent, type MispOptions } from './misp.js';
