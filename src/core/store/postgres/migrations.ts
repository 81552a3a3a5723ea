// The numbered store migrations as PostgreSQL runs them (text columns that are ordered use COLLATE "C", byte
// order as in SQLite), plus fleet bookkeeping outside the record schema.
import { MIGRATIONS } from '../migrations/index.js';

/** The PostgreSQL migrations in order: the same numbered steps as SQLite, rendered for PostgreSQL. */
export function pgMigrationList(): { version: number; name: string; sql: string }[] {
  return MIGRATIONS.map((m) => ({ version: m.version, name: m.name, sql: m.postgres }));
}

/** Table that records which outbox deliveries were applied (fleet bookkeeping, not part of the record schema). */
export const RECEIPTS_DDL = `CREATE TABLE IF NOT EXISTS portcullis_receipts (
  id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`;
