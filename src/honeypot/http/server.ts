// The trap's listener: Node's HTTP server hardened (header/request timeouts, connection and session caps,
// capped bodies, malformed requests answered 400 and never fatal), with 'upgrade' handed to hijack routes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { matchRoute, tryNormalizeTarget } from '../../core/docker-api/index.js';
import type { EventSink } from '../../core/events/index.js';
import { analyseWithCore, type Analyse } from '../analysis.js';
import { apiLess, type TrapConfig } from '../config.js';
import type { TrapContext } from '../context.js';
import { handlerFor, STREAM_BODY_ROUTES } from '../dispatch.js';
import { buildProfile, type EngineProfile } from '../profile.js';
import { bodySummary, recordRequest } from '../recorder.js';
import { SessionManager, type TrapSession } from '../sessions.js';
import { readCapped, readUpgradeBody } from './body.js';
import { HIJACKED, HttpResponder, RawResponder, type Responder } from './responder.js';

export interface TrapServerOptions {
  readonly cfg: TrapConfig;
  readonly sinks: readonly EventSink[];
  readonly analyse?: Analyse;
  readonly now?: () => number;
  /** Diagnostics (not events): sink failures, handler bugs. */
  readonly warn?: (msg: string, err?: unknown) => void;
}

export interface TrapServer {
  readonly host: string;
  readonly port: number;
  readonly sessions: SessionManager;
  readonly server: Server;
  close(): Promise<void>;
}

