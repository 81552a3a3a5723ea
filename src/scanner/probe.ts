// The per-endpoint pipeline: connect (closed / filtered), find the transport by handshake (plain HTTP first,
// TLS when the server answers like a TLS port), then the docker CLI's dialogue (HEAD/GET /_ping, /version,
// one harmless read). Every step has a deadline and a byte cap; only GET and HEAD are ever sent.
import { lookup } from 'node:dns/promises';
import { isIP, type Socket } from 'node:net';
import { engineFromHeaders, judgeBanner, evidenceOf, isTlsHint, judgeControl, judgePing, judgeVersion, type HttpResponse, type Verdict } from './classify.js';
import { tcpConnect, tlsHandshake, isClientCertRefusal } from './net/connect.js';
import { exchange, type ExchangeOutcome } from './net/http-exchange.js';
import { Cancel } from './net/cancel.js';
import { runDeep, type DeepAnalyzer } from './deep.js';
import type { Endpoint, EngineEvidence, HttpEvidence, ScanResult, TlsEvidence } from './types.js';

export interface ProbeOptions {
  /** Milliseconds for each TLS handshake and HTTP exchange (and for TCP connects unless connectTimeoutMs is set). */
  readonly timeoutMs: number;
  /** Milliseconds for a TCP connect (default timeoutMs): what a filtered address costs per attempt. */
  readonly connectTimeoutMs?: number;
  /** Extra connect attempts when a connect times out (packet loss). */
  readonly retries: number;
  /** Byte cap per response (default 64 KiB). */
  readonly maxBytes?: number;
  readonly deep?: boolean;
  /** Byte cap per --deep list (default 8 MiB). */
  readonly deepMaxBytes?: number;
  readonly analyze?: DeepAnalyzer;
  readonly signal?: AbortSignal;
  /** Shared cancellation (runScan passes one for the whole scan instead of a listener per step). */
  readonly cancel?: Cancel;
}

const CONTROL_PATH = '/containers/json?limit=1';
const REFUSED = 'connection refused (ECONNREFUSED)';

interface Ctx {
  readonly ep: Endpoint;
  readonly address: string;
  readonly servername: string | undefined;
  readonly opts: ProbeOptions;
  readonly cancel: Cancel;
  /** Hard end of this endpoint's budget. */
  readonly endAt: number;
  readonly http: HttpEvidence[];
  tls?: TlsEvidence;
  transport?: 'plain' | 'tls';
}

function stepDeadline(c: Ctx): number {
  return Math.min(Date.now() + c.opts.timeoutMs, c.endAt);
}

type Outcome = Omit<ScanResult, 'host' | 'port' | 'durationMs' | 'attempts'>;

function fromVerdict(c: Ctx, v: Verdict, engine?: EngineEvidence): Outcome {
  // A TLS server that completed the handshake and then refused us for want of a certificate (nginx's 400).
  if (v.refusal?.by === 'mtls' && c.tls && !c.tls.clientCertRequired) c.tls = { ...c.tls, clientCertRequired: true };
  return {
    ...(c.address !== c.ep.host ? { address: c.address } : {}),
    ...v,
    ...(c.transport ? { transport: c.transport } : {}),
    ...(c.tls ? { tls: c.tls } : {}),
    ...(engine ? { engine } : {}),
    ...(c.http.length ? { http: c.http } : {}),
  };
}

function unanswered(c: Ctx, o: Exclude<ExchangeOutcome, { kind: 'response' }>, what: string): Outcome {
  if (o.kind === 'timeout') {
    return fromVerdict(c, { state: 'unresponsive', reason: o.bytes === 0
      ? `accepted the connection but sent nothing to ${what} within ${c.opts.timeoutMs} ms`
      : `sent only ${o.bytes} bytes to ${what} within ${c.opts.timeoutMs} ms (too slow)` });
  }
  if (o.kind === 'empty') return fromVerdict(c, { state: 'unresponsive', reason: `closed the connection without answering ${what}` });
  if (o.kind === 'non-http') return fromVerdict(c, judgeBanner(o.bytes));
  return fromVerdict(c, { state: 'error', reason: `${what} failed: ${o.code}` });
}

