// Output formats of `portcullis audit`, registered by name (table, json, sarif, junit).
import { PortcullisError } from '../../core/errors/index.js';
import type { Report } from '../../core/report/finding.js';
import { sarifReporter } from '../../core/report/index.js';
import type { AuditSummary } from '../run-audit.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderTable } from './table.js';

export const AUDIT_FORMATS = ['table', 'json', 'sarif', 'junit'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export function renderAudit(format: string, report: Report, summary: AuditSummary): string {
  switch (format) {
    case 'table': return renderTable(report, summary);
    case 'json': return renderJson(report, summary);
    // SARIF is the core's reporter: one shape GitHub code scanning accepts for every front end.
    case 'sarif': return sarifReporter.render(report);
    case 'junit': return renderJunit(report, summary);
    default: throw new PortcullisError('PCL_ERR_REPORT_FORMAT', `unknown format "${format}"; use one of ${AUDIT_FORMATS.join(', ')}`);
  }
}
