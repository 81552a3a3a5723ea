// Live updates over Server-Sent Events: each open stream polls the store for events and guard decisions
// newer than the last it saw and pushes a small `update` message; the page script shows the count.
import type { ServerResponse } from 'node:http';
import type { PortcullisEvent } from '../core/events/index.js';
import type { Store } from '../core/store/index.js';

const MAX_STREAMS = 64;

export interface LiveOptions { readonly store: Store; readonly pollMs: number }

/** Newest timestamp and the events carrying it that were already sent (since is inclusive). */
interface Cursor { ts: string; sent: Set<string> }

async function start(store: Store): Promise<{ ev: Cursor; guard: Cursor }> {
  const e = (await store.queryEvents({ order: 'desc', limit: 1 }))[0];
  const g = (await store.queryGuardAudit({ order: 'desc', limit: 1 }))[0];
  return { ev: { ts: e?.timestamp ?? '', sent: new Set(e ? [JSON.stringify(e)] : []) }, guard: { ts: g?.time ?? '', sent: new Set(g ? [g.requestId] : []) } };
}

function advance<T>(cur: Cursor, items: readonly T[], ts: (t: T) => string, key: (t: T) => string): T[] {
  const fresh = items.filter((i) => !cur.sent.has(key(i)));
  for (const i of fresh) {
    if (ts(i) > cur.ts) { cur.ts = ts(i); cur.sent = new Set(); }
    if (ts(i) === cur.ts) cur.sent.add(key(i));
  }
  return fresh;
}

export class LiveHub {
  private readonly streams = new Set<ServerResponse>();
  constructor(private readonly o: LiveOptions) {}

  /** `since`: report what is stamped at or after it (the page's render time), else what arrives after now. */
  async open(res: ServerResponse, since?: string): Promise<void> {
    // Each stream polls the store: cap them so a stuck client loop cannot turn the console into a load test.
    if (this.streams.size >= MAX_STREAMS) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '30' });
      res.end('Too many live streams are open; close some console tabs.\n');
      return;
    }
    // The cursor is the page's render time, or taken before the stream opens: whatever the client sees after the preamble is news.
    const cur = since !== undefined ? { ev: { ts: since, sent: new Set<string>() }, guard: { ts: since, sent: new Set<string>() } }
      : await start(this.o.store).catch(() => ({ ev: { ts: '', sent: new Set<string>() }, guard: { ts: '', sent: new Set<string>() } }));
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write(`retry: ${Math.max(1000, this.o.pollMs)}\n: portcullis live\n\n`);
    this.streams.add(res);
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void (async () => {
        try {
          const evs = await this.o.store.queryEvents({ ...(cur.ev.ts ? { since: cur.ev.ts } : {}), order: 'asc', limit: 500 });
          const gs = await this.o.store.queryGuardAudit({ ...(cur.guard.ts ? { since: cur.guard.ts } : {}), order: 'asc', limit: 5000 });
          const fresh = advance<PortcullisEvent>(cur.ev, evs, (e) => e.timestamp, (e) => JSON.stringify(e));
          const freshG = advance(cur.guard, gs, (g) => g.time, (g) => g.requestId);
          if (fresh.length || freshG.length) {
            const payload = { events: fresh.map((e) => ({ eventid: e.eventid, timestamp: e.timestamp, session: e['session'] })), guard: freshG.length };
            res.write(`event: update\ndata: ${JSON.stringify(payload)}\n\n`);
          } else {
            res.write(': keep-alive\n\n');
          }
        } catch {
          res.write(': store unavailable\n\n');
        } finally {
          busy = false;
        }
      })();
    }, this.o.pollMs);
    res.on('close', () => { clearInterval(timer); this.streams.delete(res); });
  }

  closeAll(): void {
    for (const s of this.streams) s.end();
    this.streams.clear();
  }
}
