// The SQLite store on a real file: migrations from empty, reopen, round trips and queries of every record
// kind, and the PCL_ERR_STORE_* errors for unusable locations.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PortcullisEvent } from '../../../src/core/events/index.js';
import { MIGRATIONS, SCHEMA_VERSION, openStore, type Store } from '../../../src/core/store/index.js';
import { audit, event, finding, run } from './fixtures.js';

let dir: string;
let open: Store[] = [];
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pcl-store-')); open = []; });
afterEach(async () => { for (const s of open) await s.close(); rmSync(dir, { recursive: true, force: true }); });

async function storeAt(path: string): Promise<Store> {
  const s = await openStore(path);
  open.push(s);
  return s;
}

function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(() => 'resolved', (e: { code?: string }) => e.code ?? 'no code');
}

describe('migrations', () => {
  it('creates every table, index and the migration log on an empty file, in WAL mode, mode 0600', async () => {
    const path = join(dir, 'sub', 'dir', 'p.db');
    await storeAt(path);
    const raw = new Database(path, { readonly: true });
    const names = (raw.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','index')").all() as { name: string }[])
      .map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['runs', 'findings', 'events', 'scan_results', 'guard_audit',
      'schema_migrations', 'events_eventid_time', 'guard_audit_subject_time', 'findings_run']));
    const versions = raw.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'sub', 'dir')).mode & 0o777).toBe(0o700);
  });

  it('reopens without re-running migrations and keeps the data', async () => {
    const path = join(dir, 'p.db');
    const a = await openStore(path);
    await a.saveRun(run('r1', 'audit', '2026-01-01T00:00:00.000Z'));
    await a.close();
    await a.close(); // idempotent
    const b = await storeAt(`sqlite:${path}`);
    expect((await b.listRuns({})).map((r) => r.id)).toEqual(['r1']);
    const raw = new Database(path, { readonly: true });
    expect((raw.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(SCHEMA_VERSION);
    raw.close();
  });

  it('refuses a store written by a newer schema with PCL_ERR_STORE_MIGRATE', async () => {
    const path = join(dir, 'p.db');
    await (await openStore(path)).close();
    const raw = new Database(path);
    raw.prepare("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01T00:00:00Z')").run();
    raw.close();
    await expect(openStore(path)).rejects.toMatchObject({ code: 'PCL_ERR_STORE_MIGRATE', message: /newer than this portcullis/ });
  });
});

