// Fleet mode's opener: a PostgreSQL store wrapped with the local-disk outbox, so every front end given a
// postgres:// --store keeps working through an outage of the central database.
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { defaultStorePath, redactUrl, type LocationEnv } from '../location.js';
import { openPostgresStore, type OpenPostgresOptions } from '../postgres/open-postgres.js';
import { ResilientStore } from './resilient-store.js';

export interface FleetEnv extends LocationEnv {
  /** Outbox file; default `<data dir>/portcullis/outbox-<hash of the URL without password>.db`. */
  readonly PORTCULLIS_OUTBOX?: string | undefined;
}

export function defaultOutboxPath(url: string, env: FleetEnv = process.env): string {
  if (env.PORTCULLIS_OUTBOX?.trim()) return env.PORTCULLIS_OUTBOX.trim();
  const tag = createHash('sha256').update(redactUrl(url)).digest('hex').slice(0, 12);
  return join(dirname(defaultStorePath(env)), `outbox-${tag}.db`);
}

/**
 * Open the PostgreSQL store at `url` behind a local outbox. A server that is down at start is not an error
 * (writes queue until it is back); a refused login or a missing database is (PCL_ERR_STORE_OPEN).
 */
export async function openFleetStore(url: string, env: FleetEnv = process.env, options: OpenPostgresOptions = {}): Promise<ResilientStore> {
  const inner = await openPostgresStore(url, { deferConnect: true, connectTimeoutMs: 3000, ...options });
  return new ResilientStore(inner, { outboxPath: defaultOutboxPath(url, env) });
}
