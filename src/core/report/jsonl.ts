// The JSON-lines format: one finding per line, for log shippers and SIEMs that index line by line.
import type { Report } from './finding.js';
import type { Reporter } from './reporter.js';

export const jsonlReporter: Reporter = {
  format: 'jsonl',
  description: 'one JSON finding per line',
  extension: 'jsonl',
  mediaType: 'application/x-ndjson',
  render(report: Report): string {
    // JSON.stringify escapes \n, \r and every other C0 control character, so a finding never spans two lines.
    return report.findings.map((f) => `${JSON.stringify(f)}\n`).join('');
  },
};