describe('records', () => {
  it('saves, finishes, upserts and lists runs newest first, filtered by tool', async () => {
    const s = await storeAt(join(dir, 'p.db'));
    await s.saveRun(run('a', 'scan', '2026-01-01T00:00:00.000Z'));
    await s.saveRun(run('b', 'audit', '2026-01-02T00:00:00.000Z'));
    await s.saveRun(run('c', 'scan', '2026-01-03T00:00:00.000Z'));
    await s.finishRun('a', '2026-01-01T00:01:00.000Z', { exposed: 2 });
    expect((await s.listRuns({})).map((r) => r.id)).toEqual(['c', 'b', 'a']);
    expect((await s.listRuns({ tool: 'scan', limit: 1 })).map((r) => r.id)).toEqual(['c']);
    const a = (await s.listRuns({ tool: 'scan' })).find((r) => r.id === 'a');
    expect(a).toEqual({ ...run('a', 'scan', '2026-01-01T00:00:00.000Z'), finishedAt: '2026-01-01T00:01:00.000Z', summary: { exposed: 2 } });
    await s.saveRun({ ...run('a', 'scan', '2026-01-01T00:00:00.000Z'), target: '127.0.0.9' });
    expect((await s.listRuns({ tool: 'scan' })).find((r) => r.id === 'a')?.target).toBe('127.0.0.9');
    expect(await codeOf(s.finishRun('missing', '2026-01-01T00:00:00.000Z', {}))).toBe('PCL_ERR_STORE_WRITE');
  });

  it('saves findings in order with every field, and refuses findings of an unknown run', async () => {
    const s = await storeAt(join(dir, 'p.db'));
    await s.saveRun(run('r', 'audit', '2026-01-01T00:00:00.000Z'));
    const fs = [finding(3, { remediation: 'do x', cis: '2.1', attack: ['T1610'], suppressed: { reason: 'lab' } }),
      finding(1), finding(2)];
    await s.saveFindings('r', fs);
    await s.saveFindings('r', [finding(4)]);
    expect(await s.listFindings('r')).toEqual([...fs, finding(4)]);
    expect(await s.listFindings('other')).toEqual([]);
    const err = await s.saveFindings('nope', [finding(1)]).catch((e: Error & { code: string }) => e);
    expect(err).toMatchObject({ code: 'PCL_ERR_STORE_WRITE', message: /saveRun\(\) first/ });
    expect(await s.listFindings('nope')).toEqual([]);
  });

  it('returns the previous finished scan run\'s results for "what changed"', async () => {
    const s = await storeAt(join(dir, 'p.db'));
    const r = (host: string, state: string) => ({ host, port: 2375, state, data: { tls: false, version: '20.10' } });
    await s.saveRun(run('s1', 'scan', '2026-01-01T00:00:00.000Z', '2026-01-01T00:01:00.000Z'));
    await s.saveScanResults('s1', [r('127.0.0.1', 'exposed'), r('127.0.0.2', 'closed')]);
    await s.saveRun(run('s2', 'scan', '2026-01-02T00:00:00.000Z', '2026-01-02T00:01:00.000Z'));
    await s.saveScanResults('s2', [r('127.0.0.1', 'closed')]);
    await s.saveRun(run('s3', 'scan', '2026-01-03T00:00:00.000Z')); // unfinished: never a baseline
    await s.saveRun(run('a1', 'audit', '2026-01-02T12:00:00.000Z', '2026-01-02T12:01:00.000Z'));
    await s.saveRun(run('s4', 'scan', '2026-01-04T00:00:00.000Z'));
    expect(await s.previousScanResults('s4')).toEqual([r('127.0.0.1', 'closed')]);
    expect(await s.previousScanResults('s2')).toEqual([r('127.0.0.1', 'exposed'), r('127.0.0.2', 'closed')]);
    expect(await s.previousScanResults('s1')).toBeUndefined();
  });

  it('appends events in one batch and queries them by id, prefix, session, time window, order and limit', async () => {
    const s = await storeAt(join(dir, 'p.db'));
    await s.appendEvents([
      event(1, 'trap.session.opened', 'S1'), event(2, 'trap.request.received', 'S1'), event(3, 'guard.request.denied'),
      event(4, 'trap.session.opened', 'S2'), event(5, 'trap.session.closed', 'S1'), event(6, 'guard.request.allowed'),
    ]);
    const ns = (es: readonly PortcullisEvent[]) => es.map((e) => e['n']);
    expect(ns(await s.queryEvents({}))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await s.queryEvents({ eventid: 'guard.request.denied' })).toEqual([event(3, 'guard.request.denied')]);
    expect(ns(await s.queryEvents({ prefix: 'trap.session.' }))).toEqual([1, 4, 5]);
    expect(ns(await s.queryEvents({ prefix: 'guard.' }))).toEqual([3, 6]);
    expect(ns(await s.queryEvents({ session: 'S1' }))).toEqual([1, 2, 5]);
    expect(ns(await s.queryEvents({ since: event(2, 'scan.run.started').timestamp, until: event(5, 'scan.run.started').timestamp })))
      .toEqual([2, 3, 4]);
    expect(ns(await s.queryEvents({ order: 'desc', limit: 2 }))).toEqual([6, 5]);
    expect(ns(await s.queryEvents({ prefix: 'trap.', session: 'S1', limit: 2 }))).toEqual([1, 2]);
  });

  it('appends guard decisions and filters them by subject, host, verdict, route, rule and time', async () => {
    const s = await storeAt(join(dir, 'p.db'));
    const all = Array.from({ length: 9 }, (_, i) => audit(i + 1));
    await s.appendGuardAudit(all);
    expect(await s.queryGuardAudit({})).toEqual(all);
    expect((await s.queryGuardAudit({ verdict: 'deny' })).map((r) => r.requestId)).toEqual(['req-3', 'req-6', 'req-9']);
    expect((await s.queryGuardAudit({ subject: 'alice', verdict: 'deny' })).map((r) => r.requestId)).toEqual(['req-3', 'req-9']);
    expect((await s.queryGuardAudit({ ruleId: 'PCL-CFG-001', order: 'desc', limit: 1 })).map((r) => r.requestId)).toEqual(['req-9']);
    expect(await s.queryGuardAudit({ routeId: 'exec.start' })).toEqual([]);
    expect((await s.queryGuardAudit({ since: all[6]!.time })).map((r) => r.requestId)).toEqual(['req-7', 'req-8', 'req-9']);
    expect((await s.queryGuardAudit({ until: all[1]!.time })).map((r) => r.requestId)).toEqual(['req-1']);
    // The host a decision was made on round-trips and filters; records without one (older guards) stay without.
    await s.appendGuardAudit([{ ...audit(10), host: 'edge-1' }, { ...audit(11), host: 'edge-2' }]);
    expect(await s.queryGuardAudit({ host: 'edge-2' })).toEqual([{ ...audit(11), host: 'edge-2' }]);
    expect((await s.queryGuardAudit({ limit: 1 }))[0]).not.toHaveProperty('host');
  });

  it('group-commits concurrent guard audit appends, and a bad record rejects only its own caller', async () => {
    const path = join(dir, 'p.db');
    const s = await storeAt(path);
    const calls = Array.from({ length: 50 }, (_, i) => s.appendGuardAudit([audit(i + 1)]));
    const bad = s.appendGuardAudit([{ ...audit(99), verdict: 'maybe' as 'allow' }]);
    const more = Array.from({ length: 50 }, (_, i) => s.appendGuardAudit([audit(i + 101)]));
    await Promise.all([...calls, ...more]);
    await expect(bad).rejects.toMatchObject({ code: 'PCL_ERR_STORE_WRITE' });
    const rows = await s.queryGuardAudit({ limit: 1000 });
    expect(rows.map((r) => r.requestId).sort()).toEqual(
      [...calls.keys()].map((i) => `req-${i + 1}`).concat([...more.keys()].map((i) => `req-${i + 101}`)).sort());
    // Resolved means committed: another connection sees them at once.
    const raw = new Database(path, { readonly: true });
    expect((raw.prepare('SELECT COUNT(*) AS n FROM guard_audit').get() as { n: number }).n).toBe(100);
    raw.close();
  });

  it('writes pending guard audit appends on close instead of losing them', async () => {
    const path = join(dir, 'p.db');
    const s = await openStore(path);
    const pending = s.appendGuardAudit([audit(1)]);
    await s.close();
    await pending;
    const again = await storeAt(path);
    expect((await again.queryGuardAudit({})).map((r) => r.requestId)).toEqual(['req-1']);
  });

  it('fails with PCL_ERR_STORE_WRITE after close, saying how to recover', async () => {
    const s = await openStore(join(dir, 'p.db'));
    await s.close();
    await expect(s.appendEvents([event(1, 'scan.run.started')])).rejects.toMatchObject({ code: 'PCL_ERR_STORE_WRITE', message: /is closed/ });
    await expect(s.listRuns({})).rejects.toMatchObject({ code: 'PCL_ERR_STORE_WRITE' });
  });
});

