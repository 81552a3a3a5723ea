// Event sinks against real files, streams and a real SQLite store: whole lines under concurrent appends
// from several processes, fsync policies, stdout-safe close, batching, ordering and retry on failure.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import { EventLog, type PortcullisEvent } from '../index.js';
import { JsonLinesFileSink, StoreSink, StreamSink, type EventStore } from './index.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pcl-sinks-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

function ev(n: number, extra: Record<string, unknown> = {}): PortcullisEvent {
  return { eventid: 'guard.request.allowed', timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, n)).toISOString(),
    source: 'portcullis', n, ...extra };
}

describe('JsonLinesFileSink', () => {
  it('appends one JSON object per line to a 0600 file, keeping earlier content', () => {
    const path = join(dir, 'events.jsonl');
    const a = new JsonLinesFileSink(path, { fsync: 'always' });
    a.write(ev(1));
    a.close();
    const b = new JsonLinesFileSink(path);
    b.write(ev(2, { note: 'line\nbreak \u2028 sep' }));
    b.close();
    b.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l) as PortcullisEvent)).toEqual([ev(1), ev(2, { note: 'line\nbreak \u2028 sep' })]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(() => b.write(ev(3))).toThrow(expect.objectContaining({ code: 'PCL_ERR_EVENTS_SINK_WRITE' }));
  });

  it('fails at startup with PCL_ERR_EVENTS_SINK_OPEN when the file cannot be opened', () => {
    expect(() => new JsonLinesFileSink(join(dir, 'missing', 'e.jsonl'))).toThrow(
      expect.objectContaining({ code: 'PCL_ERR_EVENTS_SINK_OPEN', message: expect.stringMatching(/writable/) }));
  });

  it('never interleaves partial lines when four processes append large events at once', async () => {
    const path = join(dir, 'shared.jsonl');
    const sinkUrl = new URL('./jsonl-file-sink.ts', import.meta.url).href;
    const script = `import { JsonLinesFileSink } from ${JSON.stringify(sinkUrl)};
      const s = new JsonLinesFileSink(process.argv[1], { fsync: 'never' });
      const pad = process.argv[2].repeat(6000);
      for (let i = 0; i < 300; i++) s.write({ eventid: 'guard.request.allowed', timestamp: 't', source: 'portcullis', w: process.argv[2], i, pad });
      s.close();`;
    const codes = await Promise.all(['a', 'b', 'c', 'd'].map((w) => new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, path, w],
        { stdio: ['ignore', 'ignore', 'inherit'], cwd: fileURLToPath(new URL('../../../..', import.meta.url)) });
      child.on('exit', resolve);
    })));
    expect(codes).toEqual([0, 0, 0, 0]);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(1200);
    const parsed = lines.map((l) => JSON.parse(l) as { w: string; i: number; pad: string });
    for (const p of parsed) expect(p.pad).toBe(p.w.repeat(6000));
    for (const w of ['a', 'b', 'c', 'd']) {
      expect(parsed.filter((p) => p.w === w).map((p) => p.i)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    }
  }, 120_000);
});

describe('StreamSink', () => {
  it('writes whole JSON lines and, by default, ends only streams that are not stdout/stderr', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    const sink = new StreamSink(out);
    sink.write(ev(1));
    sink.write(ev(2));
    await sink.close();
    expect(out.writableEnded).toBe(true);
    expect(chunks.join('')).toBe(`${JSON.stringify(ev(1))}\n${JSON.stringify(ev(2))}\n`);
    const keep = new PassThrough();
    keep.resume();
    await new StreamSink(keep, { end: false }).close();
    expect(keep.writableEnded).toBe(false);
    expect(new StreamSink().name).toBe('stdout');
  });

  it('turns a broken stream into write errors instead of an uncaught exception', async () => {
    const out = new PassThrough();
    const sink = new StreamSink(out);
    out.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await new Promise((r) => setImmediate(r));
    expect(() => sink.write(ev(1))).toThrow(expect.objectContaining({ code: 'PCL_ERR_EVENTS_SINK_WRITE' }));
    await sink.close();
  });
});

describe('StoreSink', () => {
  it('batches events into a real SQLite store in emission order and flushes the rest on close', async () => {
    const store = await openStore(join(dir, 'p.db'));
    const calls: number[] = [];
    const counting: EventStore = { location: store.location, appendEvents: (es) => { calls.push(es.length); return store.appendEvents(es); } };
    const sink = new StoreSink(counting, { batchSize: 4, flushIntervalMs: 0 });
    const log = new EventLog({ sinks: [sink], now: () => new Date(Date.UTC(2026, 0, 1)) }, { session: 's1' });
    for (let i = 0; i < 10; i++) log.emit('guard.request.allowed', { i });
    expect(sink.pendingCount).toBe(2);
    await sink.close();
    expect(calls).toEqual([4, 4, 2]);
    expect(sink.pendingCount).toBe(0);
    const stored = await store.queryEvents({ session: 's1' });
    expect(stored.map((e) => e['i'])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await store.close();
  });

  it('keeps a failed batch pending, reports it through EventLog, and delivers it on the next flush', async () => {
    const got: PortcullisEvent[] = [];
    let fail = true;
    const flaky: EventStore = { location: 'flaky', appendEvents: async (es) => {
      if (fail) throw Object.assign(new Error('locked'), { code: 'PCL_ERR_STORE_WRITE' });
      got.push(...es);
    } };
    const sink = new StoreSink(flaky, { batchSize: 2, flushIntervalMs: 0 });
    const errors: unknown[] = [];
    const log = new EventLog({ sinks: [sink], onSinkError: (_s, e) => errors.push(e) });
    log.emit('guard.request.denied', { i: 1 });
    log.emit('guard.request.denied', { i: 2 });
    await sink.flush().catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(sink.pendingCount).toBe(2);
    fail = false;
    log.emit('guard.request.denied', { i: 3 });
    await sink.close();
    expect(got.map((e) => e['i'])).toEqual([1, 2, 3]);
    expect(sink.dropped).toBe(0);
  });

  it('drops the oldest events beyond maxPending while the store stays down, and counts them', async () => {
    const sink = new StoreSink({ location: 'down', appendEvents: async () => { throw new Error('down'); } },
      { batchSize: 2, maxPending: 4, flushIntervalMs: 0 });
    for (let i = 0; i < 10; i++) await Promise.resolve(sink.write(ev(i))).catch(() => undefined);
    expect(sink.pendingCount).toBe(4);
    expect(sink.dropped).toBe(6);
    await expect(sink.close()).rejects.toThrow('down');
  });

  it('flushes by timer when the batch is not full', async () => {
    const got: PortcullisEvent[] = [];
    const sink = new StoreSink({ location: 'mem', appendEvents: async (es) => { got.push(...es); } }, { batchSize: 100, flushIntervalMs: 5 });
    sink.write(ev(1));
    await new Promise<void>((resolve) => { const t = setInterval(() => { if (got.length) { clearInterval(t); resolve(); } }, 5); });
    expect(got).toEqual([ev(1)]);
    await sink.close();
  });
});
