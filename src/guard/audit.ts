// The audit trail: one JSON line per decision and per completed request, plus the store. A write
// operation's record is fsynced (file and store) before the request is forwarded, so a crash loses none;
// other records (reads, completions) are written once per event-loop turn and committed in batches.
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import type { GuardAuditRecord, Store } from '../core/store/index.js';

export interface AuditEntry extends GuardAuditRecord {
  readonly phase: 'decided' | 'completed';
  readonly field?: string;
}

interface SyncStore { appendGuardAuditSync?(records: readonly GuardAuditRecord[]): void }

const BATCH_MS = 200;
const BATCH_MAX = 256;

export class AuditLog {
  private fd: number | undefined;
  /** Completion records for the store, committed in batches (one fsync per batch, not per request). */
  private pending: GuardAuditRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Non-durable file lines, written together once per event-loop turn (one syscall for many requests). */
  private lines: string[] = [];
  private lineFlush: NodeJS.Immediate | undefined;

  /** `host` names this guard's machine in the shared store (fleet mode). */
  constructor(private readonly file: string, private readonly store?: Store, private readonly host: string = hostname()) {
    this.fd = openSync(file, 'a', 0o600);
  }

  /** Record an entry; `durable` waits for fsync of the file and the store commit. Throws when it cannot. */
  async write(entry: AuditEntry, durable: boolean): Promise<void> {
    if (this.fd === undefined) throw new Error('audit log is closed');
    this.lines.push(JSON.stringify(entry) + '\n');
    if (durable) {
      this.flushLines(); // in order, with everything queued before it
      fdatasyncSync(this.fd);
    } else {
      this.lineFlush ??= setImmediate(() => { try { this.flushLines(); } catch { /* reported by the next durable write */ } });
    }
    if (!this.store) return;
    const { phase: _p, field: _f, ...fields } = entry;
    const rec: GuardAuditRecord = { ...fields, host: this.host };
    if (durable) {
      const s = this.store as Store & SyncStore;
      if (s.appendGuardAuditSync) s.appendGuardAuditSync([rec]);
      else await this.store.appendGuardAudit([rec]);
    } else if (entry.phase === 'completed') {
      this.pending.push(rec);
      if (this.pending.length >= BATCH_MAX) await this.flush();
      else this.timer ??= setTimeout(() => { void this.flush().catch(() => undefined); }, BATCH_MS);
    }
  }

  /** Write queued lines to the file now. */
  private flushLines(): void {
    if (this.lineFlush) clearImmediate(this.lineFlush);
    this.lineFlush = undefined;
    if (this.fd === undefined || this.lines.length === 0) return;
    const text = this.lines.join('');
    this.lines = [];
    writeSync(this.fd, text);
  }

  /** Commit queued completion records to the store. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length && this.store) await this.store.appendGuardAudit(batch);
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    try { this.flushLines(); } catch { /* closing anyway */ }
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
