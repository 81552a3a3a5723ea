// Applies the numbered, forward-only migrations to a SQLite store inside one IMMEDIATE transaction, so two
// processes opening a fresh file at once cannot both migrate it, and a failed step leaves the schema unchanged.
import type Database from 'better-sqlite3';
import { PortcullisError } from '../../errors/index.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from '../migrations/index.js';

/** Checks the list is 1..n without gaps (a programming error otherwise). */
export function assertMigrationList(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order: position ${i + 1} holds version ${m.version}`);
  });
}

/** Bring the schema to SCHEMA_VERSION; returns the versions applied now (empty when already current). */
export function migrateSqlite(db: Database.Database, where: string, now: () => Date = () => new Date(),
  list: readonly Migration[] = MIGRATIONS): number[] {
  assertMigrationList(list);
  const target = list === MIGRATIONS ? SCHEMA_VERSION : list.length;
  const run = db.transaction((): number[] => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    const current = row.v ?? 0;
    if (current > target) {
      throw new PortcullisError('PCL_ERR_STORE_MIGRATE',
        `the store at ${where} has schema version ${current}, newer than this portcullis understands (${target}); `
        + 'upgrade portcullis, or use a different --store', { details: { location: where, current, target } });
    }
    const insert = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied: number[] = [];
    for (const m of list.slice(current)) {
      try {
        db.exec(m.sqlite);
      } catch (err) {
        throw new PortcullisError('PCL_ERR_STORE_MIGRATE',
          `migration ${m.version} (${m.name}) failed on the store at ${where}: ${(err as Error).message}; `
          + 'the schema was left unchanged; restore a backup or use a new --store', { cause: err });
      }
      insert.run(m.version, m.name, now().toISOString());
      applied.push(m.version);
    }
    return applied;
  });
  return run.immediate();
}

/** The schema version recorded in a store (0 when it has never been migrated). */
export function schemaVersion(db: Database.Database): number {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!exists) return 0;
  return (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
}
