// Fleet mode against a real PostgreSQL: the schema matches the SQLite file's, and the same writes read back
// the same through both adapters; appends from concurrent callers are group-committed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore } from '../../../src/core/store/index.js';
import { openPostgresStore } from '../../../src/core/store/postgres/index.js';
import { startServe } from '../../../src/serve/index.js';
import type { Store } from '../../../src/core/store/store.js';
import { freshDatabase, releasePostgres, startPostgres, type PgLab } from '../../lab/postgres.js';
import { sampleWrites } from './samples.js';

let lab: PgLab;
let url: string;
const dir = mkdtempSync(join(tmpdir(), 'pcl-fleet-'));

// openStore(postgres://) wraps the store with a local outbox: keep it in the test's directory.
process.env.PORTCULLIS_OUTBOX = join(dir, 'outbox.db');

beforeAll(async () => {
  lab = startPostgres();
  url = await freshDatabase(lab, 'pcl_fleet');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  releasePostgres(lab);
});

async function readAll(s: Store): Promise<unknown> {
  const runs = await s.listRuns({});
  return {
    runs,
    findings: await s.listFindings('audit-1'),
    prevScan: await s.previousScanResults('scan-2'),
    events: await s.queryEvents({}),
    trapPrefix: await s.queryEvents({ prefix: 'trap.', order: 'desc', limit: 3 }),
    session: await s.queryEvents({ session: 'sess-a' }),
    window: await s.queryEvents({ since: '2026-11-01T10:00:01.000Z', until: '2026-11-01T10:00:03.000Z' }),
    denied: await s.queryGuardAudit({ verdict: 'deny' }),
    bySubject: await s.queryGuardAudit({ subject: 'ci', order: 'desc' }),
    byRoute: await s.queryGuardAudit({ routeId: 'container.create', ruleId: 'PCL-GRD-001' }),
    scans: await s.listRuns({ tool: 'scan', limit: 1 }),
  };
}

describe('PostgreSQL store', () => {
  it('creates the same tables and columns as the SQLite migrations', async () => {
    const store = await openStore(url);
    await store.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const cols = (await c.query(`SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> 'portcullis_receipts' ORDER BY table_name, column_name`)).rows
      .map((r: { table_name: string; column_name: string }) => `${r.table_name}.${r.column_name}`);
    const idx = (await c.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey'
      ORDER BY indexname`)).rows.map((r: { indexname: string }) => r.indexname);
    const version = (await c.query('SELECT MAX(version) AS v FROM schema_migrations')).rows[0].v;
    await c.end();

    const file = join(dir, 'parity.db');
    await (await openStore(file)).close();
    const f = new Database(file, { readonly: true });
    const tables = (f.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    const sqliteCols = tables.flatMap((t) => (f.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((r) => `${t}.${r.name}`)).sort();
    const sqliteIdx = (f.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    const sqliteVersion = (f.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v;
    f.close();
    expect(cols).toEqual(sqliteCols);
    expect(idx).toEqual(sqliteIdx);
    expect(version).toBe(sqliteVersion);
    expect(cols).toContain('guard_audit.reason');
  });

  it('reads back exactly what the SQLite adapter reads back for the same writes', async () => {
    const pgStore = await openStore(url);
    const sqlite = await openStore(join(dir, 'same.db'));
    for (const s of [pgStore, sqlite]) {
      for (const w of sampleWrites()) await w(s);
    }
    const a = await readAll(pgStore);
    const b = await readAll(sqlite);
    expect(a).toEqual(b);
    expect((a as { denied: unknown[] }).denied.length).toBeGreaterThan(0);
    await pgStore.close();
    await sqlite.close();
  });

  it('group-commits concurrent guard audit appends and keeps every record', async () => {
    const db = await freshDatabase(lab, 'pcl_batch');
    const store = await openPostgresStore(db);
    const n = 200;
    await Promise.all(Array.from({ length: n }, (_, i) => store.appendGuardAudit([{
      time: `2026-11-01T11:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(3, '0')}Z`, requestId: `r-${i}`,
      subject: 'ci', source: '127.0.0.1', method: 'POST', path: '/containers/create', routeId: 'container.create', verdict: 'allow',
    }])));
    const rows = await store.queryGuardAudit({ limit: 10_000 });
    expect(rows.map((r) => r.requestId).sort()).toEqual(Array.from({ length: n }, (_, i) => `r-${i}`).sort());
    expect(store.batches).toBeLessThan(n);
    await store.close();
  });

  it('migrates once when many hosts open a fresh database at the same time', async () => {
    const db = await freshDatabase(lab, 'pcl_race');
    const stores = await Promise.all(Array.from({ length: 5 }, () => openPostgresStore(db)));
    const c = new pg.Client({ connectionString: db });
    await c.connect();
    // Each migration exactly once, whatever the number of hosts that raced to apply it.
    expect((await c.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    await c.end();
    await Promise.all(stores.map((s) => s.close()));
  });

  it('reports a missing run, a wrong password and a closed store as coded errors that say what to do', async () => {
    const store = await openPostgresStore(url);
    await expect(store.saveFindings('no-such-run', [{ ruleId: 'PCL-X-001', severity: 'low', title: 't', target: 'x', message: 'm', evidence: [] }]))
      .rejects.toMatchObject({ code: 'PCL_ERR_STORE_WRITE', message: expect.stringContaining('saveRun() first') });
    await store.close();
    await expect(store.listRuns({})).rejects.toMatchObject({ code: 'PCL_ERR_STORE_WRITE' });
    const bad = url.replace(`:${lab.password}@`, ':wrong@');
    const err = await openStore(bad).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PCL_ERR_STORE_OPEN' });
    expect((err as Error).message).toContain('refused the login');
    expect((err as Error).message).not.toContain('wrong');
  });

  it('serves the same console JSON over PostgreSQL as over the SQLite file', async () => {
    const pgStore = await openStore(url);
    const sqlite = await openStore(join(dir, 'same.db'));
    const a = await startServe({ store: pgStore, port: 0 });
    const b = await startServe({ store: sqlite, port: 0 });
    try {
      for (const path of ['/api/overview', '/api/scans', '/api/audit', '/api/watch', '/api/trap/sessions', '/api/trap/sessions/sess-a',
        '/api/guard?verdict=deny', '/api/runs']) {
        const [x, y] = await Promise.all([fetch(a.url + path).then((r) => r.json()), fetch(b.url + path).then((r) => r.json())]);
        expect(x, path).toEqual(y);
      }
      const o = await (await fetch(`${a.url}/api/overview`)).json() as { exposed: unknown[]; sessions: unknown[] };
      expect(o.exposed.length).toBe(2);
      expect(o.sessions.length).toBe(2);
    } finally {
      await a.close();
      await b.close();
      await pgStore.close();
      await sqlite.close();
    }
  });
});
