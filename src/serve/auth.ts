// Console access: a login token exchanged for an HttpOnly, SameSite=Strict session cookie (or a Bearer token
// for the API, or a verified client certificate under mutual TLS); loopback-only use may run without a token.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

export const COOKIE = 'pcl_session';

export interface AuthOptions {
  /** The login token; absent = no login (allowed on loopback only, or with mutual TLS). */
  readonly token?: string;
  readonly sessionTtlMs?: number;
  readonly now?: () => number;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export class Auth {
  private readonly sessions = new Map<string, number>();
  constructor(private readonly o: AuthOptions) {}

  get required(): boolean { return this.o.token !== undefined; }

  private now(): number { return (this.o.now ?? Date.now)(); }

  /** Constant-time comparison of a presented token with the configured one. */
  checkToken(presented: string): boolean {
    if (this.o.token === undefined) return false;
    return timingSafeEqual(digest(presented), digest(this.o.token));
  }

  newSession(): string {
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, this.now() + (this.o.sessionTtlMs ?? 12 * 3600_000));
    if (this.sessions.size > 10_000) for (const [k, exp] of this.sessions) if (exp < this.now()) this.sessions.delete(k);
    return id;
  }

  endSession(req: IncomingMessage): void {
    const id = cookie(req, COOKIE);
    if (id) this.sessions.delete(id);
  }

  /** True when the request may see the console. */
  allowed(req: IncomingMessage): boolean {
    const sock = req.socket as Partial<TLSSocket>;
    if (sock.encrypted && sock.authorized === true) return true;
    if (!this.required) return true;
    // The auth scheme is case-insensitive (RFC 9110 §11.1): `bearer x` is the same as `Bearer x`.
    const authz = /^bearer +(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (authz?.[1] !== undefined && this.checkToken(authz[1])) return true;
    const id = cookie(req, COOKIE);
    if (!id) return false;
    const exp = this.sessions.get(id);
    if (exp === undefined) return false;
    if (exp < this.now()) { this.sessions.delete(id); return false; }
    return true;
  }

  cookieHeader(id: string, secure: boolean): string {
    return `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}; Max-Age=${Math.floor((this.o.sessionTtlMs ?? 12 * 3600_000) / 1000)}`;
  }
}

export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** Hosts a loopback console answers to without a token: guards against DNS rebinding from a web page. */
export function loopbackHost(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Cross-site request forgery check for state-changing requests (POST /login, POST /logout). Browsers say where
 * a request comes from in `Sec-Fetch-Site` (sent to HTTPS and loopback origins): only `same-origin` and `none`
 * (typed by the user) pass. Without it, an `Origin` naming another site is refused; `Origin: null` is what
 * Chromium sends for the console's own forms under `Referrer-Policy: no-referrer`, so it cannot be refused,
 * and the SameSite=Strict cookie keeps such requests logged out anyway. Clients that send neither (curl,
 * scripts) are not browsers being tricked and pass.
 */
export function sameOrigin(req: IncomingMessage, tls: boolean): boolean {
  const site = String(req.headers['sec-fetch-site'] ?? '').toLowerCase();
  if (site) return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return true;
  const host = String(req.headers.host ?? '').toLowerCase();
  return host !== '' && origin.toLowerCase() === `${tls ? 'https' : 'http'}://${host}`;
}
