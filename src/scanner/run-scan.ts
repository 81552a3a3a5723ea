// Drives probes over a lazily expanded endpoint stream with bounded concurrency and an optional connection
// rate; results are handed out as they arrive (JSON lines, progress, store) and only counts are kept here.
import type { EventLog } from '../core/events/index.js';
import { Cancel } from './net/cancel.js';
import { isIP } from 'node:net';
import { probeEndpoint, resolveAll, type ProbeOptions } from './probe.js';
import { ENDPOINT_STATES, type Endpoint, type EndpointState, type ScanResult } from './types.js';

export interface RunScanOptions extends ProbeOptions {
  /** Endpoints probed at once (default 512). */
  readonly concurrency?: number;
  /** New endpoints started per second at most (0 = unlimited). */
  readonly rate?: number;
  /** Called once per finished endpoint, in completion order. */
  readonly onResult?: (r: ScanResult) => void;
  /** Scan event log; `scan.endpoint.classified` is emitted for every state except closed and filtered. */
  readonly events?: EventLog;
  /**
   * For host names: true when a resolved address must not be probed under the name (it is excluded, or it is
   * listed as an address too and probed under that).
   */
  readonly skipAddress?: (address: string, port: number) => boolean;
}

export interface RunScanOutcome {
  readonly endpoints: number;
  readonly byState: Record<EndpointState, number>;
  readonly interrupted: boolean;
}

export function emptyCounts(): Record<EndpointState, number> {
  return Object.fromEntries(ENDPOINT_STATES.map((s) => [s, 0])) as Record<EndpointState, number>;
}

/** A token bucket with one-token capacity: starts are spaced 1000/rate ms apart. */
function pacer(rate: number | undefined, cancel: Cancel): () => Promise<void> {
  if (!rate || rate <= 0) return () => Promise.resolve();
  const gap = 1000 / rate;
  let next = Date.now();
  return () => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + gap;
    if (at <= now) return Promise.resolve();
    return new Promise<void>((r) => {
      const off = cancel.on(() => { clearTimeout(t); r(); });
      const t = setTimeout(() => { off(); r(); }, at - now);
    });
  };
}

/**
 * Probe every endpoint; resolves when all are done or when `signal` aborts (in-flight probes are cut and
 * their unfinished verdicts dropped, so partial results only hold endpoints that were fully judged).
 * @example await runScan(expandTargets(specs, [2375], excl), { timeoutMs: 2000, retries: 0, onResult: print })
 */
export async function runScan(endpoints: Iterable<Endpoint>, opts: RunScanOptions): Promise<RunScanOutcome> {
  const cancel = Cancel.from(opts.signal);
  const it = endpoints[Symbol.iterator]();
  const byState = emptyCounts();
  let count = 0;
  const wait = pacer(opts.rate, cancel);
  const probeOpts: ProbeOptions = { ...opts, cancel };
  const worker = async () => {
    for (;;) {
      if (opts.signal?.aborted) return;
      const n = it.next();
      if (n.done) return;
      if (opts.rate) {
        await wait();
        if (opts.signal?.aborted) return;
      }
      const ep = n.value;
      if (ep.address === undefined && isIP(ep.host) === 0) {
        // A name with several addresses (round-robin DNS, IPv4 and IPv6) may be several daemons: probe each.
        const started = Date.now();
        let addresses: string[];
        try { addresses = await resolveAll(ep.host, opts.timeoutMs); } catch (err) {
          settle({ host: ep.host, port: ep.port, state: 'error', durationMs: Date.now() - started, attempts: 0,
            reason: `cannot resolve ${ep.host} (${(err as NodeJS.ErrnoException).code ?? 'lookup failed'})` });
          continue;
        }
        for (const address of addresses) {
          if (opts.signal?.aborted) return;
          if (opts.skipAddress?.(address, ep.port)) continue;
          settle(await probeEndpoint({ host: ep.host, port: ep.port, address }, probeOpts));
        }
        continue;
      }
      settle(await probeEndpoint(ep, probeOpts));
    }
  };
  const settle = (r: ScanResult) => {
    if (opts.signal?.aborted) return;
    count++;
    byState[r.state]++;
    if (r.state !== 'closed' && r.state !== 'filtered') {
      opts.events?.emit('scan.endpoint.classified', {
        host: r.host, port: r.port, state: r.state, reason: r.reason,
        ...(r.address ? { address: r.address } : {}),
        ...(r.ruleId ? { rule_id: r.ruleId } : {}),
        ...(r.engine?.version ? { engine_version: r.engine.version } : {}),
        ...(r.transport ? { transport: r.transport } : {}),
      });
    }
    opts.onResult?.(r);
  };
  const n = Math.max(1, opts.concurrency ?? 512);
  await Promise.all(Array.from({ length: n }, worker));
  return { endpoints: count, byState, interrupted: !!opts.signal?.aborted };
}
