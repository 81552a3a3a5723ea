// Public entry of the findings model and its output formats.
export {
  SEVERITIES, atLeast, severityRank,
  type Evidence, type Finding, type Report, type RuleInfo, type Severity,
} from './finding.js';
export { PORTCULLIS_INFORMATION_URI, type RenderOptions, type Reporter } from './reporter.js';
export { buildReport, type BuildReportInput } from './build-report.js';
export { REPORTERS, getReporter, renderReport, reportFormats } from './registry.js';
export { renderTable, type RenderTableOptions, type TableColumn } from './render-table.js';
export { sortFindings, summarize, summaryLine, type ReportSummary } from './summary.js';
export { escapeControl, escapeXml } from './sanitize.js';
export { findingFingerprint, sarifReporter } from './sarif.js';
export { tableReporter } from './table.js';
export { jsonReporter } from './json.js';
export { jsonlReporter } from './jsonl.js';
export { junitReporter } from './junit.js';
export { csvReporter, csvCell } from './csv.js';
