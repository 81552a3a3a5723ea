// The scanner's judgement, separated from its I/O: pure functions that read one exchange at a time (ping,
// version, control check) and say "continue" or give the verdict with its evidence. Tested without a network.
import type { ExchangeOutcome } from './net/http-exchange.js';
import type { EndpointState, EngineEvidence, HttpEvidence, Refusal } from './types.js';

export type HttpResponse = Extract<ExchangeOutcome, { kind: 'response' }>;

export interface Verdict {
  readonly state: EndpointState;
  readonly reason: string;
  readonly refusal?: Refusal;
  readonly banner?: string;
  readonly impostor?: boolean;
  readonly socketProxy?: boolean;
}

const KEPT_HEADERS = ['server', 'api-version', 'ostype', 'docker-experimental', 'www-authenticate', 'proxy-authenticate',
  'content-type', 'builder-version', 'swarm', 'libpod-api-version', 'location', 'docker-distribution-api-version'];

/** The response headers worth keeping as evidence (bounded in number and length). */
export function evidenceOf(request: string, r: HttpResponse): HttpEvidence {
  const headers: Record<string, string> = {};
  for (const k of KEPT_HEADERS) if (r.headers[k] !== undefined) headers[k] = printable(r.headers[k]!, 200);
  return { request, status: r.status, headers };
}

/** Printable ASCII only, cut to `max` characters: banners and bodies are attacker-controlled. */
export function printable(s: string | Buffer, max = 120): string {
  const t = (typeof s === 'string' ? s : s.toString('latin1')).replace(/[^\x20-\x7e]/g, (c) => (c === '\n' || c === '\r' ? ' ' : '.'));
  return t.trim().slice(0, max);
}

/** The server answered HTTP, but the way a TLS-only server answers a plaintext request. */
export function isTlsHint(o: ExchangeOutcome): boolean {
  if (o.kind === 'empty') return true;
  if (o.kind === 'non-http') return o.bytes[0] === 0x15 && o.bytes[1] === 0x03; // a TLS alert record
  if (o.kind === 'response') return o.status === 400 && /HTTP request to an HTTPS server|plain HTTP request was sent to HTTPS/i.test(o.body.toString('latin1'));
  return false;
}

/** Verdict for a non-HTTP banner (SSH, SMTP, garbage). */
export function judgeBanner(bytes: Buffer): Verdict {
  const banner = printable(bytes);
  if (/^SSH-\d/.test(banner)) return { state: 'not-docker', reason: 'an SSH server answered (banner)', banner };
  return { state: 'not-docker', reason: 'the service answered with a non-HTTP banner', banner };
}

function looksDocker(r: HttpResponse): boolean {
  return r.headers['api-version'] !== undefined || /^(Docker|Libpod)\//i.test(r.headers.server ?? '');
}

function message(r: HttpResponse): string {
  const text = r.body.toString('utf8');
  try {
    const j = JSON.parse(text) as { message?: unknown };
    if (j && typeof j.message === 'string') return printable(j.message, 200);
  } catch { /* not JSON */ }
  return printable(text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' '), 200);
}

/** nginx with `ssl_verify_client on` completes the handshake and answers 400 with this page (495/496 inside). */
const CERT_REQUIRED_PAGE = /No required SSL certificate was sent|SSL certificate error|client certificate (is )?required/i;

/**
 * Services that say what they are even when they refuse us: a Kubernetes API server (a `Status` object, its
 * audit and priority-and-fairness headers) or a container registry is not a Docker engine behind a lock.
 */