/** Open a fresh connection on the chosen transport. */
async function open(c: Ctx): Promise<Socket | Outcome> {
  if (c.transport === 'tls') {
    const t = await tlsHandshake(c.address, c.ep.port, c.servername, stepDeadline(c), c.cancel);
    if (t.kind === 'tls') return t.socket;
    return fromVerdict(c, { state: t.kind === 'timeout' ? 'unresponsive' : 'error', reason: `TLS reconnect failed (${t.kind})` });
  }
  const t = await tcpConnect(c.address, c.ep.port, stepDeadline(c), c.cancel);
  if (t.kind === 'open') return t.socket;
  return fromVerdict(c, { state: t.kind === 'filtered' ? 'unresponsive' : 'error', reason: `reconnect failed (${t.code})` });
}

function hostHeader(c: Ctx): string {
  return `${c.servername ?? (isIP(c.address) === 6 ? `[${c.address}]` : c.address)}:${c.ep.port}`;
}

async function get(c: Ctx, method: 'GET' | 'HEAD', path: string, socket?: Socket, maxBytes?: number): Promise<HttpResponse | Outcome> {
  const s = socket ?? await open(c);
  if (!('write' in s)) return s;
  const o = await exchange(s, { method, path, host: hostHeader(c) }, { maxBytes: maxBytes ?? c.opts.maxBytes ?? 65536, deadline: stepDeadline(c), cancel: c.cancel });
  if (o.kind === 'response') { c.http.push(evidenceOf(`${method} ${path}`, o)); return o; }
  if (o.kind === 'error' && isClientCertRefusal(o.code)) {
    c.tls = { ...(c.tls ?? {}), clientCertRequired: true, alert: o.code };
    return fromVerdict(c, { state: 'protected', reason: 'mutual TLS: the server requires a client certificate', refusal: { by: 'mtls', message: o.code } });
  }
  return unanswered(c, o, `${method} ${path}`);
}

const isResponse = (x: HttpResponse | Outcome): x is HttpResponse => 'kind' in x && x.kind === 'response';

