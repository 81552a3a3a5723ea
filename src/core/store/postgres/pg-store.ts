// Fleet mode's Store: many hosts' front ends write to one PostgreSQL with the same schema as the SQLite file.
// Event and guard-audit appends from concurrent callers are group-committed: one multi-row INSERT per batch.
import type pg from 'pg';
import { PortcullisError } from '../../errors/index.js';
import type { PortcullisEvent } from '../../events/index.js';
import type { Finding } from '../../report/finding.js';
import {
  clampLimit, clampOffset, eventToRow, findingToRow, guardAuditToRow, rowToEvent, rowToFinding, rowToGuardAudit, rowToRun,
  rowToScanResult, runToRow, scanResultToRow,
  type EventRow, type FindingRow, type GuardAuditRow, type RunRow, type ScanResultRow,
} from '../codec.js';
import type { ReceiptStore, WriteOp } from '../queue/write-op.js';
import type { EventQuery, GuardAuditQuery, GuardAuditRecord, RunRecord, ScanResultRecord } from '../store.js';
import { isTransient, pgClosedError, pgWriteError } from './pg-errors.js';

type Q = Pick<pg.PoolClient, 'query'>;

/** Rows per INSERT statement (PostgreSQL allows 65535 parameters per statement). */
const ROWS_PER_STATEMENT = 500;

const FINDING_COLS = ['run_id', 'rule_id', 'severity', 'target', 'suppressed', 'data'];
const SCAN_COLS = ['run_id', 'host', 'port', 'state', 'data'];
const EVENT_COLS = ['eventid', 'timestamp', 'session', 'data'];
const AUDIT_COLS = ['time', 'request_id', 'subject', 'source', 'method', 'path', 'route_id', 'verdict', 'rule_id',
  'reason', 'status', 'duration_ms', 'host'];

/**
 * PostgreSQL text cannot hold NUL (SQLSTATE 22021), yet attacker-controlled text (a request path, a denial
 * reason quoting a body field) may contain one: store and look up U+FFFD in its place, so the record is kept
 * (and a filter holding NUL finds it) instead of the write being rejected or the read failing.
 */
export function pgText<T>(v: T): T | string {
  return typeof v === 'string' && v.includes('\u0000') ? v.replaceAll('\u0000', '\uFFFD') : v;
}

