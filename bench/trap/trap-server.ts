// Child process for the trap benchmark: runs the trap (events to a counting sink) and answers memory queries
// over IPC, so the load generator in the parent does not share its CPU or heap figures.
import type { EventSink } from '../../src/core/events/index.js';
import { parseTrapConfig, startTrap } from '../../src/honeypot/index.js';

let events = 0;
const sink: EventSink = { name: 'count', write: () => { events++; } };
const cfg = parseTrapConfig({
  listen: '127.0.0.1:0', sensor: 'bench', timing: { runMs: 200, pullStepMs: 0 },
  limits: { headersTimeoutMs: 2000, requestTimeoutMs: 5000, maxSessions: 5000, maxConnections: 4096, sessionIdleMs: 600_000 },
});
const trap = await startTrap({ cfg, sinks: [sink] });
process.send?.({ type: 'ready', port: trap.port });
process.on('message', (m: { type: string }) => {
  if (m.type === 'mem') {
    global.gc?.();
    const u = process.memoryUsage();
    trap.server.getConnections((_e, conns) => {
      process.send?.({ type: 'mem', rss: u.rss, heapUsed: u.heapUsed, external: u.external, sessions: trap.sessions.size, events, conns });
    });
  }
  if (m.type === 'stop') void trap.close().then(() => process.exit(0));
});
