// Keeps front ends deciding while the central store is down: every write gets a delivery id; when the store
// cannot take it, the write waits fsynced in the local outbox and is delivered later, in order, exactly once.
import { randomUUID } from 'node:crypto';
import type { PortcullisEvent } from '../../events/index.js';
import type { Finding } from '../../report/finding.js';
import { isTransient } from '../postgres/pg-errors.js';
import type { EventQuery, GuardAuditQuery, GuardAuditRecord, RunRecord, ScanResultRecord, Store } from '../store.js';
import { Outbox } from './outbox.js';
import { applyOp, hasReceipts, type WriteOp } from './write-op.js';

export interface ResilientStoreOptions {
  /** The outbox file on local disk (created 0600), e.g. `~/.local/share/portcullis/outbox.db`. */
  readonly outboxPath: string;
  /** Wait between delivery attempts while the store is down (default 2000 ms). */
  readonly retryMs?: number;
  readonly newId?: () => string;
  readonly now?: () => Date;
  /** Told about deliveries that failed for good (moved to the outbox's `outbox_failed` table) and outages. */
  readonly onError?: (err: unknown, what: 'outage' | 'rejected') => void;
}

/** Writes per group commit at most. */
const MAX_GROUP = 256;

export class ResilientStore implements Store {
  readonly location: string;
  private readonly outbox: Outbox;
  private waiting: { op: WriteOp; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private working: Promise<void> | undefined;
  /** Group commits delivered or queued (for tests and metrics). */
  groups = 0;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<number> | undefined;
  private closed = false;

  constructor(private readonly inner: Store, private readonly o: ResilientStoreOptions) {
    this.location = inner.location;
    this.outbox = new Outbox(o.outboxPath);
    if (this.outbox.size() > 0) this.schedule(0);
  }

  /** Writes waiting in the outbox. */
  pending(): number { return this.outbox.size(); }
  /** Writes the store rejected for good (kept in the outbox file's `outbox_failed` table). */
  failed(): number { return this.outbox.failedSize(); }

  private nowIso(): string { return (this.o.now?.() ?? new Date()).toISOString(); }

  private async deliver(id: string, op: WriteOp): Promise<void> {
    if (hasReceipts(this.inner)) await this.inner.applyOnce(id, op);
    else await applyOp(this.inner, op);
  }

  /**
   * Writes reach the store in the order they were made (a run before its findings). While one delivery is
   * in flight, later writes wait and are then group-committed: one transaction (and one outbox entry) for all.
   */
  private write(op: WriteOp): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ op, resolve, reject });
      this.kick();
    });
  }

  /** Start the worker unless it runs; when it stops, restart it for writes that arrived as it was finishing. */
  private kick(): void {
    if (this.working) return;
    this.working = this.work().finally(() => {
      this.working = undefined;
      if (this.waiting.length > 0) this.kick();
    });
  }

  private async work(): Promise<void> {
    while (this.waiting.length > 0) {
      // Only a store with receipts applies a group in one transaction; others get one write at a time
      // (a failed group could otherwise leave its first writes applied and then retry them).
      const batch = this.waiting.splice(0, hasReceipts(this.inner) ? MAX_GROUP : 1);
      const op: WriteOp = batch.length === 1 ? batch[0]!.op : { op: 'batch', ops: batch.map((b) => b.op) };
      this.groups++;
      try {
        await this.deliverOrQueue(op);
        for (const b of batch) b.resolve();
      } catch (err) {
        if (batch.length === 1) { batch[0]!.reject(err); continue; }
        // One bad write must not fail its neighbours: retry them one by one.
        for (const b of batch) await this.deliverOrQueue(b.op).then(b.resolve, b.reject);
      }
    }
  }

  private async deliverOrQueue(op: WriteOp): Promise<void> {
    const id = this.o.newId?.() ?? randomUUID();
    if (this.outbox.size() === 0) {
      try {
        await this.deliver(id, op);
        return;
      } catch (err) {
        if (!isTransient(err)) throw err;
        this.o.onError?.(err, 'outage');
      }
    }
    // The same id travels with the write: if the failed attempt did commit, the replay is a duplicate and skipped.
    this.outbox.add(id, op, this.nowIso());
    this.schedule(this.o.retryMs ?? 2000);
  }

  private schedule(ms: number): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain().then(() => { if (this.outbox.size() > 0) this.schedule(this.o.retryMs ?? 2000); });
    }, ms);
    this.timer.unref();
  }

  /** Try to deliver the outbox now, oldest first; stops at the first outage. Returns how many were delivered. */
  drain(): Promise<number> {
    this.draining ??= (async () => {
      let delivered = 0;
      try {
        for (;;) {
          const batch = this.outbox.head(100);
          if (batch.length === 0) break;
          for (const e of batch) {
            try {
              await this.deliver(e.id, e.op);
              this.outbox.remove(e.seq);
              delivered++;
            } catch (err) {
              if (isTransient(err)) return delivered;
              this.o.onError?.(err, 'rejected');
              this.outbox.fail(e.seq, (err as Error).message ?? String(err), this.nowIso());
            }
          }
        }
        return delivered;
      } finally {
        this.draining = undefined;
      }
    })();
    return this.draining;
  }

  saveRun(run: RunRecord): Promise<void> { return this.write({ op: 'saveRun', run }); }
  finishRun(id: string, finishedAt: string, summary: Record<string, unknown>): Promise<void> {
    return this.write({ op: 'finishRun', id, finishedAt, summary });
  }
  saveFindings(runId: string, findings: readonly Finding[]): Promise<void> {
    return findings.length ? this.write({ op: 'saveFindings', runId, findings }) : Promise.resolve();
  }
  saveScanResults(runId: string, results: readonly ScanResultRecord[]): Promise<void> {
    return results.length ? this.write({ op: 'saveScanResults', runId, results }) : Promise.resolve();
  }
  appendEvents(events: readonly PortcullisEvent[]): Promise<void> {
    return events.length ? this.write({ op: 'appendEvents', events }) : Promise.resolve();
  }
  /** Resolves once the records are durable: committed centrally, or fsynced in the local outbox. */
  appendGuardAudit(records: readonly GuardAuditRecord[]): Promise<void> {
    return records.length ? this.write({ op: 'appendGuardAudit', records }) : Promise.resolve();
  }

  // Reads go to the central store (they see queued writes only once delivered).
  listFindings(runId: string): Promise<Finding[]> { return this.inner.listFindings(runId); }
  previousScanResults(beforeRunId: string): Promise<ScanResultRecord[] | undefined> { return this.inner.previousScanResults(beforeRunId); }
  scanResults(runId: string): Promise<ScanResultRecord[]> { return this.inner.scanResults(runId); }
  queryEvents(q: EventQuery): Promise<PortcullisEvent[]> { return this.inner.queryEvents(q); }
  queryGuardAudit(q: GuardAuditQuery): Promise<GuardAuditRecord[]> { return this.inner.queryGuardAudit(q); }
  listRuns(q: { tool?: RunRecord['tool']; limit?: number }): Promise<RunRecord[]> { return this.inner.listRuns(q); }

  /** Waits for queued writes, tries one last delivery, then closes; undelivered writes stay in the outbox file. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.working) await this.working;
    if (this.outbox.size() > 0) await this.drain().catch(() => 0);
    else if (this.draining) await this.draining;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.outbox.close();
    await this.inner.close();
  }
}

/** Wrap a store so writes survive its outages. @example const store = withOutbox(await openStore(url), { outboxPath }); */
export function withOutbox(inner: Store, options: ResilientStoreOptions): ResilientStore {
  return new ResilientStore(inner, options);
}
