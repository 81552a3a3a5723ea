// The guard as its own process (the CLI entry): SIGHUP reload (a bad file keeps the running config), and a
// SIGKILL with writes in flight loses no audit record: every container dockerd created has a durable
// decision line in the JSON-lines file and a row in the SQLite store.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../../lab/index.js';
import { lab, removeContainers } from './helpers.js';

const P = 'pcl-guard-proc-';
const CLI = join(import.meta.dirname, 'guard-cli.ts');

function config(dir: string, roles: string[], broken = false): void {
  writeFileSync(join(dir, 'guard.yaml'), broken ? 'listeners: [\n  - type: nonsense\n' : stringify({
    upstream: { url: `unix://${lab.socketPath}` },
    listeners: [{ type: 'plain', address: '127.0.0.1:0', subject: 'raw', allowPlaintext: true }],
    audit: { file: 'audit.jsonl', store: 'audit.db' },
    policy: { grants: [{ subject: 'loopback:raw', roles }] },
  }));
}

async function startChild(dir: string): Promise<{ child: ChildProcess; port: number; stderr: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'guard', '-c', join(dir, 'guard.yaml'), '--no-events'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => { err += c.toString(); });
  for (let i = 0; i < 200 && !/listening on/.test(err); i++) await new Promise((r) => setTimeout(r, 100));
  const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(err)?.[1]);
  if (!port) throw new Error(`guard did not start: ${err}`);
  return { child, port, stderr: () => err };
}

function call(port: number, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { 'content-type': 'application/json', ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

const children: ChildProcess[] = [];
const dirs: string[] = [];
beforeAll(() => removeContainers(P));
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  removeContainers(P);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('guard process', () => {
  it('reloads on SIGHUP and keeps the running config when the new one is invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-guard-reload-'));
    dirs.push(dir);
    config(dir, ['read-only']);
    const g = await startChild(dir);
    children.push(g.child);
    const create = () => call(g.port, 'POST', `/v1.41/containers/create?name=${P}reload${Math.random().toString(36).slice(2, 8)}`, '{"Image":"alpine","Cmd":["true"]}');
    expect(await call(g.port, 'GET', '/v1.41/containers/json')).toBe(200);
    expect(await create()).toBe(403);
    config(dir, ['admin']);
    g.child.kill('SIGHUP');
    for (let i = 0; i < 100 && !/config reloaded/.test(g.stderr()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await create()).toBe(201);
    config(dir, [], true);
    g.child.kill('SIGHUP');
    for (let i = 0; i < 100 && !/reload refused/.test(g.stderr()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(g.stderr()).toMatch(/reload refused.*guard\.yaml:\d+/);
    expect(await create()).toBe(201);
    g.child.kill('SIGTERM');
  });

  it('loses no audit record of a write when killed with writes in flight', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-guard-crash-'));
    dirs.push(dir);
    config(dir, ['admin']);
    const g = await startChild(dir);
    children.push(g.child);
    const inflight = Array.from({ length: 24 }, (_, i) =>
      call(g.port, 'POST', `/v1.41/containers/create?name=${P}crash${i}`, '{"Image":"alpine","Cmd":["true"]}'));
    // Kill as soon as dockerd has created some, so others are mid-flight.
    for (let i = 0; i < 400; i++) {
      const n = docker(lab, ['ps', '-aq', '--filter', `name=^/${P}crash`]).trim().split('\n').filter(Boolean).length;
      if (n >= 3) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    g.child.kill('SIGKILL');
    await Promise.all(inflight);
    await new Promise((r) => setTimeout(r, 1000)); // dockerd may finish creates already forwarded
    const created = docker(lab, ['ps', '-a', '--format', '{{.Names}}', '--filter', `name=^/${P}crash`]).trim().split('\n').filter(Boolean);
    expect(created.length).toBeGreaterThanOrEqual(3);
    const lines = readFileSync(join(dir, 'audit.jsonl'), 'utf8').split('\n').filter((l) => l.endsWith('}')).map((l) => JSON.parse(l) as { path: string; phase: string });
    const db = new Database(join(dir, 'audit.db'), { readonly: true });
    const rows = db.prepare('SELECT * FROM guard_audit').all() as Record<string, unknown>[];
    db.close();
    for (const name of created) {
      expect(lines.some((l) => l.phase === 'decided' && l.path.endsWith(`name=${name}`)), `jsonl record for ${name}`).toBe(true);
      expect(rows.some((r) => String(Object.values(r).find((v) => typeof v === 'string' && v.endsWith(`name=${name}`)) ?? '') !== ''), `store row for ${name}`).toBe(true);
    }
  });
});