export function foreignService(r: HttpResponse): string | undefined {
  if (r.headers['api-version'] !== undefined || /^(Docker|Libpod)\//i.test(r.headers.server ?? '')) return undefined;
  if (r.headers['docker-distribution-api-version'] !== undefined) return `a container registry (Docker Distribution API, HTTP ${r.status})`;
  let status: { kind?: unknown; apiVersion?: unknown; reason?: unknown } | undefined;
  try { status = JSON.parse(r.body.toString('utf8')) as typeof status; } catch { status = undefined; }
  const k8sStatus = !!status && typeof status === 'object' && status.kind === 'Status' && typeof status.apiVersion === 'string';
  if (k8sStatus || Object.keys(r.headers).some((k) => k.startsWith('x-kubernetes-pf-'))) {
    const why = k8sStatus && typeof status!.reason === 'string' ? `, ${printable(status!.reason, 40)}` : '';
    return `a Kubernetes API server (HTTP ${r.status}${why})`;
  }
  return undefined;
}

/** A 401/403/407 (or nginx's "No required SSL certificate was sent") as evidence of what refused us. */
export function refusalOf(request: string, r: HttpResponse): Refusal | undefined {
  const page = r.status === 400 || r.status === 495 || r.status === 496 ? CERT_REQUIRED_PAGE.exec(message(r)) : null;
  if (page) return { by: 'mtls', request, status: r.status, message: page[0] };
  if (r.status !== 401 && r.status !== 403 && r.status !== 407) return undefined;
  const msg = message(r);
  const challenge = r.headers['www-authenticate'] ?? r.headers['proxy-authenticate'];
  const by: Refusal['by'] = r.status !== 403 ? 'auth'
    : /authorization denied by plugin/i.test(msg) ? 'authz-plugin'
      : looksDocker(r) ? 'socket-proxy' : 'proxy';
  return { by, request, status: r.status, ...(msg ? { message: msg } : {}), ...(challenge ? { challenge: printable(challenge, 200) } : {}) };
}

function refused(request: string, r: HttpResponse, refusal: Refusal): Verdict {
  const reason = refusal.by === 'mtls'
    ? `mutual TLS: ${request} was answered HTTP ${r.status} "${refusal.message ?? ''}" (a client certificate is required)`
    : `${request} was refused with HTTP ${r.status} (${refusal.by})`;
  return { state: 'protected', reason, refusal };
}

export type Step<T> = { readonly next: true; readonly value: T } | { readonly next: false; readonly verdict: Verdict };

/** Judge the /_ping answer (after the CLI's HEAD-then-GET fallback). */
export function judgePing(request: string, r: HttpResponse): Step<{ headers: Readonly<Record<string, string>> }> {
  const foreign = foreignService(r);
  if (foreign) return { next: false, verdict: { state: 'not-docker', reason: `${foreign} answered ${request}: not a Docker engine` } };
  const refusal = refusalOf(request, r);
  if (refusal) return { next: false, verdict: refused(request, r, refusal) };
  const okBody = r.body.toString('latin1').trim() === 'OK';
  if (r.status === 200 && (okBody || looksDocker(r))) return { next: true, value: { headers: r.headers } };
  const server = r.headers.server ? ` (Server: ${printable(r.headers.server, 60)})` : '';
  return { next: false, verdict: { state: 'not-docker', reason: `an HTTP server answered ${request} with ${r.status}, not the Docker ping${server}` } };
}

/** Parse /version into engine evidence, or undefined when it is not a Docker version document. */
export function parseVersion(body: Buffer): EngineEvidence | undefined {
  let j: Record<string, unknown>;
  try { j = JSON.parse(body.toString('utf8')) as Record<string, unknown>; } catch { return undefined; }
  if (!j || typeof j !== 'object' || typeof j.Version !== 'string' || typeof j.ApiVersion !== 'string') return undefined;
  const str = (v: unknown) => (typeof v === 'string' ? printable(v, 80) : undefined);
  const components = Array.isArray(j.Components)
    ? (j.Components as unknown[]).map((c) => str((c as { Name?: unknown })?.Name)).filter((x): x is string => !!x).slice(0, 10) : undefined;
  const platform = str((j.Platform as { Name?: unknown } | undefined)?.Name) ?? '';
  const product = components?.some((c) => /podman/i.test(c)) || /podman/i.test(platform) ? 'podman' : 'docker';
  return {
    product, version: str(j.Version), apiVersion: str(j.ApiVersion), minApiVersion: str(j.MinAPIVersion),
    os: str(j.Os), arch: str(j.Arch), kernelVersion: str(j.KernelVersion), ...(components ? { components } : {}),
  };
}

/** What the ping headers say about the engine, when /version is refused (`Server: Docker/24.0.7`, `Api-Version`). */
export function engineFromHeaders(h: Readonly<Record<string, string>>): EngineEvidence | undefined {
  const srv = /^(Docker|Libpod)\/(\S+)/i.exec(h.server ?? '');
  if (!srv && h['api-version'] === undefined) return undefined;
  return { product: srv?.[1]?.toLowerCase() === 'libpod' ? 'podman' : srv ? 'docker' : 'unknown',
    ...(srv ? { version: printable(srv[2]!, 40) } : {}), ...(h['api-version'] ? { apiVersion: printable(h['api-version'], 20) } : {}) };
}

/** Judge /version: a Docker version document consistent with the ping headers, or a refusal, or an impostor. */
export function judgeVersion(request: string, r: HttpResponse, pingHeaders: Readonly<Record<string, string>>): Step<EngineEvidence> {
  const foreign = foreignService(r);
  if (foreign) return { next: false, verdict: { state: 'not-docker', reason: `${foreign} answered ${request}: not a Docker engine` } };
  const refusal = refusalOf(request, r);
  if (refusal) return { next: false, verdict: refused(request, r, refusal) };
  const engine = r.status === 200 ? parseVersion(r.body) : undefined;
  if (!engine) {
    return { next: false, verdict: { state: 'not-docker', impostor: true,
      reason: `answered /_ping like Docker but ${request} returned ${r.status} without a Docker version document` } };
  }
  // A real engine sends the same API version in every Api-Version header and in /version, and its Server
  // header carries the same version string; banner-echoing impostors and honeypots often do not.
  const hdr = r.headers['api-version'] ?? pingHeaders['api-version'];
  if (hdr !== undefined && engine.apiVersion !== undefined && hdr !== engine.apiVersion) {
    return { next: false, verdict: { state: 'not-docker', impostor: true,
      reason: `Api-Version header ${printable(hdr, 20)} disagrees with /version ApiVersion ${engine.apiVersion}` } };
  }
  const srv = /^Docker\/(\S+)/.exec(r.headers.server ?? pingHeaders.server ?? '');
  if (srv && engine.version !== undefined && srv[1] !== engine.version) {
    return { next: false, verdict: { state: 'not-docker', impostor: true,
      reason: `Server header Docker/${printable(srv[1]!, 30)} disagrees with /version Version ${engine.version}` } };
  }
  return { next: true, value: engine };
}

/** Judge the harmless control check (`GET /containers/json?limit=1`): exposed, protected, or an impostor. */
export function judgeControl(request: string, r: HttpResponse, tls: boolean): Verdict {
  const refusal = refusalOf(request, r);
  if (refusal?.by === 'mtls') return refused(request, r, refusal);
  if (refusal) {
    const socketProxy = refusal.by === 'socket-proxy' || refusal.by === 'proxy';
    return { state: 'protected', refusal, ...(socketProxy ? { socketProxy } : {}),
      reason: `answers /_ping and /version but ${request} was refused with HTTP ${r.status} (${refusal.by})` };
  }
  if (r.status === 405 || r.status === 501) {
    return { state: 'protected', refusal: { by: 'proxy', request, status: r.status, message: message(r) }, socketProxy: true,
      reason: `answers /_ping and /version but ${request} was refused with HTTP ${r.status}` };
  }
  let list: unknown;
  try { list = JSON.parse(r.body.toString('utf8')); } catch { list = undefined; }
  const valid = r.status === 200 && Array.isArray(list) && list.length <= 1
    && list.every((c) => c && typeof c === 'object' && typeof (c as { Id?: unknown }).Id === 'string');
  if (!valid) {
    // limit=1 must return at most one container: a canned list that ignores it is a tell too.
    return { state: 'not-docker', impostor: true, reason: `answered /version like Docker but ${request} returned ${r.status} without a container list` };
  }
  return { state: 'exposed', reason: tls ? 'TLS without a client certificate gives full API control (container list readable)'
    : 'plain HTTP without authentication gives full API control (container list readable)' };
}
