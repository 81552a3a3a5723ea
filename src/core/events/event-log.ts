// Security events (not logs): one JSON object per event, identity bound when the request, session or run
// starts. Emitters cannot overwrite identity keys, so attacker-controlled strings stay in payload fields.
import type { EventId } from './ids.js';

/** One security event as written to sinks: fixed envelope, identity, then payload. */
export interface PortcullisEvent {
  readonly eventid: EventId;
  /** RFC 3339 time with milliseconds. */
  readonly timestamp: string;
  readonly source: 'portcullis';
  readonly [key: string]: unknown;
}

/** Where events go: a JSON-lines file, stdout, the store, a capture array in tests. */
export interface EventSink {
  readonly name: string;
  write(event: PortcullisEvent): void | Promise<void>;
  close?(): void | Promise<void>;
}

export interface EventLogOptions {
  readonly sinks: readonly EventSink[];
  /** Clock, a parameter so the core stays pure and tests deterministic. */
  readonly now?: () => Date;
  /** Called when a sink fails; one failing sink never blocks the others. */
  readonly onSinkError?: (sink: EventSink, err: unknown) => void;
}

const ENVELOPE_KEYS = new Set(['eventid', 'timestamp', 'source', 'late']);

/**
 * An event log with bound identity.
 * @example const log = new EventLog({ sinks }, { session: id, src_ip }); log.emit('trap.session.opened', {});
 */
export class EventLog {
  private readonly identity: Readonly<Record<string, unknown>>;
  private closed = false;

  constructor(private readonly options: EventLogOptions, identity: Record<string, unknown> = {}) {
    this.identity = Object.freeze({ ...identity });
  }

  /** A child log with more identity fields; its parent's identity cannot be replaced. */
  child(extra: Record<string, unknown>): EventLog {
    const merged: Record<string, unknown> = { ...extra, ...this.identity };
    return new EventLog(this.options, merged);
  }

  /** Emit one event. Payload keys that collide with identity or envelope keys are moved under `payload_*`. */
  emit(eventid: EventId, payload: Record<string, unknown> = {}): PortcullisEvent {
    const now = (this.options.now ?? (() => new Date()))();
    const event: Record<string, unknown> = { eventid, timestamp: now.toISOString(), source: 'portcullis', ...this.identity };
    for (const [k, v] of Object.entries(payload)) {
      if (v === undefined) continue;
      if (ENVELOPE_KEYS.has(k) || k in this.identity) event[`payload_${k}`] = v;
      else event[k] = v;
    }
    if (this.closed) event.late = true;
    const frozen = event as PortcullisEvent;
    for (const sink of this.options.sinks) {
      try {
        const r = sink.write(frozen);
        if (r && typeof (r as Promise<void>).catch === 'function') {
          (r as Promise<void>).catch((err) => this.options.onSinkError?.(sink, err));
        }
      } catch (err) {
        this.options.onSinkError?.(sink, err);
      }
    }
    return frozen;
  }

  /** Mark the session closed: later events carry `late: true`. */
  close(): void {
    this.closed = true;
  }
}

/** A sink that keeps events in memory (tests, reports). */
export class CaptureSink implements EventSink {
  readonly name = 'capture';
  readonly events: PortcullisEvent[] = [];
  write(event: PortcullisEvent): void {
    this.events.push(event);
  }
  /** Events of one id. */
  eventsOf(id: EventId): PortcullisEvent[] {
    return this.events.filter((e) => e.eventid === id);
  }
}
