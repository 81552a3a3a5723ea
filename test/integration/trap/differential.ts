// Differential harness: the same raw HTTP request to the real lab dockerd (unix socket) and to the trap (TCP),
// reduced to a comparable shape (status, content type, framing, header names, JSON key sets, error text).
import { connect, type Socket } from 'node:net';
import { parseResponse, type RawResponse } from './helpers.js';

export type Endpoint = { readonly path: string } | { readonly port: number };

export function exchange(ep: Endpoint, bytes: string | Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const sock: Socket = 'path' in ep ? connect(ep.path, () => sock.write(bytes)) : connect(ep.port, '127.0.0.1', () => sock.write(bytes));
    sock.on('data', (c) => parts.push(c));
    sock.on('close', () => resolve(Buffer.concat(parts)));
    sock.on('error', reject);
  });
}

export interface Req {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export function requestBytes(r: Req): string {
  const payload = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  const h: Record<string, string> = { Host: 'docker', 'User-Agent': 'Docker-Client/20.10.24 (linux)', Connection: 'close', ...r.headers };
  if (payload !== '' || r.method === 'POST') h['Content-Length'] = String(Buffer.byteLength(payload));
  if (r.body !== undefined && typeof r.body !== 'string' && !('Content-Type' in h)) h['Content-Type'] = 'application/json';
  return `${r.method} ${r.path} HTTP/1.1\r\n${Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${payload}`;
}

export async function send(ep: Endpoint, r: Req): Promise<RawResponse> {
  return parseResponse(await exchange(ep, requestBytes(r)));
}

/** Key set of a JSON value, one level into objects and the first array element. */
function keysOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.length === 0 ? ['[]'] : keysOf(v[0]).map((k) => `[].${k}`);
  if (v && typeof v === 'object') return Object.keys(v).sort();
  return [typeof v];
}

export interface Shape {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly framing: 'chunked' | 'length' | 'none';
  readonly headerNames: string[];
  readonly keys?: string[];
  readonly message?: string;
}

/** Headers whose values vary per request (Date, lengths) are compared by name only. */
export function shapeOf(r: RawResponse, opts: { ids?: ReadonlyMap<string, string> } = {}): Shape {
  const ct = r.headers['content-type'];
  const framing = r.headers['transfer-encoding'] === 'chunked' ? 'chunked' : r.headers['content-length'] !== undefined ? 'length' : 'none';
  const out: { -readonly [K in keyof Shape]: Shape[K] } = { status: r.status, contentType: ct, framing, headerNames: Object.keys(r.headers).sort() };
  if (ct?.startsWith('application/json') && r.body.length > 0) {
    try {
      const v: unknown = JSON.parse(r.body.toString('utf8'));
      out.keys = keysOf(v);
      if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { message?: unknown }).message === 'string') {
        let m = (v as { message: string }).message;
        for (const [from, to] of opts.ids ?? []) m = m.split(from).join(to);
        // Ids are random on both sides: compare the wording around them.
        out.message = m.replace(/[0-9a-f]{64}/g, '<id>');
      }
    } catch { out.keys = ['<ndjson>']; }
  }
  return out;
}

export interface Outcome {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly message?: string;
  readonly kind?: string;
}

/**
 * A response reduced to what must agree whatever objects each side holds: status, content type, dockerd's words
 * for refusals and plain-text answers (ids masked), and the JSON kind of a success (an object's keys; a list as
 * `array`, or with `elementKeys` its first element's keys).
 */
export function outcomeOf(r: RawResponse, opts: { readonly elementKeys?: boolean } = {}): Outcome {
  const contentType = r.headers['content-type'];
  const text = r.body.toString('utf8').replace(/[0-9a-f]{64}/g, '<id>');
  if (contentType?.startsWith('text/plain')) return { status: r.status, contentType, message: text };
  if (!contentType?.startsWith('application/json') || r.body.length === 0) return { status: r.status, contentType };
  let v: unknown;
  try { v = JSON.parse(text); } catch { return { status: r.status, contentType, kind: 'ndjson' }; }
  if (r.status >= 400) return { status: r.status, contentType, message: (v as { message: string }).message };
  if (Array.isArray(v)) return { status: r.status, contentType, kind: opts.elementKeys ? `[${Object.keys((v[0] ?? {}) as object).sort().join(',')}]` : 'array' };
  return { status: r.status, contentType, kind: Object.keys(v as object).sort().join(',') };
}
