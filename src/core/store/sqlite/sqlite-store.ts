// The embedded default Store: one SQLite file in WAL mode with synchronous=FULL, so every committed
// transaction is on disk when its call returns; guard audit records are durable before the guard forwards.
import type Database from 'better-sqlite3';
import { PortcullisError } from '../../errors/index.js';
import type { PortcullisEvent } from '../../events/index.js';
import type { Finding } from '../../report/finding.js';
import {
  clampLimit, clampOffset, eventToRow, findingToRow, guardAuditToRow, rowToEvent, rowToFinding, rowToGuardAudit, rowToRun,
  rowToScanResult, runToRow, scanResultToRow,
  type EventRow, type FindingRow, type GuardAuditRow, type RunRow, type ScanResultRow,
} from '../codec.js';
import type {
  EventQuery, GuardAuditQuery, GuardAuditRecord, RunRecord, ScanResultRecord, Store,
} from '../store.js';
import { closedError, writeError } from './sqlite-errors.js';

/** How long a writer waits for another connection's lock before failing with PCL_ERR_STORE_WRITE. */
export const BUSY_TIMEOUT_MS = 5000;

export class SqliteStore implements Store {
  private readonly stmts;
  private auditQueue: { records: readonly GuardAuditRecord[]; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private auditScheduled = false;

  /** Use openStore(); this takes an already opened and migrated database. */
  constructor(private readonly db: Database.Database, readonly location: string) {
    this.stmts = {
      saveRun: db.prepare(`INSERT INTO runs (id, tool, started_at, finished_at, host, target, summary)
        VALUES (@id, @tool, @started_at, @finished_at, @host, @target, @summary)
        ON CONFLICT (id) DO UPDATE SET tool = excluded.tool, started_at = excluded.started_at,
          finished_at = excluded.finished_at, host = excluded.host, target = excluded.target, summary = excluded.summary`),
      finishRun: db.prepare('UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?'),
      runById: db.prepare('SELECT * FROM runs WHERE id = ?'),
      insertFinding: db.prepare(`INSERT INTO findings (run_id, rule_id, severity, target, suppressed, data)
        VALUES (@run_id, @rule_id, @severity, @target, @suppressed, @data)`),
      listFindings: db.prepare('SELECT data FROM findings WHERE run_id = ? ORDER BY id'),
      insertScan: db.prepare(`INSERT INTO scan_results (run_id, host, port, state, data)
        VALUES (@run_id, @host, @port, @state, @data)`),
      scanResults: db.prepare('SELECT host, port, state, data FROM scan_results WHERE run_id = ? ORDER BY id'),
      previousScan: db.prepare(`SELECT id FROM runs WHERE tool = 'scan' AND finished_at IS NOT NULL AND id <> @id
        AND (@before IS NULL OR started_at < @before) AND (@host IS NULL OR host = @host) ORDER BY started_at DESC, rowid DESC LIMIT 1`),
      insertEvent: db.prepare(`INSERT INTO events (eventid, timestamp, session, data)
        VALUES (@eventid, @timestamp, @session, @data)`),
      insertAudit: db.prepare(`INSERT INTO guard_audit (time, request_id, subject, source, method, path, route_id,
        verdict, rule_id, reason, status, duration_ms, host) VALUES (@time, @request_id, @subject, @source, @method, @path,
        @route_id, @verdict, @rule_id, @reason, @status, @duration_ms, @host)`),
    };
  }

  private live(what: string): void {
    if (!this.db.open) throw closedError(this.location, what);
  }

  /** Run `fn` in one write transaction, mapping driver errors to PCL_ERR_STORE_WRITE. */
  private write<T>(what: string, fn: () => T): T {
    this.live(`save ${what}`);
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      throw writeError(this.location, what, err);
    }
  }

  async saveRun(run: RunRecord): Promise<void> {
    this.write(`run ${run.id}`, () => this.stmts.saveRun.run(runToRow(run)));
  }

  async finishRun(id: string, finishedAt: string, summary: Record<string, unknown>): Promise<void> {
    this.write(`run ${id}`, () => {
      const r = this.stmts.finishRun.run(finishedAt, JSON.stringify(summary), id);
      if (r.changes === 0) {
        throw new PortcullisError('PCL_ERR_STORE_WRITE',
          `cannot finish run ${id}: it is not in the store at ${this.location}; call saveRun() first`);
      }
    });
  }

  async saveFindings(runId: string, findings: readonly Finding[]): Promise<void> {
    if (findings.length === 0) return;
    this.write(`${findings.length} finding(s) of run ${runId}`, () => {
      for (const f of findings) this.stmts.insertFinding.run(findingToRow(runId, f));
    });
  }

  async listFindings(runId: string): Promise<Finding[]> {
    this.live('list findings');
    return (this.stmts.listFindings.all(runId) as FindingRow[]).map(rowToFinding);
  }

  async saveScanResults(runId: string, results: readonly ScanResultRecord[]): Promise<void> {
    if (results.length === 0) return;
    this.write(`${results.length} scan result(s) of run ${runId}`, () => {
      for (const r of results) this.stmts.insertScan.run(scanResultToRow(runId, r));
    });
  }

  async previousScanResults(beforeRunId: string): Promise<ScanResultRecord[] | undefined> {
    this.live('read scan results');
    const current = this.stmts.runById.get(beforeRunId) as RunRow | undefined;
    const prev = this.stmts.previousScan.get({ id: beforeRunId, before: current?.started_at ?? null, host: current?.host ?? null }) as
      { id: string } | undefined;
    if (!prev) return undefined;
    return (this.stmts.scanResults.all(prev.id) as ScanResultRow[]).map(rowToScanResult);
  }

