import { Writable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { forward } from './forward.js';
import type { GuardContext, GuardRuntime } from './runtime.js';

/** A client that reads slowly: 16 KiB high-water mark, one chunk per event-loop turn. */
class SlowClient extends Writable {
  headersSent = false;
  received: Buffer[] = [];
  maxQueued = 0;
  constructor() { super({ highWaterMark: 16 * 1024 }); }
  writeHead(): this { this.headersSent = true; return this; }
  flushHeaders(): void { /* nothing to flush in the fake */ }
  override write(chunk: Buffer): boolean {
    const ok = super.write(chunk);
    this.maxQueued = Math.max(this.maxQueued, this.writableLength);
    return ok;
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void { this.received.push(chunk); setImmediate(cb); }
}

function runtime(capture: (h: Dispatcher.DispatchHandler) => void): GuardRuntime {
  return {
    loaded: { policy: { maxVersion: '1.41' } }, upstream: { dispatch: (_o: unknown, h: Dispatcher.DispatchHandler) => capture(h) },
    metrics: { record: () => undefined, upstreamErrors: 0 }, audit: { write: async () => undefined },
    events: { emit: () => undefined }, log: () => undefined, now: () => new Date(0), newId: () => 'r',
  } as unknown as GuardRuntime;
}

describe('forward: relaying a large response to a slow client', () => {
  it('pauses the engine only per 256 KiB queued, keeps memory bounded and loses no byte', async () => {
    let handler: Dispatcher.DispatchHandler | undefined;
    const rt = runtime((h) => { handler = h; });
    const ctx = { id: 'r', started: 0, source: 's', routeId: 'image.save' } as unknown as GuardContext;
    const req = { method: 'GET', url: '/v1.41/images/x/get', headers: {} } as unknown as IncomingMessage;
    const res = new SlowClient();
    forward(rt, ctx, req, res as unknown as ServerResponse, { effect: 'allow', ruleId: 'policy.allow', reason: 'ok' } as never,
      '/v1.41/images/x/get', undefined, false);
    const chunks = Array.from({ length: 200 }, (_, i) => Buffer.alloc(16 * 1024, i));
    let next = 0;
    let pauses = 0;
    const done = new Promise<void>((resolve) => res.on('finish', resolve));
    const controller = {
      paused: false, aborted: false, reason: null,
      pause() { this.paused = true; pauses++; },
      resume() { this.paused = false; setImmediate(pump); },
      abort() { /* not in this test */ },
    };
    const pump = (): void => {
      while (!controller.paused && next < chunks.length) handler!.onResponseData!(controller as never, chunks[next++]!);
      if (next === chunks.length && !controller.paused) { next++; handler!.onResponseEnd!(controller as never, {}); }
    };
    handler!.onRequestStart!(controller as never, {});
    handler!.onResponseStart!(controller as never, 200, { 'content-type': 'application/x-tar', 'transfer-encoding': 'chunked' });
    pump();
    await done;
    expect(Buffer.concat(res.received).equals(Buffer.concat(chunks))).toBe(true);
    expect(pauses).toBeGreaterThan(0);
    expect(pauses).toBeLessThanOrEqual(Math.ceil((200 * 16 * 1024) / (256 * 1024)));
    expect(res.maxQueued).toBeLessThanOrEqual(256 * 1024 + 16 * 1024);
  });
});
