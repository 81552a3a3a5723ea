// How a handler answers, whether the request came through Node's HTTP parser (ServerResponse) or was handed
// over raw by the 'upgrade' event: JSON with the engine's headers, chunked streams, and hijacked raw streams.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** A chunked response body (pull progress, wait, stats, logs with follow). */
export interface StreamWriter {
  write(chunk: string | Buffer): void;
  end(chunk?: string | Buffer): void;
  /** Called once when the peer goes away or the stream ends. */
  onClose(cb: () => void): void;
  readonly closed: boolean;
}

/** A hijacked connection (attach, exec start): raw bytes both ways after the prologue. */
export interface HijackedStream extends StreamWriter {
  /** Bytes the client sends after the prologue (stdin); raw, unframed. */
  onInput(cb: (chunk: Buffer) => void): void;
  /** The client half-closed (stdin EOF); output may still be written. */
  onInputEnd(cb: () => void): void;
}

export interface Responder {
  readonly isHead: boolean;
  json(status: number, body: unknown, headers?: Readonly<Record<string, string>>): void;
  /** dockerd's error shape: `{"message": "..."}` (plain text when `plainErrors`). */
  error(status: number, message: string): void;
  /** Requests for API < 1.24 get errors as net/http's http.Error writes them (text/plain, nosniff). */
  plainErrors: boolean;
  /** An error of the version middleware, which answers before the experimental middleware adds its header. */
  middlewareError(status: number, message: string): void;
  empty(status: number, headers?: Readonly<Record<string, string>>): void;
  text(status: number, body: string, headers: Readonly<Record<string, string>>): void;
  /** A complete binary body (tar from archive/export/save) with the engine's headers and the given content type. */
  binary(status: number, contentType: string, body: Buffer, headers?: Readonly<Record<string, string>>): void;
  /** The router's bare 404 (no Server/Api-Version headers, exactly as dockerd's mux answers). */
  pageNotFound(): void;
  stream(status: number, contentType: string, headers?: Readonly<Record<string, string>>): StreamWriter;
  /** `engineHeaders`: exec start copies the middleware's headers (sorted) into its prologue; attach does not. */
  hijack(contentType: string, engineHeaders?: boolean): HijackedStream;
  /** Take the connection over with a hand-written prologue (websocket handshake); raw bytes both ways after it. */
  upgrade(prologue: string): HijackedStream;
  /** Write bytes as they are and close (handshake refusals written by libraries, not by net/http). */
  rawReply(bytes: string): void;
  readonly answered: boolean;
}

