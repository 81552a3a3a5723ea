// TCP and TLS connection steps of a probe: connect within a deadline and say what happened (refused =
// closed, silence = filtered), and a TLS handshake that records version, certificate and client-cert refusals.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { TlsEvidence } from '../types.js';
import type { Cancel } from './cancel.js';
import { deadlineTimer } from './late-timer.js';

export type ConnectOutcome =
  | { readonly kind: 'open'; readonly socket: Socket }
  | { readonly kind: 'closed'; readonly code: string }
  | { readonly kind: 'filtered'; readonly code: string }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

/** Late errors on a socket we gave up on are expected; one shared listener instead of a closure each. */
export function ignore(): void { /* nothing to do */ }

/** Errno codes that mean "something answered no" (closed) vs "nothing answered" (filtered), as nmap reads them. */
const CLOSED = new Set(['ECONNREFUSED']);
const FILTERED = new Set(['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EACCES', 'EPERM']);

/**
 * Open a TCP connection before `deadline` (epoch ms).
 * @example const c = await tcpConnect('127.0.0.1', 2375, Date.now() + 2000)
 */
export function tcpConnect(address: string, port: number, deadline: number, cancel?: Cancel): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    const socket = netConnect({ host: address, port, noDelay: true });
    let done = false;
    const finish = (o: ConnectOutcome) => {
      if (done) return;
      done = true;
      stopTimer();
      socket.removeAllListeners('connect');
      if (o.kind !== 'open') { socket.on('error', ignore); socket.destroy(); }
      resolve(o);
    };
    const stopTimer = deadlineTimer(deadline, () => finish({ kind: 'filtered', code: cancel?.aborted ? 'EABORTED' : 'ETIMEDOUT' }), cancel);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      finish({ kind: 'open', socket });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'EUNKNOWN';
      if (CLOSED.has(code)) finish({ kind: 'closed', code });
      else if (FILTERED.has(code)) finish({ kind: 'filtered', code });
      else finish({ kind: 'error', code, message: err.message });
    });
  });
}

export type TlsOutcome =
  | { readonly kind: 'tls'; readonly socket: TLSSocket; readonly evidence: TlsEvidence }
  /** The server refused the handshake because we sent no client certificate. */
  | { readonly kind: 'cert-required'; readonly evidence: TlsEvidence }
  /** Not TLS, or a TLS failure unrelated to client certificates. */
  | { readonly kind: 'failed'; readonly code: string; readonly message: string }
  | { readonly kind: 'timeout' };

/**
 * OpenSSL alert codes that mean "you did not present an acceptable client certificate". TLS 1.3 servers send
 * certificate_required (116) after our Finished; TLS 1.2 servers send handshake_failure (40) or
 * bad_certificate (42) inside the handshake.
 */
export function isClientCertRefusal(code: string | undefined): boolean {
  return !!code && /ALERT_(CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|BAD_CERTIFICATE|UNKNOWN_CA|ACCESS_DENIED)/.test(code);
}

function certSummary(s: TLSSocket): TlsEvidence['cert'] {
  let c: ReturnType<TLSSocket['getPeerCertificate']> | undefined;
  try { c = s.getPeerCertificate(); } catch { return undefined; }
  if (!c || Object.keys(c).length === 0) return undefined;
  const dn = (o: Record<string, unknown> | undefined) => (o ? Object.entries(o).map(([k, v]) => `${k}=${String(v)}`).join(', ') : undefined);
  const subject = dn(c.subject as unknown as Record<string, unknown>);
  const issuer = dn(c.issuer as unknown as Record<string, unknown>);
  return { subject, issuer, validTo: c.valid_to, selfSigned: subject !== undefined && subject === issuer, altNames: c.subjectaltname };
}

/**
 * TLS handshake without a client certificate and without verifying the server (we judge the server, we do not
 * trust it). `servername` is sent as SNI for host names only.
 */
export function tlsHandshake(address: string, port: number, servername: string | undefined, deadline: number, cancel?: Cancel): Promise<TlsOutcome> {
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host: address, port, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'],
      ...(servername ? { servername } : {}),
      minVersion: 'TLSv1', // old daemons still speak TLS 1.0/1.1 and must be recognised as TLS
    });
    let done = false;
    const finish = (o: TlsOutcome) => {
      if (done) return;
      done = true;
      stopTimer();
      if (o.kind !== 'tls') { socket.on('error', ignore); socket.destroy(); }
      resolve(o);
    };
    const stopTimer = deadlineTimer(deadline, () => finish({ kind: 'timeout' }), cancel);
    socket.once('secureConnect', () => {
      socket.removeAllListeners('error');
      const cipher = socket.getCipher();
      const evidence: TlsEvidence = {
        version: socket.getProtocol() ?? undefined, cipher: cipher?.name, alpn: socket.alpnProtocol || undefined,
        clientCertRequired: false, cert: certSummary(socket),
      };
      finish({ kind: 'tls', socket, evidence });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'EUNKNOWN';
      // handshake_failure is also what a server sends when no cipher is shared, or what a non-TLS service
      // that answers every packet with an alert sends: it means "client certificate required" only when the
      // server got as far as presenting its own certificate (TLS 1.2 asks for ours right after it).
      const cert = isClientCertRefusal(code) ? certSummary(socket) : undefined;
      if (cert) finish({ kind: 'cert-required', evidence: { clientCertRequired: true, alert: code, cert } });
      else finish({ kind: 'failed', code, message: err.message });
    });
  });
}
