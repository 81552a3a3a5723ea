// Start the guard: listeners (mTLS, token TLS, unix, loopback plain), the metrics listener, SIGHUP reload
// that keeps the running config on error. Node's server timeouts are lifted: streams may last forever.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { chmodSync, chownSync, existsSync, lstatSync, readFileSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { EventLog, type EventSink } from '../core/events/index.js';
import { PortcullisError } from '../core/errors/index.js';
import { deny } from '../core/policy/index.js';
import type { Store } from '../core/store/index.js';
import type { ApiReader } from './api-reader.js';
import { AuditLog } from './audit.js';
import { loadGuardConfig, type LoadedConfig } from './config-load.js';
import { splitAddress, type ListenerConfig } from './config.js';
import { createCoreReader } from './core-reader.js';
import { handleHttp } from './handler.js';
import { handleUpgrade } from './hijack.js';
import { InFlight } from './in-flight.js';
import { createMetricsServer, GuardMetrics } from './metrics.js';
import { socketDenial } from './respond.js';
import { defaultIds, type GuardRuntime } from './runtime.js';
import { TokenVerifier } from './tokens.js';
import { createUpstream } from './upstream.js';
import { earlyContext, HEADER_OVERFLOW, recordEarly } from './early.js';

export interface GuardOptions {
  readonly configPath: string;
  readonly sinks?: readonly EventSink[];
  readonly store?: Store;
  readonly reader?: ApiReader;
  readonly now?: () => Date;
  readonly log?: (msg: string) => void;
}

export interface RunningGuard {
  readonly runtime: GuardRuntime;
  /** Bound addresses by listener index (`host:port` or a socket path), and the metrics address. */
  readonly addresses: readonly string[];
  readonly metricsAddress?: string;
  /** Re-read the config file; on error keep the running one and return the error. */
  reload(): PortcullisError | undefined;
  close(): Promise<void>;
}

function listen(server: Server, l: ListenerConfig): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new PortcullisError('PCL_ERR_GUARD_LISTEN', `cannot listen on ${l.type === 'unix' ? l.path : l.address}: ${err.message}`, { cause: err })));
    if (l.type === 'unix') {
      // Replace a stale socket from a previous run, never any other kind of file.
      if (existsSync(l.path)) {
        if (!lstatSync(l.path).isSocket()) {
          reject(new PortcullisError('PCL_ERR_GUARD_LISTEN', `${l.path} exists and is not a socket; choose another listeners[].path`));
          return;
        }
        rmSync(l.path);
      }
      server.listen(l.path, () => {
        chmodSync(l.path, parseInt(l.mode, 8));
        if (l.uid !== undefined || l.gid !== undefined) chownSync(l.path, l.uid ?? -1, l.gid ?? -1);
        resolve(l.path);
      });
    } else {
      const { host, port } = splitAddress(l.address);
      server.listen(port, host, () => {
        const a = server.address();
        resolve(typeof a === 'object' && a ? `${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}` : l.address);
      });
    }
  });
}

/** Grace given to in-flight exchanges on close before every remaining socket is destroyed. */
const CLOSE_GRACE_MS = 1000;

