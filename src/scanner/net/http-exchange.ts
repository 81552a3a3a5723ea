// One HTTP/1.1 request over a raw socket with hard limits: at most maxBytes read, a wall-clock deadline,
// and a verdict for whatever came back (a response, a non-HTTP banner, silence, a close). Hostile servers
// (tarpits, one-byte drips, endless bodies, garbage) end here in bounded time and memory.
import type { Socket } from 'node:net';
import type { Cancel } from './cancel.js';
import { deadlineTimer } from './late-timer.js';
import { ignore } from './connect.js';

export interface ExchangeRequest {
  readonly method: 'GET' | 'HEAD';
  readonly path: string;
  /** Host header value. */
  readonly host: string;
}

export interface ExchangeLimits {
  /** Bytes read before the exchange stops (the body is then `truncated`). */
  readonly maxBytes: number;
  /** Epoch milliseconds after which the exchange gives up. */
  readonly deadline: number;
  readonly cancel?: Cancel;
}

export type ExchangeOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly statusText: string; readonly headers: Readonly<Record<string, string>>;
      readonly body: Buffer; readonly truncated: boolean }
  | { readonly kind: 'non-http'; readonly bytes: Buffer }
  | { readonly kind: 'empty'; readonly code?: string }
  | { readonly kind: 'timeout'; readonly bytes: number }
  | { readonly kind: 'error'; readonly code: string; readonly message: string; readonly bytes: number };

const HTTP_PREFIX = Buffer.from('HTTP/');
const MAX_HEADER = 16 * 1024;
const BANNER_BYTES = 256;

/** The request line and headers the docker CLI sends, minus anything that could change server state. */
export function formatRequest(r: ExchangeRequest): string {
  return `${r.method} ${r.path} HTTP/1.1\r\nHost: ${r.host}\r\nUser-Agent: portcullis-scan\r\nAccept: */*\r\nConnection: close\r\n\r\n`;
}

function parseHead(head: string): { status: number; statusText: string; headers: Record<string, string> } | undefined {
  const lines = head.split(/\r?\n/);
  const m = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
  }
  return { status: Number(m[1]), statusText: (m[2] ?? '').slice(0, 100), headers };
}

/** Decode a chunked body; `done` once the last chunk was seen. Stops at malformed input (done=false). */
export function decodeChunked(buf: Buffer): { done: boolean; body: Buffer } {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', pos);
    if (eol < 0 || eol - pos > 32) return { done: false, body: Buffer.concat(parts) };
    const size = parseInt(buf.subarray(pos, eol).toString('latin1').split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size) || size < 0) return { done: false, body: Buffer.concat(parts) };
    if (size === 0) return { done: true, body: Buffer.concat(parts) };
    const start = eol + 2;
    if (buf.length < start + size) { parts.push(buf.subarray(start)); return { done: false, body: Buffer.concat(parts) }; }
    parts.push(buf.subarray(start, start + size));
    pos = start + size + 2;
  }
}

/**
 * Send one request on a connected socket (plain or TLS) and read the answer within the limits. The socket is
 * always destroyed before the promise settles.
 * @example const out = await exchange(sock, { method: 'GET', path: '/_ping', host: '127.0.0.1:2375' }, { maxBytes: 65536, deadline: Date.now() + 3000 })
 */
export function exchange(socket: Socket, req: ExchangeRequest, limits: ExchangeLimits): Promise<ExchangeOutcome> {
  return new Promise<ExchangeOutcome>((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let head: ReturnType<typeof parseHead> | undefined;
    let bodyStart = 0;
    let settled = false;
    let buffered: Buffer | undefined;
    const all = () => (buffered && buffered.length === total ? buffered : (buffered = Buffer.concat(chunks, total)));

    const finish = (o: ExchangeOutcome) => {
      if (settled) return;
      settled = true;
      stopTimer();
      socket.removeAllListeners('data');
      socket.on('error', ignore);
      socket.destroy();
      resolve(o);
    };
    const response = (truncated: boolean): ExchangeOutcome => {
      const b = all().subarray(bodyStart);
      const chunked = /chunked/i.test(head!.headers['transfer-encoding'] ?? '');
      return { kind: 'response', status: head!.status, statusText: head!.statusText, headers: head!.headers,
        body: chunked ? decodeChunked(b).body : b, truncated };
    };
    let tail = Buffer.alloc(0);
    const check = () => {
      if (!head) {
        const buf = all();
        const n = Math.min(buf.length, HTTP_PREFIX.length);
        if (!buf.subarray(0, n).equals(HTTP_PREFIX.subarray(0, n))) {
          // Not HTTP: wait for a full banner line (SSH sends one) but never more than a few hundred bytes.
          if (buf.indexOf('\n') >= 0 || buf.length >= BANNER_BYTES) finish({ kind: 'non-http', bytes: buf.subarray(0, BANNER_BYTES) });
          return;
        }
        let end = buf.indexOf('\r\n\r\n');
        let sep = 4;
        if (end < 0) { end = buf.indexOf('\n\n'); sep = 2; }
        if (end < 0) {
          if (buf.length > MAX_HEADER) finish({ kind: 'non-http', bytes: buf.subarray(0, BANNER_BYTES) });
          return;
        }
        head = parseHead(buf.subarray(0, end).toString('latin1'));
        if (!head) { finish({ kind: 'non-http', bytes: buf.subarray(0, BANNER_BYTES) }); return; }
        bodyStart = end + sep;
      }
      const bodyLen = total - bodyStart;
      const noBody = req.method === 'HEAD' || head.status === 204 || head.status === 304 || (head.status >= 100 && head.status < 200);
      if (noBody) { finish(response(false)); return; }
      const te = head.headers['transfer-encoding'];
      if (te && /chunked/i.test(te)) {
        // Decode only when the stream looks finished, so large lists are not re-parsed on every packet.
        if (tail.toString('latin1').endsWith('0\r\n\r\n') && decodeChunked(all().subarray(bodyStart)).done) finish(response(false));
      } else if (head.headers['content-length'] !== undefined) {
        const cl = Number(head.headers['content-length']);
        if (Number.isFinite(cl) && bodyLen >= cl) finish(response(false));
      }
      if (!settled && total >= limits.maxBytes) finish(response(true));
    };
    const onAbort = () => finish({ kind: 'timeout', bytes: total });
    const stopTimer = deadlineTimer(limits.deadline, onAbort, limits.cancel);

    socket.on('data', (c: Buffer) => {
      if (settled) return;
      const room = limits.maxBytes - total;
      const piece = c.length > room ? c.subarray(0, Math.max(0, room)) : c;
      chunks.push(piece);
      total += piece.length;
      tail = Buffer.concat([tail, piece.subarray(-5)]).subarray(-5);
      check();
    });
    socket.on('end', () => onClose());
    socket.on('close', () => onClose());
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (total === 0 && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) finish({ kind: 'empty', code: err.code });
      else if (head) finish(response(true));
      else finish({ kind: 'error', code: err.code ?? 'EUNKNOWN', message: err.message, bytes: total });
    });
    function onClose(): void {
      if (settled) return;
      if (total === 0) { finish({ kind: 'empty' }); return; }
      check();
      if (settled) return;
      if (head) finish(response(false));
      else finish({ kind: 'non-http', bytes: all().subarray(0, BANNER_BYTES) });
    }
    if (limits.cancel?.aborted) { onAbort(); return; }
    socket.write(formatRequest(req), (err) => {
      if (err && total === 0) finish({ kind: 'empty', code: (err as NodeJS.ErrnoException).code ?? 'EPIPE' });
    });
  });
}