async function dialogue(c: Ctx, first: HttpResponse): Promise<Outcome> {
  let ping = first;
  // The CLI pings with HEAD and falls back to GET when that is not a 200.
  if (ping.status !== 200 || !(ping.headers['api-version'] || /^(Docker|Libpod)\//i.test(ping.headers.server ?? ''))) {
    const g = await get(c, 'GET', '/_ping');
    if (!isResponse(g)) return g;
    ping = g;
  }
  const p = judgePing(`${ping === first ? 'HEAD' : 'GET'} /_ping`, ping);
  // An authorization plugin (or socket proxy) judges every route on its own: the engine refusing /_ping may
  // still serve the rest, and the CLI carries on when its ping fails. Only a refusal by Docker itself goes on.
  const byEngine = !p.next && (p.verdict.refusal?.by === 'authz-plugin' || p.verdict.refusal?.by === 'socket-proxy');
  if (!p.next && !byEngine) return fromVerdict(c, p.verdict);
  const pingHeaders = p.next ? p.value.headers : ping.headers;
  let vr = await get(c, 'GET', '/version');
  if (!isResponse(vr)) return vr;
  let v = judgeVersion('GET /version', vr, pingHeaders);
  // The CLI sends everything after the ping under /v<negotiated version>/; proxies that route only those
  // paths (and old-API gateways) answer 404 to the unversioned /version. Ask once more the CLI's way.
  let prefix = '';
  if (!v.next && vr.status === 404) {
    const hdr = pingHeaders['api-version'] ?? '';
    const versioned = `/v${/^1\.\d{1,3}$/.test(hdr) ? hdr : '1.24'}`;
    const vv = await get(c, 'GET', `${versioned}/version`);
    if (!isResponse(vv)) return vv;
    const again = judgeVersion(`GET ${versioned}/version`, vv, pingHeaders);
    if (again.next || vv.status !== 404) { vr = vv; v = again; prefix = versioned; }
  }
  // A refused /version hides the engine's identity, not necessarily its control: the read below decides.
  const versionRefused = !v.next && v.verdict.state === 'protected';
  if (!v.next && !versionRefused) return fromVerdict(c, byEngine ? p.verdict : v.verdict);
  const engine = v.next ? v.value : engineFromHeaders(pingHeaders);
  const control = `${prefix}${CONTROL_PATH}`;
  const cr = await get(c, 'GET', control);
  if (!isResponse(cr)) return { ...cr, ...(v.next ? { engine: v.value } : {}) };
  const verdict = judgeControl(`GET ${control}`, cr, c.transport === 'tls');
  // The first refusal met (ping, then /version) is the evidence when control is not readable either.
  const refused = !p.next ? p.verdict : !v.next ? v.verdict : undefined;
  // (An engine guessed from headers is kept only for an exposed result: PCL-NET-004 means /version was readable.)
  if (verdict.state !== 'exposed') return fromVerdict(c, refused ?? verdict, v.next ? v.value : undefined);
  const partly = refused ? { reason: `${verdict.reason}, although ${refused.refusal?.request ?? 'an earlier request'} was refused (${refused.refusal?.by ?? 'refused'})` } : {};
  const out = fromVerdict(c, { ...verdict, ...partly }, engine);
  const ruleId = c.transport === 'tls' ? 'PCL-NET-002' : 'PCL-NET-001';
  if (!c.opts.deep) return { ...out, ruleId };
  const deep = await runDeep((path, max) => get(c, 'GET', `${prefix}${path}`, undefined, max).then((r) => (isResponse(r) ? r : undefined)),
    c.opts.deepMaxBytes ?? 8 * 1024 * 1024, c.opts.analyze);
  return { ...out, ruleId, deep };
}

async function afterConnect(c: Ctx, socket: Socket): Promise<Outcome> {
  c.transport = 'plain';
  const first = await exchange(socket, { method: 'HEAD', path: '/_ping', host: hostHeader(c) },
    { maxBytes: c.opts.maxBytes ?? 65536, deadline: stepDeadline(c), cancel: c.cancel });
  if (!isTlsHint(first)) {
    if (first.kind !== 'response') { c.transport = undefined; return unanswered(c, first, 'HEAD /_ping'); }
    c.http.push(evidenceOf('HEAD /_ping', first));
    return dialogue(c, first);
  }
  // The port closed on, or rejected, a plaintext request: try a TLS handshake without a client certificate.
  c.transport = 'tls';
  const t = await tlsHandshake(c.address, c.ep.port, c.servername, stepDeadline(c), c.cancel);
  if (t.kind === 'cert-required') {
    c.tls = t.evidence;
    return fromVerdict(c, { state: 'protected', reason: 'mutual TLS: the handshake was refused without a client certificate',
      refusal: { by: 'mtls', ...(t.evidence.alert ? { message: t.evidence.alert } : {}) } });
  }
  if (t.kind === 'timeout') return fromVerdict(c, { state: 'unresponsive', reason: `TLS handshake did not finish within ${c.opts.timeoutMs} ms` });
  if (t.kind === 'failed') {
    c.transport = undefined;
    // Closed on the plaintext request without a byte and on the TLS ClientHello too (tcpwrapped, a firewall
    // or a service that drops every client): nothing was learnt about what listens, so it is not "not Docker".
    if (first.kind === 'empty' && /^(ECONNRESET|EPIPE|ECONNABORTED)$/.test(t.code)) {
      return fromVerdict(c, { state: 'unresponsive', reason: `closed every connection without answering (plaintext HTTP and TLS handshake: ${t.code})` });
    }
    return fromVerdict(c, { state: 'not-docker', reason: `closed on a plaintext HTTP request and failed a TLS handshake (${t.code})` });
  }
  c.tls = t.evidence;
  const r = await get(c, 'HEAD', '/_ping', t.socket);
  if (!isResponse(r)) return r;
  return dialogue(c, r);
}

/**
 * Every address of a host name (IPv4 and IPv6, in the resolver's order, without repeats), within `timeoutMs`:
 * getaddrinfo has no timeout of its own and a dead resolver must not stall an endpoint past its budget.
 * @example await resolveAll('localhost', 3000) // ['127.0.0.1', '::1']
 */
export async function resolveAll(name: string, timeoutMs: number): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('lookup timed out'), { code: 'ETIMEOUT' })), timeoutMs);
  });
  try {
    const found = await Promise.race([lookup(name, { all: true }), timeout]);
    const out = [...new Set(found.map((a) => a.address))];
    if (out.length === 0) throw Object.assign(new Error('no address'), { code: 'ENODATA' });
    return out;
  } finally { clearTimeout(timer); }
}

