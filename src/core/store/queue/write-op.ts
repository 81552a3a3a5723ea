// One store write as data, so it can wait in the local outbox and be replayed later under a stable id
// (the id makes delivery idempotent: an adapter that supports receipts applies each id at most once).
import type { PortcullisEvent } from '../../events/index.js';
import type { Finding } from '../../report/finding.js';
import type { GuardAuditRecord, RunRecord, ScanResultRecord, Store } from '../store.js';

export type WriteOp =
  | { readonly op: 'saveRun'; readonly run: RunRecord }
  | { readonly op: 'finishRun'; readonly id: string; readonly finishedAt: string; readonly summary: Record<string, unknown> }
  | { readonly op: 'saveFindings'; readonly runId: string; readonly findings: readonly Finding[] }
  | { readonly op: 'saveScanResults'; readonly runId: string; readonly results: readonly ScanResultRecord[] }
  | { readonly op: 'appendEvents'; readonly events: readonly PortcullisEvent[] }
  | { readonly op: 'appendGuardAudit'; readonly records: readonly GuardAuditRecord[] }
  /** Several writes applied in order in one transaction (the outbox's group commit). */
  | { readonly op: 'batch'; readonly ops: readonly WriteOp[] };

/** A store that can apply a write exactly once under a delivery id (PostgreSQL: receipt in the same transaction). */
export interface ReceiptStore extends Store {
  applyOnce(id: string, op: WriteOp): Promise<'applied' | 'duplicate'>;
}

export function hasReceipts(s: Store): s is ReceiptStore {
  return typeof (s as Partial<ReceiptStore>).applyOnce === 'function';
}

/** Apply a write through the plain Store interface. */
export async function applyOp(store: Store, w: WriteOp): Promise<void> {
  switch (w.op) {
    case 'batch': for (const o of w.ops) await applyOp(store, o); return;
    case 'saveRun': return store.saveRun(w.run);
    case 'finishRun': return store.finishRun(w.id, w.finishedAt, w.summary);
    case 'saveFindings': return store.saveFindings(w.runId, w.findings);
    case 'saveScanResults': return store.saveScanResults(w.runId, w.results);
    case 'appendEvents': return store.appendEvents(w.events);
    case 'appendGuardAudit': return store.appendGuardAudit(w.records);
  }
}
