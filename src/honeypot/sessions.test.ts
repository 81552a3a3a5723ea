import { describe, expect, it } from 'vitest';
import { CaptureSink } from '../core/events/index.js';
import { parseTrapConfig } from './config.js';
import { SessionManager } from './sessions.js';

function manager(limits: Record<string, number> = {}, heap = () => 0) {
  let now = 1_000_000;
  const sink = new CaptureSink();
  const cfg = parseTrapConfig({ limits: { sessionIdleMs: 60_000, ...limits } });
  const m = new SessionManager({ cfg, sinks: [sink], now: () => now, heapUsed: heap });
  return { m, sink, advance: (ms: number) => { now += ms; } };
}

describe('SessionManager', () => {
  it('keeps one session per source address within the idle window, binding identity once', () => {
    const { m, sink, advance } = manager();
    const a = m.acquire('192.0.2.1', 40000, 2375);
    advance(30_000);
    expect(m.acquire('192.0.2.1', 40001, 2375)).toBe(a);
    expect(m.acquire('192.0.2.2', 40000, 2375)).not.toBe(a);
    advance(60_000);
    const b = m.acquire('192.0.2.1', 40002, 2375);
    expect(b).not.toBe(a);
    const opened = sink.eventsOf('trap.session.opened');
    expect(opened.map((e) => e.src_port)).toEqual([40000, 40000, 40002]);
    expect(sink.eventsOf('trap.session.closed')[0]).toMatchObject({ session: a?.id, reason: 'idle', duration_ms: 90_000 });
  });

  it('gives a returning source its earlier state (containers it created), not a fresh engine', () => {
    const { m, sink, advance } = manager({ retainMs: 3_600_000 });
    const a = m.acquire('192.0.2.1', 1, 2375)!;
    const img = a.state.addImage('alpine', 0);
    a.state.createContainer({ name: 'miner', image: img, imageRef: 'alpine', config: {}, hostConfig: {}, cmd: ['xmrig'], entrypoint: [], tty: false, now: 0 });
    advance(120_000);
    const b = m.acquire('192.0.2.1', 2, 2375)!;
    expect(b).not.toBe(a);
    expect(b.state.findContainer('miner')).toBeDefined();
    expect(sink.eventsOf('trap.session.opened').map((e) => e.returning)).toEqual([false, true]);
    advance(120_000);
    m.sweep();
    advance(3_600_001);
    expect(m.acquire('192.0.2.1', 3, 2375)!.state.findContainer('miner')).toBeUndefined();
  });

  it('never closes a session with an open connection; sweeps idle ones', () => {
    const { m, sink, advance } = manager();
    const a = m.acquire('192.0.2.1', 1, 2375)!;
    a.active = 1;
    advance(120_000);
    m.sweep();
    expect(sink.eventsOf('trap.session.closed')).toHaveLength(0);
    a.active = 0;
    m.sweep();
    expect(sink.eventsOf('trap.session.closed')).toHaveLength(1);
    expect(m.size).toBe(0);
  });

  it('evicts the least recently seen idle session at the cap, refuses when none is idle', () => {
    const { m, sink, advance } = manager({ maxSessions: 2 });
    const a = m.acquire('192.0.2.1', 1, 2375)!;
    advance(10);
    const b = m.acquire('192.0.2.2', 1, 2375)!;
    advance(10);
    expect(m.acquire('192.0.2.3', 1, 2375)).toBeDefined();
    expect(sink.eventsOf('trap.session.closed')[0]).toMatchObject({ session: a.id, reason: 'evicted' });
    b.active = 1;
    for (const s of [m.acquire('192.0.2.3', 2, 2375)!]) s.active = 1;
    expect(m.acquire('192.0.2.4', 1, 2375)).toBeUndefined();
  });

  it('sheds idle sessions and refuses newcomers under heap pressure', () => {
    let heap = 0;
    const { m } = manager({ maxHeapMb: 100 }, () => heap);
    const a = m.acquire('192.0.2.1', 1, 2375)!;
    a.active = 1;
    heap = 200 * 1_048_576;
    expect(m.acquire('192.0.2.2', 1, 2375)).toBeUndefined();
    expect(m.acquire('192.0.2.1', 2, 2375)).toBe(a);
    heap = 0;
    expect(m.acquire('192.0.2.2', 1, 2375)).toBeDefined();
  });
});