  async scanResults(runId: string): Promise<ScanResultRecord[]> {
    this.live('read scan results');
    return (this.stmts.scanResults.all(runId) as ScanResultRow[]).map(rowToScanResult);
  }

  async appendEvents(events: readonly PortcullisEvent[]): Promise<void> {
    this.appendEventsSync(events);
  }

  /** Synchronous form of appendEvents (one transaction). */
  appendEventsSync(events: readonly PortcullisEvent[]): void {
    if (events.length === 0) return;
    this.write(`${events.length} event(s)`, () => {
      for (const e of events) this.stmts.insertEvent.run(eventToRow(e));
    });
  }

  async queryEvents(q: EventQuery): Promise<PortcullisEvent[]> {
    this.live('query events');
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.eventid !== undefined) { where.push('eventid = ?'); params.push(q.eventid); }
    // The unary + keeps SQLite from using the eventid index for a prefix (a range it must then sort):
    // walking events_time in order and stopping at `limit` is far cheaper for the common prefixes.
    if (q.prefix !== undefined) { where.push('+eventid >= ? AND +eventid < ?'); params.push(q.prefix, `${q.prefix}\uffff`); }
    if (q.session !== undefined) { where.push('session = ?'); params.push(q.session); }
    if (q.since !== undefined) { where.push('timestamp >= ?'); params.push(q.since); }
    if (q.until !== undefined) { where.push('timestamp < ?'); params.push(q.until); }
    const dir = q.order === 'desc' ? 'DESC' : 'ASC';
    const sql = `SELECT data FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY timestamp ${dir}, id ${dir} LIMIT ? OFFSET ?`;
    return (this.db.prepare(sql).all(...params, clampLimit(q.limit), clampOffset(q.offset)) as EventRow[]).map(rowToEvent);
  }

  /**
   * Durable on resolve. Calls made in the same event-loop turn (concurrent requests) share one transaction
   * and so one fsync (group commit); if that shared commit fails, each caller's records are retried alone
   * so one bad record rejects only its own caller.
   */
  appendGuardAudit(records: readonly GuardAuditRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    if (!this.db.open) return Promise.reject(closedError(this.location, 'save guard audit records'));
    return new Promise<void>((resolve, reject) => {
      this.auditQueue.push({ records, resolve, reject });
      if (!this.auditScheduled) {
        this.auditScheduled = true;
        setImmediate(() => this.flushAudit());
      }
    });
  }

  private flushAudit(): void {
    this.auditScheduled = false;
    const queue = this.auditQueue;
    this.auditQueue = [];
    if (queue.length === 0) return;
    if (queue.length > 1) {
      try {
        this.appendGuardAuditSync(queue.flatMap((q) => q.records));
        for (const q of queue) q.resolve();
        return;
      } catch { /* fall through: isolate the failing caller */ }
    }
    for (const q of queue) {
      try { this.appendGuardAuditSync(q.records); q.resolve(); } catch (err) { q.reject(err); }
    }
  }

  /**
   * Append guard decisions and return only once they are fsynced (WAL + synchronous=FULL commit).
   * Synchronous on purpose: the guard can make a write wait for its audit record without an event-loop turn.
   */
  appendGuardAuditSync(records: readonly GuardAuditRecord[]): void {
    if (records.length === 0) return;
    this.write(`${records.length} guard audit record(s)`, () => {
      for (const r of records) this.stmts.insertAudit.run(guardAuditToRow(r));
    });
  }

  async queryGuardAudit(q: GuardAuditQuery): Promise<GuardAuditRecord[]> {
    this.live('query the guard audit log');
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.subject !== undefined) { where.push('subject = ?'); params.push(q.subject); }
    if (q.host !== undefined) { where.push('host = ?'); params.push(q.host); }
    if (q.verdict !== undefined) { where.push('verdict = ?'); params.push(q.verdict); }
    if (q.routeId !== undefined) { where.push('route_id = ?'); params.push(q.routeId); }
    if (q.ruleId !== undefined) { where.push('rule_id = ?'); params.push(q.ruleId); }
    if (q.since !== undefined) { where.push('time >= ?'); params.push(q.since); }
    if (q.until !== undefined) { where.push('time < ?'); params.push(q.until); }
    const dir = q.order === 'desc' ? 'DESC' : 'ASC';
    const sql = `SELECT * FROM guard_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY time ${dir}, id ${dir} LIMIT ? OFFSET ?`;
    return (this.db.prepare(sql).all(...params, clampLimit(q.limit), clampOffset(q.offset)) as GuardAuditRow[]).map(rowToGuardAudit);
  }

  async listRuns(q: { tool?: RunRecord['tool']; limit?: number }): Promise<RunRecord[]> {
    this.live('list runs');
    const sql = `SELECT * FROM runs ${q.tool ? 'WHERE tool = ?' : ''} ORDER BY started_at DESC, rowid DESC LIMIT ?`;
    const params: unknown[] = q.tool ? [q.tool] : [];
    return (this.db.prepare(sql).all(...params, clampLimit(q.limit, 100)) as RunRow[]).map(rowToRun);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.flushAudit();
    // A passive checkpoint folds the WAL back into the main file so a copied .db file is complete.
    try { this.db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* another connection may hold it; harmless */ }
    this.db.close();
  }
}
