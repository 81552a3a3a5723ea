// Saves an audit run and its findings to the store (--store), so fleets of hosts can be compared over time.
import { hostname } from 'node:os';
import type { Store } from '../core/store/store.js';
import type { AuditResult } from './run-audit.js';

export async function saveAudit(store: Store, runId: string, result: AuditResult, target: string): Promise<void> {
  const { report, summary } = result;
  await store.saveRun({ id: runId, tool: 'audit', startedAt: report.startedAt, host: hostname(), target });
  await store.saveFindings(runId, report.findings);
  await store.finishRun(runId, report.finishedAt, { counts: summary.counts, suppressed: summary.suppressed,
    exposures: summary.exposures, containers: summary.containers, notApplicable: summary.notApplicable.length });
}
