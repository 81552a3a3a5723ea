// Migration 2: the host a guard decision was made on, so a fleet's guards can share one guard_audit table and
// the console can tell (and filter) them apart. Older rows keep NULL: they came from before hosts were recorded.
import type { Migration } from './migration.js';

const SQL = 'ALTER TABLE guard_audit ADD COLUMN host TEXT;\nCREATE INDEX IF NOT EXISTS guard_audit_host_time ON guard_audit (host, time);\n';

export const MIGRATION_0002: Migration = { version: 2, name: 'guard-host', sqlite: SQL, postgres: SQL };
