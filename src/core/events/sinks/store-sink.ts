// Batches events into the store: one transaction per batch (size or interval), flushed on close. A failed
// batch goes back to the pending queue (in emission order) up to a cap, so a briefly locked store loses nothing.
import type { EventQuery } from '../../store/store.js';
import type { EventSink, PortcullisEvent } from '../event-log.js';

/** The part of Store this sink needs (keeps tests and fleet adapters simple). */
export interface EventStore {
  readonly location: string;
  appendEvents(events: readonly PortcullisEvent[]): Promise<void>;
  queryEvents?(q: EventQuery): Promise<PortcullisEvent[]>;
}

export interface StoreSinkOptions {
  /** Flush when this many events are pending (default 100). */
  readonly batchSize?: number;
  /** Also flush this long after the first pending event (default 1000 ms; 0 = only by size and on close). */
  readonly flushIntervalMs?: number;
  /** Pending events kept across failed flushes before the oldest are dropped (default 10 000). */
  readonly maxPending?: number;
  /** Failures of timer-driven flushes (size-driven ones reject the write, which EventLog reports). */
  readonly onError?: (err: unknown) => void;
}

export class StoreSink implements EventSink {
  readonly name: string;
  /** Pending events with their emission sequence, so requeued batches keep their place. */
  private pending: { seq: number; event: PortcullisEvent }[] = [];
  private seq = 0;
  private inflight: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  /** Events dropped because the store kept failing and the pending cap was reached. */
  dropped = 0;
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private readonly maxPending: number;

  constructor(private readonly store: EventStore, private readonly options: StoreSinkOptions = {}) {
    this.name = `store:${store.location}`;
    this.batchSize = Math.max(1, options.batchSize ?? 100);
    this.intervalMs = options.flushIntervalMs ?? 1000;
    this.maxPending = Math.max(this.batchSize, options.maxPending ?? 10_000);
  }

  write(event: PortcullisEvent): Promise<void> | void {
    this.pending.push({ seq: this.seq++, event });
    this.trim();
    if (this.pending.length >= this.batchSize || this.closed) return this.flush();
    if (this.intervalMs > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush().catch((err) => this.options.onError?.(err));
      }, this.intervalMs);
      this.timer.unref?.();
    }
  }

  private trim(): void {
    if (this.pending.length <= this.maxPending) return;
    const over = this.pending.length - this.maxPending;
    this.pending.splice(0, over);
    this.dropped += over;
  }

  /**
   * Take everything pending now as one batch and write it after earlier batches (one store call each).
   * Batches reach the store in emission order; only a batch that failed and is retried later can land
   * after newer ones.
   */
  flush(): Promise<void> {
    if (this.timer !== undefined) { clearTimeout(this.timer); this.timer = undefined; }
    const batch = this.pending;
    this.pending = [];
    const next = this.inflight.catch(() => undefined).then(async () => {
      if (batch.length === 0) return;
      try {
        await this.store.appendEvents(batch.map((p) => p.event));
      } catch (err) {
        this.pending = [...batch, ...this.pending].sort((a, b) => a.seq - b.seq);
        this.trim();
        throw err;
      }
    });
    this.inflight = next;
    return next;
  }

  /** Flush what is pending; rejects if the store refuses it (the events stay pending). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** Events not yet in the store. */
  get pendingCount(): number {
    return this.pending.length;
  }
}
