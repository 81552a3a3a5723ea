// Opens a fleet-mode PostgreSQL store from a postgres:// URL: a small connection pool, then the numbered
// migrations under an advisory lock so many hosts starting at once migrate the shared database only once.
import pg from 'pg';
import { PortcullisError } from '../../errors/index.js';
import { SCHEMA_VERSION } from '../migrations/index.js';
import { redactUrl } from '../location.js';
import { pgMigrationList, RECEIPTS_DDL } from './migrations.js';
import { isTransient, pgOpenError } from './pg-errors.js';
import { PgStore } from './pg-store.js';

export interface OpenPostgresOptions {
  /** Connections in the pool (default 4). */
  readonly maxConnections?: number;
  /** Give up connecting after this long (default 5000 ms). */
  readonly connectTimeoutMs?: number;
  /**
   * Give up on a statement whose answer has not come after this long (default 15000 ms): a server that hangs
   * (stopped process, network partition without a reset) is then an outage the outbox absorbs, not a writer
   * waiting forever. A write that did commit is replayed under its delivery id and skipped.
   */
  readonly queryTimeoutMs?: number;
  readonly now?: () => Date;
  /**
   * When the server cannot be reached at open time, return the store anyway and migrate on first use
   * (fleet mode behind the outbox: a host may start while the central database is down). Default false.
   */
  readonly deferConnect?: boolean;
  /** Called with pool-level errors (an idle connection cut by a server restart); default: ignored. */
  readonly onPoolError?: (err: Error) => void;
}

/** Arbitrary constant naming the migration lock (pg_advisory_xact_lock key). */
const MIGRATION_LOCK = 0x70636c31;

/** Bring the database to SCHEMA_VERSION in one transaction; returns the versions applied now. */
export async function migratePostgres(client: pg.ClientBase, where: string, now: () => Date = () => new Date()): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const current = Number((await client.query('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations')).rows[0]?.v ?? 0);
    if (current > SCHEMA_VERSION) {
      throw new PortcullisError('PCL_ERR_STORE_MIGRATE',
        `the store at ${where} has schema version ${current}, newer than this portcullis understands (${SCHEMA_VERSION}); `
        + 'upgrade portcullis on this host, or use a different --store', { details: { location: where, current, target: SCHEMA_VERSION } });
    }
    const applied: number[] = [];
    for (const m of pgMigrationList().slice(current)) {
      try {
        await client.query(m.sql);
      } catch (err) {
        throw new PortcullisError('PCL_ERR_STORE_MIGRATE',
          `migration ${m.version} (${m.name}) failed on the store at ${where}: ${(err as Error).message}; `
          + 'the schema was left unchanged; check the database user may CREATE TABLE', { cause: err });
      }
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [m.version, m.name, now().toISOString()]);
      applied.push(m.version);
    }
    await client.query(RECEIPTS_DDL);
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * Open (and migrate) the PostgreSQL store at `url`. Throws PCL_ERR_STORE_OPEN / PCL_ERR_STORE_MIGRATE.
 * @example const store = await openPostgresStore('postgres://portcullis:pw@db.internal/portcullis');
 */
export async function openPostgresStore(url: string, options: OpenPostgresOptions = {}): Promise<PgStore> {
  const where = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url, max: options.maxConnections ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000, idleTimeoutMillis: 10_000,
    query_timeout: options.queryTimeoutMs ?? 15_000, keepAlive: true,
    application_name: 'portcullis',
  });
  // Without a listener, an idle connection cut by a server restart would crash the process.
  pool.on('error', options.onPoolError ?? (() => undefined));
  // A checked-out client whose server goes away emits 'error' besides failing its query; the query's
  // rejection is what callers act on, so the event itself must not crash the process.
  pool.on('connect', (client) => { client.on('error', () => undefined); });
  const migrate = async (): Promise<void> => {
    const client = await pool.connect();
    try {
      await migratePostgres(client, where, options.now);
      client.release();
    } catch (err) {
      client.release(true);
      throw err;
    }
  };
  try {
    await migrate();
  } catch (err) {
    if (options.deferConnect && isTransient(err)) return new PgStore(pool, where, options.now, migrate);
    await pool.end().catch(() => undefined);
    if ((err as { code?: string }).code === 'PCL_ERR_STORE_MIGRATE') throw err;
    throw pgOpenError(where, err);
  }
  return new PgStore(pool, where, options.now);
}
