// A PostgreSQL outage must not stop writers: writes made while the server is down wait in the local outbox
// and arrive exactly once after it comes back, also across a writer restart and a lost acknowledgement.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../src/core/store/postgres/index.js';
import { openFleetStore, ResilientStore } from '../../../src/core/store/queue/index.js';
import type { GuardAuditRecord } from '../../../src/core/store/store.js';
import { freshDatabase, restartPostgres, startPostgres, stopPostgres, type PgLab } from '../../lab/postgres.js';

// A cluster of its own: stopping it must not disturb other tests using the shared one.
let lab: PgLab;
let url: string;
const dir = mkdtempSync(join(tmpdir(), 'pcl-outage-'));

beforeAll(async () => {
  lab = startPostgres('outage', 55433);
  url = await freshDatabase(lab, 'pcl_outage');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  stopPostgres(lab);
});

const rec = (i: number): GuardAuditRecord => ({
  time: `2026-11-02T08:00:00.${String(i).padStart(3, '0')}Z`, requestId: `out-${i}`, subject: 'ci', source: '127.0.0.1',
  method: 'POST', path: '/containers/create', routeId: 'container.create', verdict: i % 2 ? 'deny' : 'allow',
  ...(i % 2 ? { ruleId: 'PCL-GRD-001', reason: 'host root bind' } : {}),
});

async function count(sql: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return Number((await c.query(sql)).rows[0].n); } finally { await c.end(); }
}

describe('ResilientStore over PostgreSQL', () => {
  it('queues writes during an outage and delivers each exactly once when the server is back', async () => {
    const outboxPath = join(dir, 'outbox.db');
    const store = new ResilientStore(await openPostgresStore(url, { connectTimeoutMs: 1000 }), { outboxPath, retryMs: 200 });
    await store.saveRun({ id: 'g-before', tool: 'guard', startedAt: '2026-11-02T07:59:00.000Z', host: 'h1' });
    await store.appendGuardAudit([rec(0)]);
    expect(store.pending()).toBe(0);

    stopPostgres(lab);
    // The guard keeps deciding: each write resolves once it is fsynced in the outbox.
    await store.saveRun({ id: 'g-during', tool: 'guard', startedAt: '2026-11-02T08:00:00.000Z', host: 'h1' });
    for (let i = 1; i <= 20; i++) await store.appendGuardAudit([rec(i)]);
    await store.saveFindings('g-during', [{ ruleId: 'PCL-GRD-001', severity: 'high', title: 't', target: 'x', message: 'm', evidence: [] }]);
    await store.finishRun('g-during', '2026-11-02T08:01:00.000Z', { denied: 10 });
    expect(store.pending()).toBe(23);
    expect(await store.drain()).toBe(0);

    restartPostgres(lab);
    while (store.pending() > 0) await store.drain();
    expect(await count('SELECT COUNT(*) AS n FROM guard_audit')).toBe(21);
    expect(await count('SELECT COUNT(DISTINCT request_id) AS n FROM guard_audit')).toBe(21);
    expect(await count("SELECT COUNT(*) AS n FROM findings WHERE run_id = 'g-during'")).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM runs WHERE id = 'g-during' AND finished_at IS NOT NULL")).toBe(1);
    expect(store.failed()).toBe(0);
    await store.close();
  });

  it('keeps undelivered writes across a writer restart and skips a replay whose first attempt committed', async () => {
    const outboxPath = join(dir, 'outbox-2.db');
    let n = 0;
    const first = new ResilientStore(await openPostgresStore(url, { connectTimeoutMs: 1000 }),
      { outboxPath, retryMs: 60_000, newId: () => `fixed-${++n}` });
    stopPostgres(lab);
    await first.appendGuardAudit([rec(100)]);
    await first.appendGuardAudit([rec(101)]);
    await first.close();

    restartPostgres(lab);
    // Simulate a lost acknowledgement: the first queued write was in fact committed under its delivery id.
    const direct = await openPostgresStore(url);
    expect(await direct.applyOnce('fixed-1', { op: 'appendGuardAudit', records: [rec(100)] })).toBe('applied');
    await direct.close();

    const second = new ResilientStore(await openPostgresStore(url), { outboxPath, retryMs: 60_000 });
    expect(second.pending()).toBe(2);
    expect(await second.drain()).toBe(2);
    expect(second.pending()).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM guard_audit WHERE request_id IN ('out-100', 'out-101')")).toBe(2);
    await second.close();
  });

  it('fails a write the store rejects for good instead of queueing it forever', async () => {
    const store = new ResilientStore(await openPostgresStore(url), { outboxPath: join(dir, 'outbox-3.db') });
    await expect(store.saveFindings('missing-run', [{ ruleId: 'PCL-X-001', severity: 'low', title: 't', target: 'x', message: 'm', evidence: [] }]))
      .rejects.toMatchObject({ code: 'PCL_ERR_STORE_WRITE' });
    expect(store.pending()).toBe(0);
    await store.close();
  });

  it('opens a fleet store while the server is down and delivers what was written once it is up', async () => {
    stopPostgres(lab);
    const store = await openFleetStore(url, { PORTCULLIS_OUTBOX: join(dir, 'outbox-4.db') });
    await store.saveRun({ id: 'g-cold', tool: 'guard', startedAt: '2026-11-02T09:00:00.000Z', host: 'h2' });
    await store.appendGuardAudit([rec(200)]);
    expect(store.pending()).toBe(2);
    restartPostgres(lab);
    while (store.pending() > 0) await store.drain();
    expect(await count("SELECT COUNT(*) AS n FROM guard_audit WHERE request_id = 'out-200'")).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM runs WHERE id = 'g-cold'")).toBe(1);
    await store.close();
  });

  it('group-commits concurrent writes into few transactions, and a bad write fails alone', async () => {
    const store = new ResilientStore(await openPostgresStore(url), { outboxPath: join(dir, 'outbox-5.db') });
    await store.saveRun({ id: 'g-group', tool: 'guard', startedAt: '2026-11-02T10:00:00.000Z', host: 'h3' });
    const before = store.groups;
    const bad = store.saveFindings('no-such-run', [{ ruleId: 'PCL-X-001', severity: 'low', title: 't', target: 'x', message: 'm', evidence: [] }]);
    const writes = Array.from({ length: 100 }, (_, i) => store.appendGuardAudit([rec(300 + i)]));
    await expect(bad).rejects.toMatchObject({ code: 'PCL_ERR_STORE_WRITE' });
    await Promise.all(writes);
    expect(store.groups - before).toBeLessThan(50);
    expect(await count("SELECT COUNT(*) AS n FROM guard_audit WHERE request_id ~ '^out-[34][0-9][0-9]$'")).toBe(100);
    await store.close();
  });
});
