// Opens (creating when missing) a SQLite store file: private directory and file modes, WAL journal,
// synchronous=FULL, foreign keys, a busy timeout for concurrent processes, then the schema migrations.
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrateSqlite } from './migrate.js';
import { openError } from './sqlite-errors.js';
import { BUSY_TIMEOUT_MS, SqliteStore } from './sqlite-store.js';

export interface OpenSqliteOptions {
  /** Open without writing (no migration, no journal change); for read-only viewers. */
  readonly readonly?: boolean;
}

/**
 * mkdir -p, one level at a time: Node 20's `mkdirSync(..., { recursive: true })` spins forever on some
 * pseudo file systems (e.g. under /proc), which would hang the CLI instead of reporting a bad --store.
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  let d = dir;
  while (!existsSync(d)) {
    missing.unshift(d);
    const parent = dirname(d);
    if (parent === d) break;
    d = parent;
  }
  for (const m of missing) {
    try {
      mkdirSync(m, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** Create the parent directory (0700) and the file (0600) so audit records are not world-readable. */
function prepareFile(path: string): void {
  makeDirs(dirname(path));
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** Open a SQLite store at `path` (or in memory for `':memory:'`). */
export function openSqliteStore(path: string, options: OpenSqliteOptions = {}): SqliteStore {
  const memory = path === ':memory:';
  const where = memory ? 'sqlite::memory:' : path;
  let db: Database.Database | undefined;
  try {
    if (!memory && !options.readonly) prepareFile(path);
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!options.readonly) {
      // WAL: readers never block the writer; FULL: the WAL is fsynced at every commit (durable on return).
      if (!memory) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
  } catch (err) {
    db?.close();
    throw openError(where, err);
  }
  if (!options.readonly) {
    try {
      migrateSqlite(db, where);
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code === 'PCL_ERR_STORE_MIGRATE') throw err;
      throw openError(where, err);
    }
  }
  return new SqliteStore(db, where);
}
