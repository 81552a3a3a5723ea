// The JSON format: one document `{"findings": [...], "summary": {...}, "run": {...}}` for scripts and jq;
// findings keep the report's order and every field of the Finding model.
import type { Report } from './finding.js';
import type { Reporter } from './reporter.js';
import { summarize } from './summary.js';

export const jsonReporter: Reporter = {
  format: 'json',
  description: 'one JSON document: findings, summary and run details',
  extension: 'json',
  mediaType: 'application/json',
  render(report: Report): string {
    const doc = {
      findings: report.findings,
      summary: summarize(report),
      run: { tool: report.tool, toolVersion: report.toolVersion, startedAt: report.startedAt, finishedAt: report.finishedAt },
      ...(report.notes?.length ? { notes: report.notes } : {}),
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
  },
};
