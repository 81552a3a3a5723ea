// Delivers alerts to a webhook as JSON POSTs, one per event, with a bounded queue and retries, so a slow
// or dead receiver never blocks the watcher.
import type { EventSink, PortcullisEvent } from '../core/events/index.js';

export interface WebhookOptions {
  readonly url: string;
  /** Only these event ids are posted (default: alerts and responses). */
  readonly ids?: readonly string[];
  readonly maxQueue?: number;
  readonly retries?: number;
  readonly timeoutMs?: number;
  readonly onError?: (err: unknown) => void;
}

export class WebhookSink implements EventSink {
  readonly name = 'webhook';
  private queue: PortcullisEvent[] = [];
  private sending: Promise<void> | undefined;
  dropped = 0;

  constructor(private readonly o: WebhookOptions) {
    const u = new URL(o.url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`webhook URL must be http(s): ${o.url}`);
  }

  write(event: PortcullisEvent): void {
    const ids = this.o.ids ?? ['watch.alert.raised', 'watch.response.taken', 'watch.response.failed'];
    if (!ids.includes(event.eventid)) return;
    if (this.queue.length >= (this.o.maxQueue ?? 1000)) { this.dropped++; return; }
    this.queue.push(event);
    this.sending ??= this.drain().finally(() => { this.sending = undefined; });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const e = this.queue.shift() as PortcullisEvent;
      for (let attempt = 0; attempt <= (this.o.retries ?? 2); attempt++) {
        try {
          const r = await fetch(this.o.url, {
            method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(e),
            signal: AbortSignal.timeout(this.o.timeoutMs ?? 5000),
          });
          if (r.ok) break;
          if (attempt === (this.o.retries ?? 2)) this.o.onError?.(new Error(`webhook answered ${r.status}`));
        } catch (err) {
          if (attempt === (this.o.retries ?? 2)) this.o.onError?.(err);
        }
      }
    }
  }

  /** Wait for queued alerts to be delivered. */
  async close(): Promise<void> {
    while (this.sending) await this.sending;
  }
}
