// The console the way an attacker or a careless client would use it, over a real SQLite file and a real
// PostgreSQL: odd filter values (NUL, SQL-ish text, bad dates, unknown verdicts), pagination and order,
// CSRF and open-redirect attempts, bearer spellings, a store with thousands of rows, and live updates that
// put new guard decisions and trap events on an open page in Chromium without a reload.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortcullisEvent } from '../../../src/core/events/index.js';
import { openStore } from '../../../src/core/store/index.js';
import type { GuardAuditRecord, Store } from '../../../src/core/store/store.js';
import { startServe, type ServeHandle } from '../../../src/serve/index.js';
import { freshDatabase, startPostgres } from '../../lab/postgres.js';
import { sampleWrites } from '../fleet/samples.js';

const TOKEN = 'serve-variants-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'pcl-serve-rt-'));
const AUTH = { authorization: `Bearer ${TOKEN}` };

const rec = (i: number, extra: Partial<GuardAuditRecord> = {}): GuardAuditRecord => ({
  time: new Date(Date.UTC(2026, 10, 3, 8) + i * 1000).toISOString(), requestId: `bulk-${i}`, subject: `user-${i % 7}`,
  source: '127.0.0.1', method: i % 2 ? 'POST' : 'GET', path: `/v1.41/containers/c${i}/json`, routeId: i % 2 ? 'container.create' : 'container.inspect',
  verdict: i % 5 === 0 ? 'deny' : 'allow', ...(i % 5 === 0 ? { ruleId: 'PCL-GRD-002', reason: `denied #${i}` } : {}), status: 200, ...extra,
});

async function fill(store: Store): Promise<void> {
  for (const w of sampleWrites()) await w(store);
  // Attacker-controlled text with NUL and formula characters, as a guard or a trap may record it.
  await store.appendGuardAudit([rec(100_000, { subject: 'nul\u0000subject', path: '/v1.41/containers/a\u0000b/json', reason: '=cmd|\' /C calc\'!A0' })]);
}

/** The checks both stores must pass, over a started console. */
function oddValues(name: string, ctx: () => { srv: ServeHandle; store: Store }): void {
  describe(`odd filter values and paging over ${name}`, () => {
    const api = async (path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
      const r = await fetch(ctx().srv.url + path, { headers: AUTH });
      return { status: r.status, body: await r.json() as Record<string, unknown> };
    };

    it('answers 400 with what to fix for unusable values, never 500, and never a different selection', async () => {
      for (const bad of ['since=notadate', 'until=2026-02-30', 'since=99999-01-01', 'verdict=maybe', 'order=sideways', 'limit=-5', 'offset=x',
        'since=2026-11-02&until=2026-11-01']) {
        for (const route of ['/api/guard', '/api/events']) {
          if (route === '/api/events' && bad.startsWith('verdict')) continue;
          const r = await api(`${route}?${bad}`);
          expect(r.status, `${route}?${bad}`).toBe(400);
          expect(String(r.body['error']), bad).toMatch(/use|must|swap|not a time/);
        }
        const page = await fetch(`${ctx().srv.url}/guard?${bad}`, { headers: AUTH });
        expect(page.status, bad).toBe(400);
        expect(await page.text()).toContain('id="filter-error"');
      }
    });

    it('treats NUL, SQL-ish and markup filter text as plain values', async () => {
      const nul = await api('/api/guard?subject=nul%00subject');
      expect(nul.status).toBe(200);
      expect((nul.body['records'] as GuardAuditRecord[]).map((r) => r.requestId)).toEqual(['bulk-100000']);
      for (const v of ["' OR '1'='1", "x'; DROP TABLE guard_audit; --", '%', '_', '<script>alert(1)</script>', '\u0000']) {
        for (const k of ['subject', 'route', 'rule', 'session', 'eventid', 'prefix']) {
          const route = ['session', 'eventid', 'prefix'].includes(k) ? '/api/events' : '/api/guard';
          const r = await api(`${route}?${k}=${encodeURIComponent(v)}`);
          expect(r.status, `${k}=${v}`).toBe(200);
          if (k !== 'prefix') expect((r.body['records'] ?? r.body['events']) as unknown[], `${k}=${v}`).toEqual([]);
        }
        const page = await fetch(`${ctx().srv.url}/guard?subject=${encodeURIComponent(v)}`, { headers: AUTH });
        expect(page.status).toBe(200);
        expect(await page.text()).not.toContain('<script>alert');
      }
      for (const p of ['/trap/%00', '/api/trap/sessions/%00', '/api/runs/%00/findings', '/trap/x%27%20OR%201=1/indicators.csv']) {
        expect((await fetch(ctx().srv.url + p, { headers: AUTH })).status, p).toBeLessThan(500);
      }
      expect(((await api('/api/guard?limit=5000')).body['records'] as unknown[]).length).toBeGreaterThan(5); // nothing was dropped
    });

    it('pages with limit and offset (or page), follows next links, and sorts both ways', async () => {
      // One subject's decisions: fewer than a full page of 5000 on both stores, so the whole set is known.
      const F = 'subject=user-3';
      const all = (await api(`/api/guard?${F}&limit=5000`)).body['records'] as GuardAuditRecord[];
      expect(all.length).toBeGreaterThan(5);
      const first = await api(`/api/guard?${F}&limit=3`);
      expect((first.body['records'] as GuardAuditRecord[]).map((r) => r.requestId)).toEqual(all.slice(0, 3).map((r) => r.requestId));
      const next = String(first.body['next']);
      expect(next).toMatch(/subject=user-3&limit=3&offset=3/);
      const second = await api(next);
      expect((second.body['records'] as GuardAuditRecord[]).map((r) => r.requestId)).toEqual(all.slice(3, 6).map((r) => r.requestId));
      const byPage = await api(`/api/guard?${F}&limit=3&page=2`);
      expect(byPage.body['records']).toEqual(second.body['records']);
      const asc = (await api(`/api/guard?${F}&limit=5000&order=asc`)).body['records'] as GuardAuditRecord[];
      expect(asc.map((r) => r.requestId)).toEqual([...all].reverse().map((r) => r.requestId));
      const last = await api(`/api/guard?${F}&limit=3&offset=${all.length - 2}`);
      expect((last.body['records'] as unknown[]).length).toBe(2);
      expect(last.body['next']).toBeUndefined();
      const evAll = (await api('/api/events?limit=5000')).body['events'] as PortcullisEvent[];
      const evPage = (await api('/api/events?limit=2&offset=2')).body['events'] as PortcullisEvent[];
      expect(evPage).toEqual(evAll.slice(2, 4));
      const html = await (await fetch(`${ctx().srv.url}/guard?limit=3`, { headers: AUTH })).text();
      expect(html).toMatch(/id="page-next" href="\/guard\?limit=3&amp;offset=3"/);
    });
  });
}

