// Public entry of the store: `openStore(location)` picks the adapter from the location (SQLite file by
// default, `postgres://` for fleet mode behind a local outbox) and returns the one Store interface front ends write to.
import { resolveStoreLocation, type LocationEnv } from './location.js';
import { openSqliteStore } from './sqlite/open-sqlite.js';
import { openFleetStore } from './queue/open-fleet.js';
import type { Store } from './store.js';

export type {
  EventQuery, GuardAuditQuery, GuardAuditRecord, QueryOrder, RunRecord, ScanResultRecord, Store,
} from './store.js';
export { defaultStorePath, redactUrl, resolveStoreLocation, type LocationEnv, type StoreLocation } from './location.js';
export { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations/index.js';
export { SqliteStore } from './sqlite/sqlite-store.js';
export { openSqliteStore, type OpenSqliteOptions } from './sqlite/open-sqlite.js';

/**
 * Open the store at `location` (plain path, `sqlite:<path>`, `sqlite::memory:`), else $PORTCULLIS_STORE,
 * else `$XDG_DATA_HOME/portcullis/portcullis.db` (default `~/.local/share/portcullis/portcullis.db`).
 * Creates and migrates the file when needed. Throws PCL_ERR_STORE_OPEN / PCL_ERR_STORE_MIGRATE.
 * @example const store = await openStore(opts.store); await store.saveRun(run); await store.close();
 */
export async function openStore(location?: string, env: LocationEnv = process.env): Promise<Store> {
  const loc = resolveStoreLocation(location, env);
  switch (loc.kind) {
    case 'memory':
      return openSqliteStore(':memory:');
    case 'sqlite':
      return openSqliteStore(loc.path);
    case 'postgres':
      return openFleetStore(loc.url, env);
  }
}