/** Parse `host:port`, `[v6]:port` or `:port` (host defaults to loopback). */
export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(listen.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new Error(`--listen must be host:port, got ${listen}`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

interface Incoming {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly httpVersion: string;
  readonly socket: Socket;
}

export class TrapEngine {
  readonly profile: EngineProfile;
  readonly sessions: SessionManager;
  private readonly analyse: Analyse;
  private readonly now: () => number;
  private readonly bySocket = new WeakMap<Socket, TrapSession>();

  constructor(private readonly opts: TrapServerOptions) {
    this.profile = buildProfile(opts.cfg);
    this.analyse = opts.analyse ?? analyseWithCore;
    this.now = opts.now ?? Date.now;
    this.sessions = new SessionManager({ cfg: opts.cfg, sinks: opts.sinks, now: this.now,
      onSinkError: (sink, err) => opts.warn?.(`event sink ${sink.name} failed`, err) });
  }

  /** Bind a new connection to its source's session; false when the session cap refuses it. */
  connect(sock: Socket): boolean {
    // A dual-stack listener sees IPv4 peers as ::ffff:a.b.c.d; record and key them as a.b.c.d.
    const ip = (sock.remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
    const s = this.sessions.acquire(ip, sock.remotePort ?? 0, sock.localPort ?? 0);
    if (!s) return false;
    s.connections++;
    s.active++;
    this.bySocket.set(sock, s);
    sock.once('close', () => {
      s.active--;
      s.lastSeen = this.now();
    });
    return true;
  }

  sessionOf(sock: Socket): TrapSession | undefined {
    return this.bySocket.get(sock);
  }

  /** Answer one request (parsed by Node, or raw after 'upgrade'). */
  async handle(inc: Incoming, res: Responder, body: { stream?: Readable; pre?: Buffer }): Promise<void> {
    const session = this.bySocket.get(inc.socket);
    if (!session) {
      inc.socket.destroy();
      return;
    }
    session.requests++;
    session.lastSeen = this.now();
    const cfg = this.opts.cfg;
    // dockerd routes any /v<digits and dots>/ prefix and compares it number by number (1.41.0 is 1.41).
    const norm = tryNormalizeTarget(inc.method, inc.url, { allowNonCanonicalVersion: true });
    const target = norm.ok ? norm.target : undefined;
    const match = target ? matchRoute(target, { engineVersion: this.profile.apiVersion }) : undefined;
    const routeId = match?.route.id;
    const streamBody = routeId !== undefined && STREAM_BODY_ROUTES.has(routeId) && body.stream !== undefined;
    let buf: Buffer = Buffer.alloc(0);
    let summary: Record<string, unknown> = {};
    let overflow = false;
    let aborted = false;
    if (body.pre) {
      buf = body.pre;
      summary = bodySummary(buf, buf.length, cfg.limits.capturedBody);
    } else if (body.stream && !streamBody) {
      const r = await readCapped(body.stream, cfg.limits.maxJsonBody);
      buf = r.body;
      overflow = r.overflow;
      aborted = r.aborted;
      summary = bodySummary(r.body, r.size, cfg.limits.capturedBody, r.overflow ? undefined : r.sha256);
      if (r.overflow) summary = { ...summary, body_overflow: true };
      if (r.aborted) summary = { ...summary, body_aborted: true };
    }
    if (routeId === 'system.auth' && summary.body_size !== 0) {
      // `docker login` bodies hold credentials: the request event keeps size and hash only (trap.auth.attempted hashes the fields).
      const { body: _b, body_base64: _b64, ...rest } = summary;
      summary = { ...rest, body_redacted: true };
    }
    recordRequest(session, {
      method: inc.method, path: target?.path ?? inc.url.split('?')[0] ?? '', rawTarget: inc.url, version: target?.version, route: routeId,
      query: target?.query ?? {}, headers: inc.headers, httpVersion: inc.httpVersion, connSrcPort: inc.socket.remotePort ?? 0,
    }, streamBody ? { body_streamed: true } : summary);
    if (aborted) {
      // Timed out or dropped mid-body: recorded, never acted on (a half body is not the attacker's request).
      inc.socket.destroy();
      return;
    }
    if (overflow) {
      res.error(413, 'request body too large');
      inc.socket.destroySoon?.();
      return;
    }
    if (!norm.ok) {
      if (norm.rejection.dockerd === 'redirect' && norm.rejection.location) res.empty(301, { Location: norm.rejection.location });
      else if (norm.rejection.dockerd === 'bad-request') res.text(400, '400 Bad Request', { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      else res.pageNotFound();
      return;
    }
    if (!match || !target) {
      res.pageNotFound();
      return;
    }
    const v = target.version;
    // dockerd answers errors of requests below API 1.24 in plain text (http.Error), the version refusals included.
    if (v !== undefined && apiLess(v, '1.24')) res.plainErrors = true;
    if (v !== undefined && apiLess(this.profile.apiVersion, v)) {
      res.middlewareError(400, `client version ${v} is too new. Maximum supported API version is ${this.profile.apiVersion}`);
      return;
    }
    if (v !== undefined && apiLess(v, this.profile.minApiVersion)) {
      res.middlewareError(400, `client version ${v} is too old. Minimum supported API version is ${this.profile.minApiVersion}, please upgrade your client to a newer version`);
      return;
    }
    const ctx: TrapContext = {
      cfg, profile: this.profile, session, analyse: this.analyse, method: inc.method, routeId: match.route.id, params: match.params,
      query: target.query, queryAll: target.queryAll ?? {}, apiVersion: v ?? this.profile.apiVersion, headers: inc.headers, body: buf,
      bodyStream: streamBody ? body.stream : undefined, res, now: this.now,
    };
    try {
      await handlerFor(match.route.id)(ctx);
    } catch (err) {
      this.opts.warn?.(`trap handler ${match.route.id} failed`, err);
      if (!res.answered) res.error(500, 'An unexpected error occurred');
    }
  }
}

const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request';

/**
 * Start the emulated engine on cfg.listen.
 * @example const trap = await startTrap({ cfg: parseTrapConfig({ listen: '127.0.0.1:0' }), sinks: [new CaptureSink()] });
 */
export async function startTrap(opts: TrapServerOptions): Promise<TrapServer & { engine: TrapEngine }> {
  const { cfg } = opts;
  const engine = new TrapEngine(opts);
  const lim = cfg.limits;
  const server = createServer({
    // keepAliveTimeout 0: Node then sends no `Keep-Alive:` header (Go never does); idle sockets end by server.timeout.
    headersTimeout: lim.headersTimeoutMs, requestTimeout: lim.requestTimeoutMs, keepAliveTimeout: 0,
    connectionsCheckingInterval: Math.min(1000, lim.headersTimeoutMs), maxHeaderSize: 16_384, requireHostHeader: false,
  });
  server.maxConnections = lim.maxConnections;
  server.timeout = lim.idleTimeoutMs;
  server.on('connection', (sock: Socket) => {
    sock.on('error', () => undefined);
    if (!engine.connect(sock)) sock.destroy();
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const responder = new HttpResponder(res, engine.profile.headers, req.method === 'HEAD', req.httpVersion);
    engine.handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, httpVersion: req.httpVersion, socket: req.socket },
      responder, { stream: req }).catch((err: unknown) => {
      opts.warn?.('trap request failed', err);
      if (!responder.answered) res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, sock: Socket, head: Buffer) => {
    sock.on('error', () => undefined);
    const len = Number(req.headers['content-length'] ?? 0) || 0;
    void readUpgradeBody(sock, head, len, lim.maxJsonBody).then(({ body, rest, overflow }) => {
      if (overflow) {
        sock.end(BAD_REQUEST);
        return;
      }
      const responder = new RawResponder(sock, engine.profile.headers, req.method ?? 'GET', rest);
      const stream = Readable.from([]);
      return engine.handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, httpVersion: req.httpVersion, socket: sock },
        responder, len > 0 ? { pre: body } : { stream });
    }).catch((err: unknown) => {
      opts.warn?.('trap upgrade failed', err);
      sock.destroy();
    });
  });
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, sock: Socket) => {
    if (HIJACKED.has(sock)) return;
    const s = engine.sessionOf(sock);
    if (s && !s.closed) {
      s.requests++;
      s.log.emit('trap.request.received', { malformed: true, error: err.code ?? 'parse_error',
        ...(err.rawPacket ? { raw_base64: err.rawPacket.subarray(0, 512).toString('base64') } : {}) });
    }
    if (err.code === 'ECONNRESET' || !sock.writable || err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      sock.destroy();
      return;
    }
    sock.end(err.code === 'HPE_HEADER_OVERFLOW'
      ? 'HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n431 Request Header Fields Too Large'
      : BAD_REQUEST);
  });
  const { host, port } = parseListen(cfg.listen);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  engine.sessions.start();
  const addr = server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : port;
  return {
    host, port: bound, sessions: engine.sessions, server, engine,
    close: () => new Promise<void>((resolve) => {
      engine.sessions.closeAll();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