describe('locations', () => {
  it('opens $PORTCULLIS_STORE, then $XDG_DATA_HOME/portcullis/portcullis.db when no location is given', async () => {
    const viaEnv = await openStore(undefined, { PORTCULLIS_STORE: join(dir, 'env.db') });
    open.push(viaEnv);
    expect(viaEnv.location).toBe(join(dir, 'env.db'));
    const viaXdg = await openStore(undefined, { XDG_DATA_HOME: join(dir, 'xdg') });
    open.push(viaXdg);
    expect(viaXdg.location).toBe(join(dir, 'xdg', 'portcullis', 'portcullis.db'));
    expect(statSync(viaXdg.location).isFile()).toBe(true);
  });

  it('reports a path under a file, and a file that is not a database, as PCL_ERR_STORE_OPEN with the fix', async () => {
    writeFileSync(join(dir, 'plain'), 'not a database, just text that is long enough to have a header '.repeat(20));
    await expect(openStore(join(dir, 'plain', 'p.db'))).rejects.toMatchObject({ code: 'PCL_ERR_STORE_OPEN', message: /--store/ });
    await expect(openStore(join(dir, 'plain'))).rejects.toMatchObject({ code: 'PCL_ERR_STORE_OPEN', message: /not a usable SQLite database/ });
  });

  it('works in memory for tests (sqlite::memory:)', async () => {
    const s = await storeAt('sqlite::memory:');
    await s.saveRun(run('m', 'watch', '2026-01-01T00:00:00.000Z'));
    expect((await s.listRuns({ tool: 'watch' })).length).toBe(1);
  });
});

describe('permissions (as an unprivileged user, since root ignores modes)', () => {
  it('reports a read-only directory as PCL_ERR_STORE_OPEN telling the user to pick a writable --store', async () => {
    const { spawnSync } = await import('node:child_process');
    const { chmodSync, mkdirSync } = await import('node:fs');
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(dir, 0o755);
    chmodSync(ro, 0o555);
    const storeIndex = new URL('../../../src/core/store/index.ts', import.meta.url).href;
    const script = `import { openStore } from ${JSON.stringify(storeIndex)};
      for (const p of process.argv.slice(1)) {
        try { await openStore(p); console.log('opened'); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }
      }`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script,
      join(ro, 'p.db'), join(ro, 'sub', 'p.db')], { uid: 65534, gid: 65534, encoding: 'utf8',
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      env: { ...process.env, HOME: tmpdir() } });
    expect(r.status, r.stderr).toBe(0);
    const results = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { code: string; message: string });
    expect(results).toHaveLength(2);
    for (const res of results) {
      expect(res.code).toBe('PCL_ERR_STORE_OPEN');
      expect(res.message).toMatch(/read-only for this user.*--store <path> or \$PORTCULLIS_STORE/);
    }
  });
});