const STATUS_TEXT: Record<number, string> = {
  101: 'UPGRADED', 200: 'OK', 201: 'Created', 204: 'No Content', 304: 'Not Modified', 400: 'Bad Request', 404: 'Not Found',
  409: 'Conflict', 413: 'Request Entity Too Large', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

function jsonText(body: unknown): string {
  // Go's json.Encoder ends each value with a newline; clients and fingerprinting scripts see it.
  return `${JSON.stringify(body)}\n`;
}

function streamOver(sock: Socket, write: (c: Buffer) => void, finish: (c?: Buffer) => void): StreamWriter {
  let closed = false;
  const closers: Array<() => void> = [];
  const done = () => {
    if (closed) return;
    closed = true;
    for (const cb of closers.splice(0)) cb();
  };
  sock.once('close', done);
  return {
    write(chunk) {
      if (!closed && !sock.destroyed) write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    },
    end(chunk) {
      if (!closed && !sock.destroyed) finish(chunk === undefined ? undefined : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
    onClose(cb) {
      if (closed) cb();
      else closers.push(cb);
    },
    get closed() { return closed || sock.destroyed; },
  };
}

function hijackOver(sock: Socket, prologue: string, head: Buffer): HijackedStream {
  sock.setNoDelay(true);
  sock.setTimeout(0);
  sock.write(prologue);
  const inputs: Array<(c: Buffer) => void> = [];
  const w = streamOver(sock, (c) => sock.write(c), (c) => {
    if (c) sock.write(c);
    sock.end();
  });
  const ends: Array<() => void> = [];
  const onData = (c: Buffer) => { for (const cb of inputs) cb(c); };
  sock.on('data', onData);
  sock.resume();
  // Half-close is part of the protocol: the client ends stdin and keeps reading, so 'end' is not a close.
  sock.on('end', () => { for (const cb of ends.splice(0)) cb(); });
  return {
    ...w,
    write: w.write, end: w.end, onClose: w.onClose,
    get closed() { return w.closed; },
    onInput(cb) {
      inputs.push(cb);
      if (head.length > 0) cb(head);
    },
    onInputEnd(cb) {
      if (sock.readableEnded) cb();
      else ends.push(cb);
    },
  };
}

/**
 * Headers in the order Go's net/http writes them: the handler's (sorted), then Date, then Content-Length
 * (omitted for 204/304). Fingerprinters (nmap's service probes) match this order byte for byte.
 */
export function goHeaders(status: number, headers: Readonly<Record<string, string>>, bodyLength: number | undefined): [string, string][] {
  const out = Object.entries(headers).filter(([k]) => k !== 'Date' && k !== 'Content-Length' && k !== 'Transfer-Encoding')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  out.push(['Date', new Date().toUTCString()]);
  if (bodyLength !== undefined && status !== 204 && status !== 304 && status >= 200) {
    // Go's server buffers 2048 bytes: a handler that wrote more is sent chunked, a shorter one with its length.
    if (bodyLength > GO_CHUNKING_THRESHOLD) out.push(['Transfer-Encoding', 'chunked']);
    else out.push(['Content-Length', String(bodyLength)]);
  } else if (headers['Transfer-Encoding'] === 'chunked') out.push(['Transfer-Encoding', 'chunked']);
  return out;
}

/** net/http's bufferBeforeChunkingSize. */
export const GO_CHUNKING_THRESHOLD = 2048;

/**
 * Node adds `Connection: keep-alive` to every HTTP/1.1 response; Go's server never sends it, and fingerprinters
 * compare header sets. The header block is kept in `_header` until the first body write, so drop it there.
 * Keep-alive itself is unaffected (Node decides it from the request, not from this text).
 */
function dropNodeConnectionHeader(res: ServerResponse): void {
  const r = res as unknown as { _header?: unknown };
  if (typeof r._header === 'string') r._header = r._header.replace(/\r\nConnection: keep-alive(?=\r\n)/, '');
}

/** Status line and header lines as Go writes them, ending with the blank line. */
function headBlock(version: '1.0' | '1.1', status: number, list: ReadonlyArray<readonly [string, string]>): string {
  let head = `HTTP/${version} ${status} ${STATUS_TEXT[status] ?? 'Unknown'}\r\n`;
  for (const [k, v] of list) head += `${k}: ${v}\r\n`;
  return `${head}\r\n`;
}

/** What both responders answer the same way, on top of their own `send`. */
abstract class BaseResponder {
  answered = false;
  plainErrors = false;
  constructor(protected readonly base: Readonly<Record<string, string>>) {}
  protected abstract send(status: number, headers: Record<string, string>, body: string | Buffer): void;

  json(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
    this.send(status, { ...this.base, ...headers }, jsonText(body));
  }
  error(status: number, message: string): void {
    this.errorWith(this.base, status, message);
  }
  middlewareError(status: number, message: string): void {
    const { 'Docker-Experimental': _x, ...base } = this.base;
    this.errorWith(base, status, message);
  }
  private errorWith(base: Readonly<Record<string, string>>, status: number, message: string): void {
    if (this.plainErrors) this.send(status, { ...base, 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }, `${message}\n`);
    else this.send(status, { ...base }, jsonText({ message }));
  }
  text(status: number, body: string, headers: Readonly<Record<string, string>>): void {
    this.send(status, { ...headers }, body);
  }
  binary(status: number, contentType: string, body: Buffer, headers: Readonly<Record<string, string>> = {}): void {
    this.send(status, { ...this.base, ...headers, 'Content-Type': contentType }, body);
  }
  pageNotFound(): void {
    this.send(404, { 'Content-Type': 'application/json' }, jsonText({ message: 'page not found' }));
  }
}

/** Responder over Node's ServerResponse (the normal path). */
export class HttpResponder extends BaseResponder implements Responder {
  private readonly http10: boolean;
  constructor(private readonly res: ServerResponse, base: Readonly<Record<string, string>>, readonly isHead: boolean,
    httpVersion = '1.1') {
    super(base);
    this.http10 = httpVersion === '1.0';
    res.sendDate = false;
  }

  protected send(status: number, headers: Record<string, string>, body: string | Buffer | undefined): void {
    this.answered = true;
    // A handler that wrote nothing gets `Content-Length: 0` from Go, except on HEAD and 1xx/204/304.
    // HEAD of a body above the chunking threshold: Go sends neither Content-Length nor Transfer-Encoding.
    const full = body === undefined ? (this.isHead ? undefined : 0) : Buffer.byteLength(body);
    const len = this.isHead && full !== undefined && full > GO_CHUNKING_THRESHOLD ? undefined : full;
    // HTTP/1.0 cannot chunk: Go then sends no length at all and closes after the body.
    const list = goHeaders(status, headers, this.http10 && len !== undefined && len > GO_CHUNKING_THRESHOLD ? undefined : len);
    if (this.http10) {
      // Go answers an HTTP/1.0 request with an HTTP/1.0 status line and closes; Node cannot, so write it raw.
      const sock = this.res.socket as Socket;
      sock.write(headBlock('1.0', status, list));
      sock.end(this.isHead || body === undefined ? '' : body);
      return;
    }
    this.res.writeHead(status, list.flat());
    dropNodeConnectionHeader(this.res);
    this.res.end(this.isHead ? undefined : body);
  }

  empty(status: number, headers: Readonly<Record<string, string>> = {}): void {
    const h: Record<string, string> = { ...this.base, ...headers };
    if (!('Content-Type' in headers)) delete h['Content-Type'];
    this.send(status, h, undefined);
  }
  stream(status: number, contentType: string, headers: Readonly<Record<string, string>> = {}): StreamWriter {
    this.answered = true;
    this.res.writeHead(status, goHeaders(status, withType({ ...this.base, ...headers }, contentType), undefined).flat());
    dropNodeConnectionHeader(this.res);
    this.res.flushHeaders();
    const sock = this.res.socket as Socket;
    return streamOver(sock, (c) => this.res.write(c), (c) => this.res.end(c));
  }
  hijack(contentType: string, engineHeaders = false): HijackedStream {
    // Without `Upgrade: tcp` dockerd still hijacks: it writes its own 200 prologue on the raw connection.
    this.answered = true;
    const sock = this.res.socket as Socket;
    HIJACKED.add(sock);
    this.res.detachSocket(sock);
    return hijackOver(sock, `HTTP/1.1 200 OK\r\nContent-Type: ${contentType}\r\n${engineHeaders ? headerSubset(this.base) : ''}\r\n`, Buffer.alloc(0));
  }
  upgrade(prologue: string): HijackedStream {
    this.answered = true;
    const sock = this.res.socket as Socket;
    HIJACKED.add(sock);
    this.res.detachSocket(sock);
    return hijackOver(sock, prologue, Buffer.alloc(0));
  }
  rawReply(bytes: string): void {
    this.answered = true;
    const sock = this.res.socket as Socket;
    HIJACKED.add(sock);
    this.res.detachSocket(sock);
    sock.end(bytes);
  }
}

/** Go's Header.WriteSubset of the middleware's headers (sorted; the JSON Content-Type is not among them). */
function headerSubset(base: Readonly<Record<string, string>>): string {
  return Object.entries(base).filter(([k]) => k !== 'Content-Type').sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}: ${v}\r\n`).join('');
}

/** Set the content type; '' means none (dockerd's non-TTY logs before API 1.42 carry no Content-Type). */
function withType(h: Record<string, string>, contentType: string): Record<string, string> {
  if (contentType === '') delete h['Content-Type'];
  else h['Content-Type'] = contentType;
  return h;
}

/** Sockets taken over by a hijack; the server must not answer parse errors on them. */
export const HIJACKED = new WeakSet<Socket>();

/** Responder over a raw socket handed over by the 'upgrade' event. */
export class RawResponder extends BaseResponder implements Responder {
  readonly isHead: boolean;
  constructor(private readonly sock: Socket, base: Readonly<Record<string, string>>, method: string,
    private readonly head: Buffer) {
    super(base);
    this.isHead = method === 'HEAD';
  }

  private lines(status: number, headers: Record<string, string>, bodyLength?: number): string {
    return headBlock('1.1', status, goHeaders(status, headers, bodyLength));
  }
  protected send(status: number, headers: Record<string, string>, body: string | Buffer): void {
    this.answered = true;
    // dockerd answers an upgrade request it refuses like any other (no Connection header); the trap then closes.
    const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
    // Raw answers always carry their length (the chunking threshold is the HTTP path's business).
    const list = goHeaders(status, headers, Math.min(b.length, GO_CHUNKING_THRESHOLD))
      .map(([k, v]) => [k, k === 'Content-Length' ? String(b.length) : v] as const);
    this.sock.write(headBlock('1.1', status, list));
    this.sock.end(this.isHead ? Buffer.alloc(0) : b);
  }
  empty(status: number, headers: Readonly<Record<string, string>> = {}): void {
    const h: Record<string, string> = { ...this.base, ...headers };
    delete h['Content-Type'];
    this.answered = true;
    this.sock.end(this.lines(status, { ...h, Connection: 'close' }, status === 200 ? 0 : undefined));
  }
  stream(status: number, contentType: string, headers: Readonly<Record<string, string>> = {}): StreamWriter {
    this.answered = true;
    this.sock.write(this.lines(status, { ...withType({ ...this.base, ...headers }, contentType), 'Transfer-Encoding': 'chunked', Connection: 'close' }));
    const chunk = (c: Buffer) => { if (c.length > 0) this.sock.write(Buffer.concat([Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n')])); };
    return streamOver(this.sock, chunk, (c) => {
      if (c) chunk(c);
      this.sock.end('0\r\n\r\n');
    });
  }
  hijack(contentType: string, engineHeaders = false): HijackedStream {
    this.answered = true;
    HIJACKED.add(this.sock);
    return hijackOver(this.sock, `HTTP/1.1 101 UPGRADED\r\nContent-Type: ${contentType}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n`
      + `${engineHeaders ? headerSubset(this.base) : ''}\r\n`, this.head);
  }
  upgrade(prologue: string): HijackedStream {
    this.answered = true;
    HIJACKED.add(this.sock);
    return hijackOver(this.sock, prologue, this.head);
  }
  rawReply(bytes: string): void {
    this.answered = true;
    this.sock.end(bytes);
  }
}
