// `portcullis serve`: the console's HTTP(S) server. Loopback by default; any other address needs a login
// token or mutual TLS; every response carries the security headers; pages and API sit behind the login.
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { PortcullisError } from '../core/errors/index.js';
import { EventLog } from '../core/events/index.js';
import type { Store } from '../core/store/index.js';
import { Auth, loopbackHost, sameOrigin } from './auth.js';
import { h, layout } from './html.js';
import { html, json, readForm, redirect, safeNext, securityHeaders, send } from './http-util.js';
import { parseTime } from './filters.js';
import { LiveHub } from './live.js';
import { loginPage } from './pages/login.js';
import { route } from './routes.js';
import { APP_CSS, LIVE_JS } from './static.js';

export interface ServeTls { readonly cert: string | Buffer; readonly key: string | Buffer; readonly clientCa?: string | Buffer }

export interface ServeOptions {
  readonly store: Store;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 7375; 0 picks a free port. */
  readonly port?: number;
  readonly token?: string;
  readonly tls?: ServeTls;
  /** How often live streams poll the store (default 2000 ms). */
  readonly pollMs?: number;
  readonly now?: () => Date;
  /** Diagnostics (not security events). */
  readonly log?: (msg: string) => void;
}

export interface ServeHandle { readonly url: string; readonly server: Server; close(): Promise<void> }

export function isLoopbackAddress(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export async function startServe(o: ServeOptions): Promise<ServeHandle> {
  const host = o.host ?? '127.0.0.1';
  const tls = o.tls !== undefined;
  const mtls = o.tls?.clientCa !== undefined;
  if (!isLoopbackAddress(host) && o.token === undefined && !mtls) {
    throw new PortcullisError('PCL_ERR_SERVE_AUTH_REQUIRED',
      `refusing to serve the console on ${host} without a login: pass --token-file (or $PORTCULLIS_SERVE_TOKEN) or --tls-client-ca, or listen on 127.0.0.1`);
  }
  const now = o.now ?? (() => new Date());
  const auth = new Auth({ ...(o.token !== undefined ? { token: o.token } : {}), now: () => now().getTime() });
  const live = new LiveHub({ store: o.store, pollMs: o.pollMs ?? 2000 });
  const events = new EventLog({ sinks: [{ name: 'store', write: (e) => o.store.appendEvents([e]) }], now, onSinkError: () => o.log?.('cannot record a login event in the store') }, { tool: 'serve' });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    securityHeaders(res, tls);
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    // Without any login, only loopback names may be used (a DNS-rebinding page cannot reach the console).
    if (!auth.required && !mtls && !loopbackHost(req.headers.host)) {
      return send(res, 421, 'text/plain; charset=utf-8', 'This console answers only to localhost/127.0.0.1 names.\n');
    }
    const method = req.method ?? 'GET';
    const p = url.pathname;
    if (p === '/static/app.css') return send(res, 200, 'text/css; charset=utf-8', APP_CSS);
    if (p === '/static/live.js') return send(res, 200, 'text/javascript; charset=utf-8', LIVE_JS);
    if (p === '/healthz') return send(res, 200, 'text/plain; charset=utf-8', 'ok\n');
    const view = (title: string, body: { html: string }, status = 200): void =>
      html(res, status, layout({ title, active: '', location: o.store.location, loggedIn: false }, body));
    // CSRF: nothing another site's page makes a browser send may log in, log out or change anything.
    if (method !== 'GET' && method !== 'HEAD' && !sameOrigin(req, tls)) {
      return send(res, 403, 'text/plain; charset=utf-8', 'Cross-site request refused: post from the console\'s own pages.\n');
    }
    if (p === '/login') {
      if (!auth.required) return redirect(res, '/');
      if (method === 'GET') return view('Log in', loginPage(undefined, safeNext(url.searchParams.get('next'))));
      if (method !== 'POST') return send(res, 405, 'text/plain', 'method not allowed\n', { Allow: 'GET, POST' });
      const form = await readForm(req).catch(() => new URLSearchParams());
      const who = { src_ip: req.socket.remoteAddress ?? '', user_agent: String(req.headers['user-agent'] ?? '').slice(0, 256) };
      if (!auth.checkToken(form.get('token') ?? '')) {
        events.emit('serve.login.failed', who);
        return view('Log in', loginPage('That token is not right. Check the token file given to portcullis serve.', safeNext(form.get('next'))), 401);
      }
      events.emit('serve.login.succeeded', who);
      return redirect(res, safeNext(form.get('next')), { 'Set-Cookie': auth.cookieHeader(auth.newSession(), tls) });
    }
    if (p === '/logout' && method === 'POST') {
      auth.endSession(req);
      return redirect(res, auth.required ? '/login' : '/', { 'Set-Cookie': `pcl_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${tls ? '; Secure' : ''}` });
    }
    if (!auth.allowed(req)) {
      if (p.startsWith('/api/')) return json(res, 401, { error: 'login required: send Authorization: Bearer <token> or log in at /login' });
      return redirect(res, `/login?next=${encodeURIComponent(p + url.search)}`);
    }
    if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n', { Allow: 'GET' });
    if (p === '/api/stream') return live.open(res, parseTime(url.searchParams.get('since') ?? ''));
    const ctx = { store: o.store, loggedIn: auth.required, now };
    if (!(await route(ctx, url, res))) {
      if (p.startsWith('/api/')) return json(res, 404, { error: 'no such API route' });
      view('Not found', h`<p class="empty">No page at ${p}.</p>`, 404);
    }
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof URIError && !res.headersSent) return send(res, 400, 'text/plain; charset=utf-8', 'Malformed percent-encoding in the path.\n');
      o.log?.(`serve: ${req.method} ${req.url}: ${(err as Error).message}`);
      // A store that cannot be reached (fleet PostgreSQL down) is an outage, not a bug: 503, try again later.
      const down = (err as { details?: { transient?: unknown } }).details?.transient === true;
      if (!res.headersSent && down) {
        if (req.url?.startsWith('/api/')) return json(res, 503, { error: 'the store is unreachable; retry shortly (see the serve log)' }, { 'Retry-After': '5' });
        return send(res, 503, 'text/plain; charset=utf-8', 'The store is unreachable right now; retry shortly (see the serve log).\n', { 'Retry-After': '5' });
      }
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'The store could not be read; see the serve log.\n');
      else res.end();
    });
  };

  let server: Server;
  try {
    server = o.tls
      ? createHttps({ cert: o.tls.cert, key: o.tls.key, minVersion: 'TLSv1.2',
        ...(o.tls.clientCa ? { ca: o.tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}) }, listener)
      : createHttp(listener);
  } catch (err) {
    throw new PortcullisError('PCL_ERR_SERVE_TLS', `cannot use the TLS files: ${(err as Error).message}; check --tls-cert/--tls-key/--tls-client-ca`, { cause: err });
  }
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new PortcullisError('PCL_ERR_SERVE_LISTEN',
      `cannot listen on ${host}:${o.port ?? 7375} (${err.code ?? err.message}): choose another --listen address or port`, { cause: err })));
    server.listen(o.port ?? 7375, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `${tls ? 'https' : 'http'}://${shown}:${addr.port}`,
    server,
    close: () => new Promise<void>((resolve) => {
      live.closeAll();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
