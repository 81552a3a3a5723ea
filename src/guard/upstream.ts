// The engine behind the guard: a unix socket (default /var/run/docker.sock) or TCP with optional TLS.
// One keep-alive agent for ordinary requests; hijacked streams get their own fresh half-open connection.
import { Agent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { readFileSync } from 'node:fs';
import type { GuardConfig } from './config.js';

export interface Upstream {
  /** Options for http.request (socketPath or host/port, agent); `fresh` gives a dedicated half-open socket. */
  options(fresh?: boolean): RequestOptions;
  /** GET a path, parse JSON; for pre-flight lookups (ownership, counts). */
  getJson(path: string): Promise<{ status: number; body: unknown }>;
  /** Destroy every upstream socket (pooled, fresh and hijacked). */
  destroy(): void;
  /** The engine is a unix socket on this host (host paths the guard sees are the engine's). */
  readonly local: boolean;
}

export function createUpstream(cfg: GuardConfig['upstream']): Upstream {
  const unixPath = cfg.url.startsWith('unix://') ? cfg.url.slice('unix://'.length) : undefined;
  const tcp = unixPath === undefined ? new URL(cfg.url.replace(/^tcp:/, 'http:')) : undefined;
  const tls = cfg.tls ? {
    ...(cfg.tls.ca ? { ca: readFileSync(cfg.tls.ca) } : {}),
    ...(cfg.tls.cert ? { cert: readFileSync(cfg.tls.cert) } : {}),
    ...(cfg.tls.key ? { key: readFileSync(cfg.tls.key) } : {}),
  } : undefined;
  // Every upstream socket is tracked (pooled, fresh, and hijacked ones the agents no longer see) so close ends them.
  const live = new Set<Socket>();
  const connectRaw = (): Socket => {
    let s: Socket;
    if (unixPath !== undefined) s = netConnect({ path: unixPath, allowHalfOpen: true });
    else {
      const host = tcp!.hostname, port = Number(tcp!.port);
      // SNI may not carry an IP address; certificate checks still verify the IP against the SANs.
      const sni = isIP(host) ? {} : { servername: host };
      s = tls ? tlsConnect({ host, port, ...sni, ...tls, allowHalfOpen: true } as never) : netConnect({ host, port, allowHalfOpen: true });
      s.setNoDelay(true);
    }
    live.add(s);
    s.once('close', () => live.delete(s));
    return s;
  };
  // lifo reuses the warmest socket; enough free sockets that 32+ concurrent clients never reconnect.
  const agent = new Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 256, timeout: 0, scheduling: 'lifo' });
  // Pooled connections to a unix path or TCP; createConnection lets TLS upstreams share the same agent.
  (agent as unknown as { createConnection: () => Socket }).createConnection = connectRaw;
  // Hijacked streams get a connection of their own (never pooled, half-open). http.request ignores a
  // createConnection option when agent is false, so a non-pooling agent carries it instead.
  const freshAgent = new Agent({ keepAlive: false, timeout: 0 });
  (freshAgent as unknown as { createConnection: () => Socket }).createConnection = connectRaw;
  const base: RequestOptions = unixPath !== undefined ? { socketPath: unixPath } : { host: tcp!.hostname, port: Number(tcp!.port) };
  const options = (fresh = false): RequestOptions => ({ ...base, agent: fresh ? freshAgent : agent });
  const getJson = (path: string): Promise<{ status: number; body: unknown }> => new Promise((resolve, reject) => {
    const req: ClientRequest = httpRequest({ ...options(), method: 'GET', path, headers: { host: 'docker' } }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try { body = text === '' ? undefined : JSON.parse(text); } catch { /* not JSON (e.g. _ping's OK): keep the text */ }
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  return { options, getJson, destroy: () => { agent.destroy(); freshAgent.destroy(); for (const s of live) s.destroy(); live.clear(); }, local: unixPath !== undefined };
}