let sqlite: { srv: ServeHandle; store: Store };
let postgres: { srv: ServeHandle; store: Store };

beforeAll(async () => {
  const sq = await openStore(join(dir, 'variants.db'));
  await fill(sq);
  // Thousands of rows: guard decisions, and trap sessions with their events.
  await sq.appendGuardAudit(Array.from({ length: 6000 }, (_, i) => rec(i)));
  const evs: PortcullisEvent[] = [];
  for (let s = 0; s < 300; s++) {
    const base = { source: 'portcullis', session: `bulk-sess-${s}`, src_ip: `127.0.${s >> 8}.${s & 255}`, sensor: 'bulk' };
    evs.push({ eventid: 'trap.session.opened', timestamp: new Date(Date.UTC(2026, 10, 4) + s * 60_000).toISOString(), ...base } as PortcullisEvent);
    for (let k = 0; k < 8; k++) {
      evs.push({ eventid: 'trap.command.observed', timestamp: new Date(Date.UTC(2026, 10, 4) + s * 60_000 + k * 10).toISOString(), ...base, command: `=cmd ${k}` } as PortcullisEvent);
    }
  }
  await sq.appendEvents(evs);
  sqlite = { store: sq, srv: await startServe({ store: sq, port: 0, token: TOKEN, pollMs: 200 }) };

  const lab = startPostgres('shared', 55432);
  const pgStore = await openStore(await freshDatabase(lab, 'pcl_serve_rt_variants'), { ...process.env, PORTCULLIS_OUTBOX: join(dir, 'outbox.db') } as NodeJS.ProcessEnv);
  await fill(pgStore);
  await pgStore.appendGuardAudit(Array.from({ length: 40 }, (_, i) => rec(i)));
  postgres = { store: pgStore, srv: await startServe({ store: pgStore, port: 0, token: TOKEN, pollMs: 200 }) };
}, 180_000);

