// The local-disk outbox: a private SQLite file (WAL, synchronous=FULL) holding writes the central store
// could not take yet, each under a delivery id, oldest first; a write is durable here before it is acknowledged.
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { PortcullisError } from '../../errors/index.js';
import type { WriteOp } from './write-op.js';

export interface OutboxEntry { readonly seq: number; readonly id: string; readonly op: WriteOp; readonly queuedAt: string }

export class Outbox {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(readonly path: string) {
    try {
      if (path !== ':memory:') {
        if (!existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        try { closeSync(openSync(path, 'wx', 0o600)); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; }
      }
      this.db = new Database(path);
      if (path !== ':memory:') this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('busy_timeout = 5000');
      this.db.exec(`CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
          op TEXT NOT NULL, queued_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS outbox_failed (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, op TEXT NOT NULL,
          queued_at TEXT NOT NULL, failed_at TEXT NOT NULL, error TEXT NOT NULL);`);
    } catch (err) {
      throw new PortcullisError('PCL_ERR_SERVE_OUTBOX',
        `cannot open the local outbox at ${path}: ${(err as Error).message}; choose a writable --outbox path`, { cause: err });
    }
    this.stmts = {
      add: this.db.prepare('INSERT INTO outbox (id, op, queued_at) VALUES (?, ?, ?)'),
      head: this.db.prepare('SELECT seq, id, op, queued_at FROM outbox ORDER BY seq LIMIT ?'),
      remove: this.db.prepare('DELETE FROM outbox WHERE seq = ?'),
      count: this.db.prepare('SELECT COUNT(*) AS n FROM outbox'),
      fail: this.db.prepare(`INSERT INTO outbox_failed (seq, id, op, queued_at, failed_at, error)
        SELECT seq, id, op, queued_at, ?, ? FROM outbox WHERE seq = ?`),
      failedCount: this.db.prepare('SELECT COUNT(*) AS n FROM outbox_failed'),
    };
  }

  /** Append a write; returns once it is fsynced. */
  add(id: string, op: WriteOp, queuedAt: string): void {
    try {
      this.stmts.add.run(id, JSON.stringify(op), queuedAt);
    } catch (err) {
      throw new PortcullisError('PCL_ERR_SERVE_OUTBOX',
        `cannot queue a write in the local outbox at ${this.path}: ${(err as Error).message}; free disk space or fix permissions`, { cause: err });
    }
  }

  head(limit = 100): OutboxEntry[] {
    return (this.stmts.head.all(limit) as { seq: number; id: string; op: string; queued_at: string }[])
      .map((r) => ({ seq: r.seq, id: r.id, op: JSON.parse(r.op) as WriteOp, queuedAt: r.queued_at }));
  }

  remove(seq: number): void { this.stmts.remove.run(seq); }

  /** Move an entry the store rejected for good (not an outage) aside, keeping it for inspection. */
  fail(seq: number, error: string, at: string): void {
    this.db.transaction(() => { this.stmts.fail.run(at, error, seq); this.stmts.remove.run(seq); })();
  }

  size(): number { return (this.stmts.count.get() as { n: number }).n; }
  failedSize(): number { return (this.stmts.failedCount.get() as { n: number }).n; }

  close(): void { if (this.db.open) this.db.close(); }
}