/** INSERT many rows with one statement per ROWS_PER_STATEMENT rows. */
async function insertRows(c: Q, table: string, cols: readonly string[], rows: readonly Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    const tuples = chunk.map((r) => `(${cols.map((col) => { params.push(pgText(r[col] ?? null)); return `$${params.length}`; }).join(', ')})`);
    await c.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

interface Pending { op: WriteOp & { op: 'appendEvents' | 'appendGuardAudit' }; resolve: () => void; reject: (e: unknown) => void }

export class PgStore implements ReceiptStore {
  private closed = false;
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  /** Batches committed by group commit (for tests and metrics). */
  batches = 0;

  /**
   * Use openPostgresStore(); this takes a pool whose database is migrated, or `prepare` that migrates it
   * (run before the first statement and again until it succeeds: a store opened during an outage).
   */
  constructor(private readonly pool: pg.Pool, readonly location: string, private readonly now: () => Date = () => new Date(),
    private prepare?: () => Promise<void>) {}

  private live(what: string): void {
    if (this.closed) throw pgClosedError(this.location, what);
  }

  private async ready(what: string): Promise<void> {
    if (!this.prepare) return;
    try {
      await this.prepare();
      this.prepare = undefined;
    } catch (err) {
      throw pgWriteError(this.location, what, err);
    }
  }

  /** Run `fn` in one transaction, mapping driver errors to PCL_ERR_STORE_WRITE. */
  private async tx<T>(what: string, fn: (c: Q) => Promise<T>): Promise<T> {
    this.live(`save ${what}`);
    await this.ready(`save ${what}`);
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      await client.query('BEGIN');
      const out = await fn(client);
      await client.query('COMMIT');
      client.release();
      return out;
    } catch (err) {
      if (client) {
        // A connection that failed or hung is dropped at once: a ROLLBACK on it would only wait again.
        if (isTransient(err)) client.release(true);
        else {
          try { await client.query('ROLLBACK'); client.release(); } catch { client.release(true); }
        }
      }
      throw pgWriteError(this.location, what, err);
    }
  }

  private async read<T>(what: string, sql: string, params: unknown[]): Promise<T[]> {
    this.live(what);
    await this.ready(what);
    try {
      return (await this.pool.query(sql, params.map(pgText))).rows as T[];
    } catch (err) {
      throw pgWriteError(this.location, what, err);
    }
  }

  /** Apply one write inside an open transaction. */
  private async applyIn(c: Q, w: WriteOp): Promise<void> {
    switch (w.op) {
      case 'batch':
        for (const o of w.ops) await this.applyIn(c, o);
        return;
      case 'saveRun': {
        const r = runToRow(w.run);
        await c.query(`INSERT INTO runs (id, tool, started_at, finished_at, host, target, summary)
          VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET tool = excluded.tool,
          started_at = excluded.started_at, finished_at = excluded.finished_at, host = excluded.host,
          target = excluded.target, summary = excluded.summary`,
        [r.id, r.tool, r.started_at, r.finished_at, r.host, r.target, r.summary].map(pgText));
        return;
      }
      case 'finishRun': {
        const res = await c.query('UPDATE runs SET finished_at = $1, summary = $2 WHERE id = $3',
          [w.finishedAt, JSON.stringify(w.summary), w.id].map(pgText));
        if (res.rowCount === 0) {
          throw new PortcullisError('PCL_ERR_STORE_WRITE',
            `cannot finish run ${w.id}: it is not in the store at ${this.location}; call saveRun() first`);
        }
        return;
      }
      case 'saveFindings':
        return insertRows(c, 'findings', FINDING_COLS, w.findings.map((f) => findingToRow(w.runId, f)));
      case 'saveScanResults':
        return insertRows(c, 'scan_results', SCAN_COLS, w.results.map((r) => scanResultToRow(w.runId, r)));
      case 'appendEvents':
        return insertRows(c, 'events', EVENT_COLS, w.events.map(eventToRow));
      case 'appendGuardAudit':
        return insertRows(c, 'guard_audit', AUDIT_COLS, w.records.map((r) => guardAuditToRow(r) as unknown as Record<string, unknown>));
    }
  }

  async applyOnce(id: string, w: WriteOp): Promise<'applied' | 'duplicate'> {
    return this.tx(`outbox delivery ${id}`, async (c) => {
      const r = await c.query('INSERT INTO portcullis_receipts (id, applied_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
        [id, this.now().toISOString()]);
      if (r.rowCount === 0) return 'duplicate' as const;
      await this.applyIn(c, w);
      return 'applied' as const;
    });
  }

  /** Queue an append for the next group commit; resolves once its batch is committed. */
  private enqueue(op: Pending['op']): Promise<void> {
    this.live('append records');
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        const n = batch.reduce((s, p) => s + (p.op.op === 'appendEvents' ? p.op.events.length : p.op.records.length), 0);
        try {
          await this.tx(`${n} record(s)`, async (c) => {
            const events = batch.flatMap((p) => (p.op.op === 'appendEvents' ? p.op.events : []));
            const audits = batch.flatMap((p) => (p.op.op === 'appendGuardAudit' ? p.op.records : []));
            if (events.length) await this.applyIn(c, { op: 'appendEvents', events });
            if (audits.length) await this.applyIn(c, { op: 'appendGuardAudit', records: audits });
          });
          this.batches++;
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  async saveRun(run: RunRecord): Promise<void> {
    await this.tx(`run ${run.id}`, (c) => this.applyIn(c, { op: 'saveRun', run }));
  }

  async finishRun(id: string, finishedAt: string, summary: Record<string, unknown>): Promise<void> {
    await this.tx(`run ${id}`, (c) => this.applyIn(c, { op: 'finishRun', id, finishedAt, summary }));
  }

  async saveFindings(runId: string, findings: readonly Finding[]): Promise<void> {
    if (findings.length === 0) return;
    await this.tx(`${findings.length} finding(s) of run ${runId}`, (c) => this.applyIn(c, { op: 'saveFindings', runId, findings }));
  }

  async listFindings(runId: string): Promise<Finding[]> {
    return (await this.read<FindingRow>('list findings', 'SELECT data FROM findings WHERE run_id = $1 ORDER BY id', [runId]))
      .map(rowToFinding);
  }

  async saveScanResults(runId: string, results: readonly ScanResultRecord[]): Promise<void> {
    if (results.length === 0) return;
    await this.tx(`${results.length} scan result(s) of run ${runId}`, (c) => this.applyIn(c, { op: 'saveScanResults', runId, results }));
  }

  async previousScanResults(beforeRunId: string): Promise<ScanResultRecord[] | undefined> {
    const cur = (await this.read<RunRow>('read scan results', 'SELECT * FROM runs WHERE id = $1', [beforeRunId]))[0];
    const prev = (await this.read<{ id: string }>('read scan results', `SELECT id FROM runs WHERE tool = 'scan'
      AND finished_at IS NOT NULL AND id <> $1 AND ($2::text IS NULL OR started_at < $2::text)
      AND ($3::text IS NULL OR host = $3::text)
      ORDER BY started_at DESC, id DESC LIMIT 1`, [beforeRunId, cur?.started_at ?? null, cur?.host ?? null]))[0];
    if (!prev) return undefined;
    return this.scanResults(prev.id);
  }

  async scanResults(runId: string): Promise<ScanResultRecord[]> {
    return (await this.read<ScanResultRow>('read scan results',
      'SELECT host, port, state, data FROM scan_results WHERE run_id = $1 ORDER BY id', [runId])).map(rowToScanResult);
  }

  appendEvents(events: readonly PortcullisEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.enqueue({ op: 'appendEvents', events });
  }

  async queryEvents(q: EventQuery): Promise<PortcullisEvent[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown): void => { params.push(v); where.push(sql.replace('?', `$${params.length}`)); };
    if (q.eventid !== undefined) add('eventid = ?', q.eventid);
    if (q.prefix !== undefined) add('starts_with(eventid, ?)', q.prefix);
    if (q.session !== undefined) add('session = ?', q.session);
    if (q.since !== undefined) add('timestamp >= ?', q.since);
    if (q.until !== undefined) add('timestamp < ?', q.until);
    const dir = q.order === 'desc' ? 'DESC' : 'ASC';
    params.push(clampLimit(q.limit), clampOffset(q.offset));
    const sql = `SELECT data FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY timestamp ${dir}, id ${dir} LIMIT $${params.length - 1} OFFSET $${params.length}`;
    return (await this.read<EventRow>('query events', sql, params)).map(rowToEvent);
  }

  /** Resolves once the batch holding these records is committed (PostgreSQL's commit is durable). */
  appendGuardAudit(records: readonly GuardAuditRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return this.enqueue({ op: 'appendGuardAudit', records });
  }

  async queryGuardAudit(q: GuardAuditQuery): Promise<GuardAuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown): void => { params.push(v); where.push(sql.replace('?', `$${params.length}`)); };
    if (q.subject !== undefined) add('subject = ?', q.subject);
    if (q.host !== undefined) add('host = ?', q.host);
    if (q.verdict !== undefined) add('verdict = ?', q.verdict);
    if (q.routeId !== undefined) add('route_id = ?', q.routeId);
    if (q.ruleId !== undefined) add('rule_id = ?', q.ruleId);
    if (q.since !== undefined) add('time >= ?', q.since);
    if (q.until !== undefined) add('time < ?', q.until);
    const dir = q.order === 'desc' ? 'DESC' : 'ASC';
    params.push(clampLimit(q.limit), clampOffset(q.offset));
    const sql = `SELECT * FROM guard_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY time ${dir}, id ${dir} LIMIT $${params.length - 1} OFFSET $${params.length}`;
    return (await this.read<GuardAuditRow>('query the guard audit log', sql, params)).map(rowToGuardAudit);
  }

  async listRuns(q: { tool?: RunRecord['tool']; limit?: number }): Promise<RunRecord[]> {
    const params: unknown[] = q.tool ? [q.tool] : [];
    params.push(clampLimit(q.limit, 100));
    const sql = `SELECT * FROM runs ${q.tool ? 'WHERE tool = $1' : ''} ORDER BY started_at DESC, id DESC LIMIT $${params.length}`;
    return (await this.read<RunRow>('list runs', sql, params)).map(rowToRun);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.flushing) await this.flushing.catch(() => undefined);
    this.closed = true;
    await this.pool.end();
  }
}