afterAll(async () => {
  for (const x of [sqlite, postgres]) {
    await x?.srv.close();
    await x?.store.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

oddValues('SQLite', () => sqlite);
oddValues('PostgreSQL', () => postgres);

describe('login, CSRF and redirects', () => {
  const url = (p: string): string => sqlite.srv.url + p;
  const login = (headers: Record<string, string>, body = `token=${TOKEN}&next=%2Fguard`): Promise<Response> =>
    fetch(url('/login'), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });

  it('refuses a login or logout posted from another site, and accepts the console\'s own', async () => {
    const cross = await login({ origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
    expect(cross.headers.get('set-cookie')).toBeNull();
    expect(cross.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await login({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const own = await login({ origin: sqlite.srv.url });
    expect(own.status).toBe(303);
    expect(own.headers.get('location')).toBe('/guard');
    const cookie = (own.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^pcl_session=[\w-]{40,}$/);
    const out = await fetch(url('/logout'), { method: 'POST', redirect: 'manual', headers: { cookie, origin: 'http://evil.example' } });
    expect(out.status).toBe(403);
    expect((await fetch(url('/api/guard?limit=1'), { headers: { cookie } })).status).toBe(200); // still logged in
    expect((await fetch(url('/logout'), { method: 'POST', redirect: 'manual', headers: { cookie, origin: sqlite.srv.url } })).status).toBe(303);
    expect((await fetch(url('/api/guard?limit=1'), { headers: { cookie } })).status).toBe(401);
  });

  it('never redirects off-site after login, even with blanks a browser strips', async () => {
    for (const next of ['//evil.example/', '/%09/evil.example', '/%0a/evil.example', '/\\evil.example', 'https://evil.example', '/%E2%82%AC']) {
      const r = await login({}, `token=${TOKEN}&next=${next}`);
      expect(r.status, next).toBe(303);
      expect(r.headers.get('location'), next).toBe('/');
    }
  });

  it('takes the bearer scheme in any case, and nothing but the token', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      expect((await fetch(url('/api/runs'), { headers: { authorization: `${scheme} ${TOKEN}` } })).status, scheme).toBe(200);
    }
    for (const bad of [`Basic ${TOKEN}`, `Bearer ${TOKEN}x`, 'Bearer', `Token ${TOKEN}`]) {
      expect((await fetch(url('/api/runs'), { headers: { authorization: bad } })).status, bad).toBe(401);
    }
    // The token is not a session id: as a cookie it logs nobody in.
    expect((await fetch(url('/api/runs'), { headers: { cookie: `pcl_session=${TOKEN}` } })).status).toBe(401);
    expect((await fetch(url('/api/runs'), { method: 'POST', headers: AUTH })).status).toBe(405);
  });
});

describe('a store with thousands of rows', () => {
  it('renders every page and bounds what one page holds', async () => {
    for (const p of ['/', '/guard', '/guard?verdict=deny', '/scans', '/audit', '/watch', '/trap', '/trap/bulk-sess-7', '/api/overview', '/api/trap/sessions']) {
      const r = await fetch(sqlite.srv.url + p, { headers: AUTH });
      expect(r.status, p).toBe(200);
    }
    const guard = await (await fetch(`${sqlite.srv.url}/guard`, { headers: AUTH })).text();
    expect(guard.match(/<tr class="v-/g)?.length).toBe(200);
    expect(guard).toContain('id="page-next"');
    const all = await (await fetch(`${sqlite.srv.url}/api/guard?limit=5000`, { headers: AUTH })).json() as { records: unknown[]; next?: string };
    expect(all.records.length).toBe(5000);
    expect(all.next).toMatch(/offset=5000/);
    const csv = await (await fetch(`${sqlite.srv.url}/trap/bulk-sess-7/indicators.csv`, { headers: AUTH })).text();
    expect(csv.split('\r\n')[0]).toBe('"type","value","first_seen","session","src_ip","decoded"');
  });
});

describe('live updates in Chromium', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
      executablePath: '/usr/bin/chromium', viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);
  afterAll(async () => { await context?.close(); });

  it('puts a new guard decision and a new trap session on open pages without a reload', { timeout: 120_000 }, async () => {
    const page = await context.newPage();
    await page.goto(`${sqlite.srv.url}/login`);
    await page.fill('input[name=token]', TOKEN);
    await page.click('button[type=submit]');
    await page.goto(`${sqlite.srv.url}/guard?verdict=deny`);
    let reloaded = false;
    page.on('framenavigated', () => { reloaded = true; });
    await page.waitForSelector('#live', { state: 'attached' });
    await sqlite.store.appendGuardAudit([rec(200_000, { time: new Date(Date.now() + 60_000).toISOString(), subject: 'live-subject-rt', verdict: 'deny', reason: 'live denial' })]);
    await page.waitForSelector('td:has-text("live-subject-rt")', { timeout: 60_000 });
    expect(await page.inputValue('select[name=verdict]')).toBe('deny'); // the filtered page was refreshed, filters kept
    expect(reloaded).toBe(false);

    await page.goto(`${sqlite.srv.url}/trap`);
    reloaded = false;
    await sqlite.store.appendEvents([{ eventid: 'trap.session.opened', timestamp: new Date(Date.now() + 120_000).toISOString(), source: 'portcullis',
      session: 'live-sess-rt', src_ip: '127.0.9.9', sensor: 'live-sensor-rt' } as PortcullisEvent]);
    await page.waitForSelector('td:has-text("live-sensor-rt")', { timeout: 60_000 });
    expect(reloaded).toBe(false);
    await page.close();
  });
});
