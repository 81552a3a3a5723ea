// Small-request load with the tools issue 5 names: autocannon (programmatic API; reaches unix sockets and
// client certificates) and wrk (Debian /usr/bin/wrk; plain TCP and TLS only). One closed-loop run per call.
import { execFile } from 'node:child_process';
import autocannon from 'autocannon';
import type { Target } from './load.js';

export type Tool = 'autocannon' | 'wrk';

export interface SmallResult {
  /** 2xx responses per second. */
  readonly rps: number;
  readonly p50ms: number;
  readonly p99ms: number;
  /** 2xx responses counted. */
  readonly n: number;
  readonly non2xx: number;
  /** Connection errors, read/write errors and timeouts. */
  readonly errors: number;
  /** autocannon's own percentiles: its histogram keeps whole milliseconds only (see README). */
  readonly histogramMs?: { readonly p50: number; readonly p99: number };
}

/** Why wrk cannot measure a target, or undefined when it can. */
export function wrkCannot(t: Target): string | undefined {
  if (t.socketPath) return 'wrk cannot connect to a unix socket';
  if (t.tls?.cert) return 'wrk cannot present a TLS client certificate';
  return undefined;
}

const round3 = (x: number): number => +x.toFixed(3);

function quantile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/**
 * autocannon against one target, 1 pipelined request per connection. Latency percentiles come from the
 * per-response times autocannon itself measures (its 'response' event), because its histogram truncates
 * them to whole milliseconds.
 */
export function autocannonRun(t: Target, path: string, seconds: number, connections: number): Promise<SmallResult> {
  const tlsOptions = t.tls ? { ca: t.tls.ca, ...(t.tls.cert ? { cert: t.tls.cert, key: t.tls.key } : {}) } : undefined;
  const url = t.socketPath ? `http://docker${path}` : `${t.tls ? 'https' : 'http'}://${t.host}:${t.port}${path}`;
  let lat = new Float64Array(1 << 16);
  let n = 0;
  return new Promise((resolve, reject) => {
    const inst = autocannon({
      url, connections, pipelining: 1, duration: seconds, headers: { ...t.headers },
      ...(t.socketPath ? { socketPath: t.socketPath } : {}),
      ...(tlsOptions ? { tlsOptions, servername: 'localhost' } : {}),
    }, (err, r) => {
      if (err) { reject(err instanceof Error ? err : new Error(String(err))); return; }
      const sorted = lat.subarray(0, n).sort();
      resolve({
        rps: Math.round(r['2xx'] / r.duration), p50ms: round3(quantile(sorted, 0.5)), p99ms: round3(quantile(sorted, 0.99)),
        n: r['2xx'], non2xx: r.non2xx, errors: r.errors + r.timeouts, histogramMs: { p50: r.latency.p50, p99: r.latency.p99 },
      });
    });
    inst.on('response', (_client, status, _bytes, ms) => {
      if (status < 200 || status > 299) return;
      if (n === lat.length) { const bigger = new Float64Array(lat.length * 2); bigger.set(lat); lat = bigger; }
      lat[n++] = ms;
    });
  });
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** Parses `wrk --latency` output: Requests/sec, the 50% and 99% lines, counts and errors. */
export function parseWrk(out: string): SmallResult {
  const pct = (p: string): number => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    if (!m) throw new Error(`wrk output has no ${p}% latency line:\n${out}`);
    return round3(Number(m[1]) * UNIT_MS[m[2]!]!);
  };
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(out);
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m),/.exec(out);
  if (!rps || !total) throw new Error(`wrk output not understood:\n${out}`);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  const count = Number(total[1]) - non2xx;
  const secs = Number(total[2]) * UNIT_MS[total[3]!]! / 1000;
  return { rps: Math.round(non2xx === 0 ? Number(rps[1]) : count / secs), p50ms: pct('50'), p99ms: pct('99'), n: count, non2xx, errors };
}

/** `wrk -t1 -cN -dSs --latency` against one TCP target (TLS without client certificate allowed). */
export function wrkRun(t: Target, path: string, seconds: number, connections: number): Promise<SmallResult> {
  const why = wrkCannot(t);
  if (why) return Promise.reject(new Error(`${t.name}: ${why}`));
  const headers = Object.entries(t.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const url = `${t.tls ? 'https' : 'http'}://${t.host}:${t.port}${path}`;
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', ...headers, url];
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { timeout: (seconds + 30) * 1000 }, (err, stdout, stderr) => {
      if (err) { reject(new Error(`wrk ${t.name}: ${err.message} ${stderr}`)); return; }
      try { resolve(parseWrk(stdout)); } catch (e) { reject(e instanceof Error ? e : new Error(String(e))); }
    });
  });
}

export function runTool(tool: Tool, t: Target, path: string, seconds: number, connections: number): Promise<SmallResult> {
  return tool === 'autocannon' ? autocannonRun(t, path, seconds, connections) : wrkRun(t, path, seconds, connections);
}
