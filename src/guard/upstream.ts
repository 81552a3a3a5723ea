// The engine behind the guard: a unix socket (default /var/run/docker.sock) or TCP with optional TLS.
// Ordinary requests go through one undici Pool (keep-alive, no timeouts: streams may last forever);
// hijacked streams get their own fresh half-open connection through node:http (see hijack.ts).
import { Agent, type RequestOptions } from 'node:http';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { readFileSync } from 'node:fs';
import { Pool, type Dispatcher } from 'undici';
import type { GuardConfig } from './config.js';

export interface Upstream {
  /** Send one request through the pooled connections (undici's dispatch: the handler sees the raw exchange). */
  dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): void;
  /** Options for http.request on a dedicated half-open socket (hijacked attach/exec only). */
  options(fresh: true): RequestOptions;
  /** GET a path, parse JSON; for pre-flight lookups (ownership, counts) and health. */
  getJson(path: string): Promise<{ status: number; body: unknown }>;
  /** Destroy every upstream socket (pooled, fresh and hijacked). */
  destroy(): void;
  /** The engine is a unix socket on this host (host paths the guard sees are the engine's). */
  readonly local: boolean;
}

/** Most concurrent upstream connections; each long stream (events, logs -f) holds one. */
const MAX_CONNECTIONS = 1024;

export function createUpstream(cfg: GuardConfig['upstream']): Upstream {
  const unixPath = cfg.url.startsWith('unix://') ? cfg.url.slice('unix://'.length) : undefined;
  const tcp = unixPath === undefined ? new URL(cfg.url.replace(/^tcp:/, 'http:')) : undefined;
  const tls = cfg.tls ? {
    ...(cfg.tls.ca ? { ca: readFileSync(cfg.tls.ca) } : {}),
    ...(cfg.tls.cert ? { cert: readFileSync(cfg.tls.cert) } : {}),
    ...(cfg.tls.key ? { key: readFileSync(cfg.tls.key) } : {}),
  } : undefined;
  // SNI may not carry an IP address; certificate checks still verify the IP against the SANs.
  const sni = tcp && !isIP(tcp.hostname) ? { servername: tcp.hostname } : {};
  // Hijacked streams' sockets are tracked so close ends them (the pool ends its own).
  const live = new Set<Socket>();
  const connectRaw = (): Socket => {
    let s: Socket;
    if (unixPath !== undefined) s = netConnect({ path: unixPath, allowHalfOpen: true });
    else {
      const host = tcp!.hostname, port = Number(tcp!.port);
      s = tls ? tlsConnect({ host, port, ...sni, ...tls, allowHalfOpen: true } as never) : netConnect({ host, port, allowHalfOpen: true });
      s.setNoDelay(true);
    }
    live.add(s);
    s.once('close', () => live.delete(s));
    return s;
  };
  const origin = unixPath !== undefined ? 'http://docker' : `${tls ? 'https' : 'http'}://${tcp!.host}`;
  const pool = new Pool(origin, {
    connections: MAX_CONNECTIONS, pipelining: 1, headersTimeout: 0, bodyTimeout: 0,
    keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000,
    ...(unixPath !== undefined ? { socketPath: unixPath } : {}),
    ...(tls ? { connect: { ...tls, ...sni } } : {}),
  });
  // http.request ignores a createConnection option when agent is false, so a non-pooling agent carries it.
  const freshAgent = new Agent({ keepAlive: false, timeout: 0 });
  (freshAgent as unknown as { createConnection: () => Socket }).createConnection = connectRaw;
  const base: RequestOptions = unixPath !== undefined ? { socketPath: unixPath } : { host: tcp!.hostname, port: Number(tcp!.port) };
  // undici takes the TLS server name from the Host header: over TCP send the engine's own host (as the docker
  // CLI does), so certificate checks match its SANs; over a unix socket the CLI's "docker" is kept.
  const hostHeader = tcp ? tcp.host : 'docker';
  const getJson = async (path: string): Promise<{ status: number; body: unknown }> => {
    const res = await pool.request({ method: 'GET', path, headers: { host: hostHeader } });
    const text = await res.body.text();
    let body: unknown = text;
    try { body = text === '' ? undefined : JSON.parse(text); } catch { /* not JSON (e.g. _ping's OK): keep the text */ }
    return { status: res.statusCode, body };
  };
  return {
    dispatch: (opts, handler) => {
      if (tcp && opts.headers && !Array.isArray(opts.headers)) (opts.headers as Record<string, string>).host = hostHeader;
      pool.dispatch(opts, handler);
    },
    options: () => ({ ...base, agent: freshAgent }),
    getJson,
    destroy: () => { void pool.destroy().catch(() => undefined); freshAgent.destroy(); for (const s of live) s.destroy(); live.clear(); },
    local: unixPath !== undefined,
  };
}
