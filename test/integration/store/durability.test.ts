// Durability and concurrency of the SQLite store across real processes: a writer killed with SIGKILL loses
// no acknowledged guard audit record, and a second connection (another process) reads and writes alongside.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MIGRATIONS, openStore } from '../../../src/core/store/index.js';
import { audit, event, run } from './fixtures.js';

const WRITER = fileURLToPath(new URL('./store-writer.ts', import.meta.url));
let dir: string;
const children: ChildProcess[] = [];
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pcl-store-dur-')); });
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Start the writer child; `onLine` sees each stdout line. Resolves with the exit (code or signal). */
function startWriter(args: string[], onLine: (line: string, child: ChildProcess) => void):
  { child: ChildProcess; exited: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  createInterface({ input: child.stdout! }).on('line', (line) => onLine(line, child));
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ?? `exit ${code}${stderr ? `: ${stderr}` : ''}`));
  });
  return { child, exited };
}

it('keeps every acknowledged guard audit record when the writer is SIGKILLed mid-stream', async () => {
  const path = join(dir, 'p.db');
  const acked: number[] = [];
  const { exited } = startWriter([path, 'audit'], (line, child) => {
    const m = /^ack (\d+)$/.exec(line);
    if (!m) return;
    acked.push(Number(m[1]));
    // Kill while it is writing flat out: the record after the last ack may or may not be there.
    if (acked.length === 200) child.kill('SIGKILL');
  });
  expect(await exited).toBe('SIGKILL');
  expect(acked.length).toBeGreaterThanOrEqual(200);
  const store = await openStore(path);
  const rows = await store.queryGuardAudit({ limit: 100_000 });
  await store.close();
  const ids = new Set(rows.map((r) => r.requestId));
  for (const n of acked) expect(ids.has(`child-${n}`)).toBe(true);
  // Nothing half-written: every row is complete and ids are contiguous from 1.
  expect(rows.every((r) => r.routeId === 'container.create' && r.source === '127.0.0.1')).toBe(true);
  expect([...ids].sort((a, b) => Number(a.slice(6)) - Number(b.slice(6))))
    .toEqual(Array.from({ length: ids.size }, (_, i) => `child-${i + 1}`));
});

it('lets a second process write while this one reads and writes the same file', async () => {
  const path = join(dir, 'p.db');
  const store = await openStore(path);
  await store.saveRun(run('parent', 'guard', '2026-01-01T00:00:00.000Z'));
  let ready!: () => void;
  const readyP = new Promise<void>((r) => { ready = r; });
  const { exited } = startWriter([path, 'audit-batch', '300'], (line) => { if (line === 'ready') ready(); });
  await readyP;
  // Interleave: the parent writes events and reads the child's rows while the child writes.
  const seen: number[] = [];
  for (let i = 1; i <= 300; i++) {
    await store.appendEvents([event(i % 60, 'guard.request.allowed', `p-${i}`)]);
    if (i % 50 === 0) seen.push((await store.queryGuardAudit({ limit: 100_000 })).length);
  }
  expect(await exited).toBe('exit 0');
  expect(seen.every((n, i) => i === 0 || n >= seen[i - 1]!)).toBe(true);
  const rows = await store.queryGuardAudit({ limit: 100_000 });
  expect(rows.length).toBe(600);
  expect((await store.queryEvents({ prefix: 'guard.', limit: 100_000 })).length).toBe(300);
  // A third connection in this process sees the same, committed state.
  const other = await openStore(`sqlite:${path}`);
  expect((await other.queryGuardAudit({ subject: 'alice', limit: 100_000 })).length)
    .toBe(rows.filter((r) => r.subject === 'alice').length);
  expect((await other.listRuns({})).map((r) => r.id)).toEqual(['parent']);
  await other.close();
  await store.close();
});

it('a run saved by one connection accepts findings written by another (foreign keys across connections)', async () => {
  const path = join(dir, 'p.db');
  const a = await openStore(path);
  const b = await openStore(path);
  await a.saveRun(run('x', 'audit', '2026-01-01T00:00:00.000Z'));
  await b.appendGuardAudit([audit(1)]);
  expect((await a.queryGuardAudit({})).length).toBe(1);
  await a.close();
  await b.close();
});

it('lets several processes open and migrate the same fresh file at once', async () => {
  const path = join(dir, 'fresh.db');
  const runs = [1, 2, 3].map(() => startWriter([path, 'audit', '5'], () => undefined));
  const [own] = await Promise.all([openStore(path), ...runs.map((r) => r.exited)]);
  expect(await Promise.all(runs.map((r) => r.exited))).toEqual(['exit 0', 'exit 0', 'exit 0']);
  expect((await own.queryGuardAudit({ limit: 100 })).length).toBe(15);
  await own.close();
  const raw = new Database(path, { readonly: true });
  expect(raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  raw.close();
});
