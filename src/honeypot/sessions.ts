// Attacker sessions: Docker clients open several short connections, so a session is one source IP within an
// idle window (not one TCP connection). Identity (session, src_ip, src_port, dst_port, sensor) is bound once.
import { EventLog, type EventSink } from '../core/events/index.js';
import type { TrapConfig } from './config.js';
import { newSessionId } from './ids.js';
import { SessionState } from './state.js';

export class TrapSession {
  readonly state: SessionState;
  lastSeen: number;
  requests = 0;
  connections = 0;
  active = 0;
  commandsSeen = 0;
  readonly indicatorsSeen = new Set<string>();
  closed = false;

  constructor(readonly id: string, readonly srcIp: string, readonly log: EventLog, cfg: TrapConfig, readonly openedAt: number,
    state?: SessionState) {
    this.state = state ?? new SessionState(cfg, openedAt);
    this.lastSeen = openedAt;
  }
}

export interface SessionManagerOptions {
  readonly cfg: TrapConfig;
  readonly sinks: readonly EventSink[];
  readonly now?: () => number;
  /** Heap in use (a parameter so tests can simulate pressure); default process.memoryUsage().heapUsed. */
  readonly heapUsed?: () => number;
  readonly onSinkError?: (sink: EventSink, err: unknown) => void;
}

export class SessionManager {
  private readonly byIp = new Map<string, TrapSession>();
  /** What a source created, kept after its session closed so a returning attacker finds its containers (LRU). */
  private readonly retained = new Map<string, { state: SessionState; at: number }>();
  private readonly now: () => number;
  private sweeper: ReturnType<typeof setInterval> | undefined;
  opened = 0;

  constructor(private readonly opts: SessionManagerOptions) {
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.byIp.size;
  }

  start(): void {
    const every = Math.max(250, Math.min(5000, Math.floor(this.opts.cfg.limits.sessionIdleMs / 4)));
    this.sweeper = setInterval(() => this.sweep(), every);
    this.sweeper.unref();
  }

  /** The live session for this source, opening one when none is live. Undefined when the session cap is hit. */
  acquire(srcIp: string, srcPort: number, dstPort: number): TrapSession | undefined {
    const now = this.now();
    const live = this.byIp.get(srcIp);
    if (live && (live.active > 0 || now - live.lastSeen < this.opts.cfg.limits.sessionIdleMs)) {
      live.lastSeen = now;
      return live;
    }
    if (live) this.close(live);
    if (this.byIp.size >= this.opts.cfg.limits.maxSessions && !this.evictOne()) return undefined;
    if (this.overHeap()) {
      // Memory pressure: shed idle sessions first; refuse newcomers rather than grow.
      while (this.overHeap() && this.evictOne()) { /* evicting */ }
      if (this.overHeap()) return undefined;
    }
    const id = newSessionId();
    const log = new EventLog({ sinks: this.opts.sinks, now: () => new Date(this.now()), onSinkError: this.opts.onSinkError },
      { session: id, src_ip: srcIp, src_port: srcPort, dst_port: dstPort, sensor: this.opts.cfg.sensor });
    const kept = this.retained.get(srcIp);
    this.retained.delete(srcIp);
    const state = kept && now - kept.at < this.opts.cfg.limits.retainMs ? kept.state : undefined;
    const s = new TrapSession(id, srcIp, log, this.opts.cfg, now, state);
    this.byIp.set(srcIp, s);
    this.opened++;
    log.emit('trap.session.opened', { protocol: 'docker-api', returning: state !== undefined });
    return s;
  }

  private overHeap(): boolean {
    const used = (this.opts.heapUsed ?? (() => process.memoryUsage().heapUsed))();
    return used > this.opts.cfg.limits.maxHeapMb * 1_048_576;
  }

  /** Evict the least recently seen session with no open connection. */
  private evictOne(): boolean {
    let oldest: TrapSession | undefined;
    for (const s of this.byIp.values()) if (s.active === 0 && (!oldest || s.lastSeen < oldest.lastSeen)) oldest = s;
    if (!oldest) return false;
    this.close(oldest, 'evicted');
    return true;
  }

  close(s: TrapSession, reason = 'idle'): void {
    if (s.closed) return;
    s.closed = true;
    if (this.byIp.get(s.srcIp) === s) this.byIp.delete(s.srcIp);
    s.state.dispose(this.now());
    if (reason !== 'shutdown' && this.opts.cfg.limits.retainedStates > 0) {
      this.retained.set(s.srcIp, { state: s.state, at: this.now() });
      if (this.retained.size > this.opts.cfg.limits.retainedStates) {
        const oldest = this.retained.keys().next().value;
        if (oldest !== undefined) this.retained.delete(oldest);
      }
    }
    s.log.emit('trap.session.closed', { duration_ms: this.now() - s.openedAt, requests: s.requests, connections: s.connections, reason });
    s.log.close();
  }

  sweep(): void {
    const now = this.now();
    for (const s of [...this.byIp.values()]) {
      if (s.active === 0 && now - s.lastSeen >= this.opts.cfg.limits.sessionIdleMs) this.close(s);
    }
  }

  /** Close every session (shutdown). */
  closeAll(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const s of [...this.byIp.values()]) this.close(s, 'shutdown');
  }
}
