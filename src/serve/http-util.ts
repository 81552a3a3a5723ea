// Response helpers shared by the console's routes: the security headers every response carries, HTML,
// JSON and redirect replies, and a capped form-body reader.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
  + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function securityHeaders(res: ServerResponse, tls: boolean): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  res.setHeader('Cache-Control', 'no-store');
  if (tls) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

export const html = (res: ServerResponse, status: number, body: string): void => send(res, status, 'text/html; charset=utf-8', body);
export const json = (res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void =>
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body, null, 2)}\n`, extra);

export function redirect(res: ServerResponse, to: string, extra: Record<string, string> = {}): void {
  res.writeHead(303, { Location: to, 'Content-Length': 0, ...extra });
  res.end();
}

/** Read an application/x-www-form-urlencoded body of at most `max` bytes. */
export function readForm(req: IncomingMessage, max = 8192): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) { reject(new Error('form too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/**
 * Only same-site relative paths are followed after login (no open redirect). Browsers drop tabs and newlines
 * from a Location (`/\t/evil.example` becomes `//evil.example`), so any blank, control or non-ASCII character
 * sends to `/` instead, as do `//host` and backslashes.
 */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && /^[\x21-\x7e]+$/.test(next) && !next.includes('\\') ? next : '/';
}
