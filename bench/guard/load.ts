// A small closed-loop HTTP load generator (keep-alive, N connections) that speaks unix sockets, plain TCP,
// mutual TLS and bearer tokens alike, so every target is measured by the same client in one run.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface Target {
  readonly name: string;
  readonly socketPath?: string;
  readonly host?: string;
  readonly port?: number;
  readonly tls?: { ca: Buffer; cert?: Buffer; key?: Buffer };
  readonly headers?: Record<string, string>;
}

export interface LoadResult { readonly rps: number; readonly p50ms: number; readonly p99ms: number; readonly errors: number; readonly n: number }

export async function load(t: Target, path: string, connections: number, seconds: number): Promise<LoadResult> {
  const agent = t.tls
    ? new HttpsAgent({ keepAlive: true, maxSockets: connections, ca: t.tls.ca, servername: 'localhost', ...(t.tls.cert ? { cert: t.tls.cert, key: t.tls.key } : {}) })
    : new HttpAgent({ keepAlive: true, maxSockets: connections });
  const req = t.tls ? httpsRequest : httpRequest;
  const lat: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const one = (): Promise<void> => new Promise((resolve) => {
    const t0 = performance.now();
    const r = req({ agent, method: 'GET', path, headers: { host: 'docker', ...t.headers },
      ...(t.socketPath ? { socketPath: t.socketPath } : { host: t.host, port: t.port }) } as never, (res) => {
      res.resume();
      res.on('end', () => { if (res.statusCode === 200) lat.push(performance.now() - t0); else errors++; resolve(); });
    });
    r.on('error', () => { errors++; resolve(); });
    r.end();
  });
  // warm-up
  await Promise.all(Array.from({ length: connections }, () => one()));
  lat.length = 0; errors = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => { while (performance.now() < end) await one(); }));
  const took = (performance.now() - start) / 1000;
  agent.destroy();
  lat.sort((a, b) => a - b);
  const q = (p: number): number => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))] ?? NaN;
  return { rps: Math.round(lat.length / took), p50ms: +q(0.5).toFixed(3), p99ms: +q(0.99).toFixed(3), errors, n: lat.length };
}
