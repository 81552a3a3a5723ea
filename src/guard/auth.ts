// Who is calling: the client certificate CN on mutual-TLS listeners, a bearer token on token listeners,
// the configured subject on unix sockets and explicit loopback plain TCP. Never from request content.
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { subjectOf, type Subject } from '../core/policy/index.js';
import type { ListenerConfig } from './config.js';
import type { TokenVerifier } from './tokens.js';

/** mTLS identity is fixed for the life of a TLS connection: read the certificate once per socket. */
const certSubjects = new WeakMap<Socket, AuthResult>();

export type AuthResult = { readonly ok: true; readonly subject: Subject } | { readonly ok: false; readonly reason: string };

export function authenticate(listener: ListenerConfig, socket: Socket, headers: IncomingHttpHeaders, tokens: TokenVerifier): AuthResult {
  switch (listener.type) {
    case 'mtls': {
      const cached = certSubjects.get(socket);
      if (cached) return cached;
      const r = certSubject(socket as TLSSocket);
      certSubjects.set(socket, r);
      return r;
    }
    case 'token': {
      const auth = headers.authorization;
      const m = typeof auth === 'string' ? /^Bearer ([A-Za-z0-9_.~+/=-]{8,512})$/.exec(auth) : null;
      if (!m) return { ok: false, reason: 'missing bearer token (set "HttpHeaders": {"Authorization": "Bearer ..."} in the docker config.json)' };
      const name = tokens.verify(m[1]!);
      return name ? { ok: true, subject: subjectOf('token', name) } : { ok: false, reason: 'unknown or revoked token' };
    }
    case 'unix':
      return { ok: true, subject: subjectOf('unix', listener.subject) };
    case 'plain':
      return { ok: true, subject: subjectOf('loopback', listener.subject) };
  }
}

function certSubject(tls: TLSSocket): AuthResult {
  if (!tls.authorized) return { ok: false, reason: `client certificate not verified: ${String(tls.authorizationError ?? 'none presented')}` };
  const cn = tls.getPeerCertificate()?.subject?.CN;
  const name = Array.isArray(cn) ? undefined : cn;
  if (!name || !/^[\w.@-]{1,128}$/.test(name)) return { ok: false, reason: 'client certificate has no usable CN' };
  return { ok: true, subject: subjectOf('cert', name) };
}