function makeServer(rt: GuardRuntime, l: ListenerConfig, sockets: Set<Socket>): Server {
  // One request at a time per connection, answers in order (in-flight.ts): Node's parser reads ahead, Go's does not.
  const inFlight = new InFlight();
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => { inFlight.begin(req.socket, res, () => { void handleHttp(rt, l, req, res); }); };
  const opts = { requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 5_000, allowHalfOpen: true, maxHeaderSize: 64 * 1024 };
  let server: Server;
  if (l.type === 'mtls') {
    server = createHttpsServer({ ...opts, ca: readFileSync(l.ca), cert: readFileSync(l.cert), key: readFileSync(l.key), requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' }, onRequest) as unknown as Server;
  } else if (l.type === 'token') {
    server = createHttpsServer({ ...opts, cert: readFileSync(l.cert), key: readFileSync(l.key), minVersion: 'TLSv1.2' }, onRequest) as unknown as Server;
  } else {
    server = createHttpServer(opts, onRequest);
  }
  server.timeout = 0;
  // Track every client socket: hijacked tunnels leave the HTTP server's own bookkeeping, yet hold close() open.
  server.on('connection', (sock: Socket) => { sockets.add(sock); sock.once('close', () => sockets.delete(sock)); });
  // A pipelined upgrade waits for the answers owed before it (its 101, tunnel or denial must not overtake them).
  // After 'upgrade' Node leaves the socket unread (readableFlowing null), so nothing is lost while it waits.
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    inFlight.afterAll(socket, () => {
      // Parsed after an answer that closed the connection: Go would never read it, so it is never acted on.
      if (!socket.writable || socket.destroyed) { socket.destroy(); return; }
      socket.setTimeout(0);
      void handleUpgrade(rt, l, req, socket, head);
    });
  });
  // CONNECT (a proxy tunnel) is no Docker API request: refused, after any earlier answers, and audited.
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    const d = { routeId: '-', method: req.method ?? 'CONNECT', path: req.url ?? '-', rule: 'request.method', reason: 'CONNECT is not served by the guard', field: 'method', status: 405 };
    const answered = recordEarly(rt, earlyContext(rt, l, socket, '-', req.headers), socket, d);
    inFlight.afterAll(socket, () => { socketDenial(socket, deny(d.rule, d.reason, d.field), d.status); answered(); });
  });
  const failed = new WeakSet<Socket>();
  server.on('clientError', (err: Error & { code?: string }, socket: Socket) => {
    // Node's parser refused the request (bad framing, obs-fold, CL+TE, headers too large): answer as dockerd's Go
    // server would (400, or 431 for headers), but only after the answers owed for the requests before it (never
    // over or ahead of them), and only once (the parser reports every later chunk again). Bytes after a request
    // that asked to close are not a request at all: Go stops reading there, so the connection just closes after
    // the owed answers. Socket errors (a reset) are no request either. Every refusal gets one audit record.
    if (failed.has(socket)) return;
    failed.add(socket);
    const code = err.code ?? '';
    const timeout = code === 'ERR_HTTP_REQUEST_TIMEOUT';
    if (!code.startsWith('HPE_') && !timeout) { socket.destroy(); return; }
    if (code === 'HPE_CLOSED_CONNECTION') { inFlight.afterAll(socket, () => socket.end()); return; }
    const overflow = code === HEADER_OVERFLOW;
    const d = timeout
      ? { rule: 'request.timeout', reason: 'the request headers did not arrive in time', status: 408, text: 'Request Timeout' }
      : overflow
        ? { rule: 'request.header_limit', reason: 'request headers larger than the guard accepts', status: 431, text: 'Request Header Fields Too Large' }
        : { rule: 'request.framing', reason: `malformed HTTP request (${code})`, status: 400, text: 'Bad Request' };
    const answered = recordEarly(rt, earlyContext(rt, l, socket, 'request.malformed'), socket,
      { routeId: 'request.malformed', method: '-', path: '-', rule: d.rule, reason: d.reason, field: 'headers', status: d.status });
    inFlight.afterAll(socket, () => {
      if (socket.writable) {
        const body = `{"message":"portcullis: denied by rule ${d.rule}: ${d.reason}"}\n`;
        socket.end(`HTTP/1.1 ${d.status} ${d.text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      } else socket.destroy();
      answered();
    });
  });
  // A TLS client that fails the handshake (no or a foreign certificate on mTLS, plain HTTP or garbage on a TLS
  // port) is refused by the TLS layer: audited too. A connection closed before any handshake byte is not.
  server.on('tlsClientError', (err: Error & { code?: string }, socket: Socket) => {
    const code = err.code ?? '';
    if (!code.startsWith('ERR_SSL')) return;
    const ctx = earlyContext(rt, l, socket, 'connection.tls');
    rt.metrics.authFailures++;
    rt.events.emit('guard.auth.failed', { request: ctx.id, source: ctx.source, reason: `TLS handshake refused: ${code}` });
    recordEarly(rt, ctx, socket, { routeId: 'connection.tls', method: '-', path: '-', rule: 'auth.tls', reason: `TLS handshake refused: ${err.message}`.slice(0, 300), field: 'tls', status: 0 })();
  });
  return server;
}

/** Start the guard from a config file. */
export async function startGuard(o: GuardOptions): Promise<RunningGuard> {
  const loaded: LoadedConfig = loadGuardConfig(o.configPath);
  const { config } = loaded;
  const metrics = new GuardMetrics();
  const events = new EventLog({ sinks: o.sinks ?? [], ...(o.now ? { now: o.now } : {}) }, { component: 'guard' });
  const upstream = createUpstream(config.upstream);
  const rt: GuardRuntime = {
    loaded, reader: o.reader ?? createCoreReader(), upstream, metrics, events, eventsOn: (o.sinks ?? []).length > 0,
    audit: new AuditLog(config.audit.file, o.store), tokens: new TokenVerifier(config.tokens),
    now: o.now ?? (() => new Date()), newId: defaultIds, log: o.log ?? ((m) => process.stderr.write(`portcullis guard: ${m}\n`)),
  };
  const sockets = new Set<Socket>();
  const servers = config.listeners.map((l) => makeServer(rt, l, sockets));
  const addresses: string[] = [];
  for (const [i, s] of servers.entries()) addresses.push(await listen(s, config.listeners[i]!));
  let metricsServer: Server | undefined;
  let metricsAddress: string | undefined;
  if (config.metrics) {
    metricsServer = createMetricsServer(metrics, async () => (await upstream.getJson('/_ping').catch(() => ({ status: 0 }))).status === 200);
    const { host, port } = splitAddress(config.metrics.address);
    metricsAddress = await new Promise<string>((resolve, reject) => {
      metricsServer!.once('error', reject);
      metricsServer!.listen(port, host, () => { const a = metricsServer!.address(); resolve(typeof a === 'object' && a ? `${a.address}:${a.port}` : ''); });
    });
  }
  const reload = (): PortcullisError | undefined => {
    try {
      const next = loadGuardConfig(o.configPath);
      rt.loaded = next; // policy, limits and grants swap whole; listeners and upstream need a restart
      rt.tokens.reload();
      metrics.reloads++;
      events.emit('guard.config.reloaded', { path: o.configPath });
      return undefined;
    } catch (err) {
      metrics.reloadFailures++;
      const e = err instanceof PortcullisError ? err : new PortcullisError('PCL_ERR_GUARD_CONFIG', String(err));
      events.emit('guard.config.rejected', { path: o.configPath, error: e.message });
      rt.log(`reload refused, keeping the running config: ${e.message}`);
      return e;
    }
  };
  return {
    runtime: rt, addresses, ...(metricsAddress ? { metricsAddress } : {}), reload,
    async close() {
      // Stop accepting, end idle keep-alive connections now, give in-flight exchanges a short grace, then destroy
      // every client socket (keep-alive, streaming, hijacked tunnels) and every upstream socket.
      const all = [...servers, ...(metricsServer ? [metricsServer] : [])];
      const closed = Promise.all(all.map((s) => new Promise<void>((r) => { s.close(() => r()); })));
      for (const s of all) s.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise<void>((r) => { timer = setTimeout(r, CLOSE_GRACE_MS); })]);
      clearTimeout(timer);
      for (const s of all) s.closeAllConnections();
      for (const sock of sockets) sock.destroy();
      sockets.clear();
      upstream.destroy();
      await closed;
      await rt.audit.close();
    },
  };
}
