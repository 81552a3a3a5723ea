// Follows the engine's /events stream and never misses one: after a disconnect or an engine restart it
// reconnects with `since` set to the last event seen, and drops the replayed duplicates at that instant.
import type { EngineClient } from '../core/engine/index.js';
import { isEngineEvent, sinceParam, type EngineEvent } from './engine-event.js';

export interface FollowerOptions {
  readonly client: EngineClient;
  readonly onEvent: (e: EngineEvent) => void;
  /** Told when the stream drops and when it resumes (for diagnostics and the watch.stream.resumed event). */
  readonly onDisconnect?: (err: unknown) => void;
  readonly onResume?: (since: string) => void;
  /** Start point in nanoseconds since the epoch (default: now). */
  readonly startNano?: bigint;
  readonly maxBackoffMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function keyOf(e: EngineEvent): string {
  return `${e.timeNano ?? ''}|${e.Type}|${e.Action}|${e.Actor.ID}|${JSON.stringify(e.Actor.Attributes ?? {})}`;
}

export class EventFollower {
  private lastNano: bigint;
  /** Keys of events seen at exactly lastNano: `since` is inclusive, so those come again after a resume. */
  private seenAtLast = new Set<string>();
  private stopped = false;
  private abortCurrent: (() => void) | undefined;
  private connected = false;
  private readyWaiters: Array<() => void> = [];

  constructor(private readonly opts: FollowerOptions) {
    this.lastNano = opts.startNano ?? BigInt(Date.now()) * 1_000_000n;
  }

  /** Resolves once the first stream is open (so a review after it cannot miss an event). */
  ready(): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((r) => this.readyWaiters.push(r));
  }

  private accept(obj: unknown): void {
    if (!isEngineEvent(obj)) return;
    const nano = obj.timeNano !== undefined ? BigInt(obj.timeNano) : BigInt(obj.time ?? 0) * 1_000_000_000n;
    if (nano < this.lastNano) return;
    const key = keyOf(obj);
    if (nano === this.lastNano) {
      if (this.seenAtLast.has(key)) return;
    } else {
      this.lastNano = nano;
      this.seenAtLast = new Set();
    }
    this.seenAtLast.add(key);
    this.opts.onEvent(obj);
  }

  /** Run until stop(): follow, reconnect with backoff, resume from the last event. */
  async run(): Promise<void> {
    let backoff = 100;
    let first = true;
    while (!this.stopped) {
      const since = sinceParam(this.lastNano);
      const stream = this.opts.client.streamLines(`/events?since=${since}`, (o) => {
        if (!this.connected) this.markConnected();
        this.accept(o);
      });
      this.abortCurrent = stream.abort;
      // The engine sends headers at once but no body until an event happens: count an open stream as connected
      // after a short grace, or at the first event.
      const grace = setTimeout(() => this.markConnected(), 150);
      if (!first) this.opts.onResume?.(since);
      first = false;
      try {
        await stream.done;
        backoff = 100;
      } catch (err) {
        if (!this.stopped) this.opts.onDisconnect?.(err);
      } finally {
        clearTimeout(grace);
        this.connected = false;
      }
      if (this.stopped) break;
      await sleep(backoff);
      backoff = Math.min(backoff * 2, this.opts.maxBackoffMs ?? 5000);
    }
  }

  private markConnected(): void {
    if (this.connected) return;
    this.connected = true;
    const w = this.readyWaiters;
    this.readyWaiters = [];
    for (const r of w) r();
  }

  stop(): void {
    this.stopped = true;
    this.abortCurrent?.();
  }
}