/**
 * Probe one endpoint and return its verdict. A host name is probed at `ep.address` when given, else at its
 * first address (runScan resolves names itself and probes every address). Never throws; never takes longer than about
 * (retries + 1) × connectTimeoutMs + 6 × timeoutMs (plus 20 × timeoutMs with --deep).
 * @example const r = await probeEndpoint({ host: '127.0.0.1', port: 2375 }, { timeoutMs: 2000, retries: 0 })
 */
export async function probeEndpoint(ep: Endpoint, opts: ProbeOptions): Promise<ScanResult> {
  const started = Date.now();
  let attempts = 0;
  const done = (o: Outcome): ScanResult => ({ host: ep.host, port: ep.port, ...o, durationMs: Date.now() - started, attempts });
  let address = ep.address ?? ep.host;
  if (!ep.address && !isIP(ep.host)) {
    try {
      // getaddrinfo has no timeout of its own; a dead resolver must not stall the endpoint past its budget.
      address = (await resolveAll(ep.host, opts.timeoutMs))[0]!;
    } catch (err) {
      return done({ state: 'error', reason: `cannot resolve ${ep.host} (${(err as NodeJS.ErrnoException).code ?? 'lookup failed'})` });
    }
  }
  const connectMs = opts.connectTimeoutMs ?? opts.timeoutMs;
  // Steps after connect: HEAD and GET /_ping, /version (and once versioned), the control read; TLS adds a handshake.
  const budget = connectMs * (opts.retries + 1) + opts.timeoutMs * 6 + (opts.deep ? opts.timeoutMs * 20 : 0);
  const cancel = opts.cancel ?? Cancel.from(opts.signal);
  const endAt = started + budget;
  // Closed and filtered endpoints (most of a sweep) get a small flat result: no context, no evidence arrays.
  const quiet = (state: 'closed' | 'filtered' | 'error', reason: string): ScanResult => (address === ep.host
    ? { host: ep.host, port: ep.port, state, reason, durationMs: Date.now() - started, attempts }
    : { host: ep.host, port: ep.port, address, state, reason, durationMs: Date.now() - started, attempts });
  let c: Ctx | undefined;
  try {
    for (;;) {
      attempts++;
      const r = await tcpConnect(address, ep.port, Math.min(Date.now() + connectMs, endAt), cancel);
      if (r.kind === 'open') {
        c = { ep, address, servername: isIP(ep.host) ? undefined : ep.host, opts, cancel, endAt, http: [] };
        return done(await afterConnect(c, r.socket));
      }
      if (r.kind === 'filtered' && r.code === 'ETIMEDOUT' && attempts <= opts.retries && !cancel.aborted) continue;
      if (r.kind === 'closed') return quiet('closed', r.code === 'ECONNREFUSED' ? REFUSED : `connection refused (${r.code})`);
      if (r.kind === 'filtered') return quiet('filtered', r.code === 'ETIMEDOUT' ? `no answer to connect within ${connectMs} ms` : `connect failed (${r.code})`);
      return quiet('error', `connect failed: ${r.code}`);
    }
  } catch (err) {
    if (!c) return quiet('error', `probe failed: ${err instanceof Error ? err.message : String(err)}`);
    return done(fromVerdict(c, { state: 'error', reason: `probe failed: ${err instanceof Error ? err.message : String(err)}` }));
  }
}
