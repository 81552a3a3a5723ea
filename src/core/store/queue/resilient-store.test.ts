// ResilientStore over the real SQLite adapter (no receipts: plain delivery): writes keep their order, a
// group with one bad write fails only that write, and an empty outbox stays empty. Outages: test/integration/fleet.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../sqlite/open-sqlite.js';
import { ResilientStore } from './resilient-store.js';

const dir = mkdtempSync(join(tmpdir(), 'pcl-resilient-'));

describe('ResilientStore (SQLite inner)', () => {
  it('keeps order across concurrent calls and isolates a bad write in a group', async () => {
    const store = new ResilientStore(openSqliteStore(join(dir, 'a.db')), { outboxPath: join(dir, 'a-outbox.db') });
    const run = store.saveRun({ id: 'r1', tool: 'audit', startedAt: '2026-11-01T00:00:00.000Z', host: 'h' });
    const good = store.saveFindings('r1', [{ ruleId: 'PCL-X-001', severity: 'low', title: 't', target: 'h', message: 'm', evidence: [] }]);
    const bad = store.saveFindings('missing', [{ ruleId: 'PCL-X-002', severity: 'low', title: 't', target: 'h', message: 'm', evidence: [] }]);
    const fin = store.finishRun('r1', '2026-11-01T00:00:01.000Z', { low: 1 });
    await run;
    await good;
    await expect(bad).rejects.toMatchObject({ code: 'PCL_ERR_STORE_WRITE' });
    await fin;
    expect((await store.listFindings('r1')).map((f) => f.ruleId)).toEqual(['PCL-X-001']);
    expect((await store.listRuns({}))[0]?.finishedAt).toBe('2026-11-01T00:00:01.000Z');
    expect(store.pending()).toBe(0);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
