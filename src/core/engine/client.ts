// A small Docker Engine API client over a unix socket, TCP or TLS: JSON requests with bounded bodies and
// line streams (/events). Front ends use it instead of each writing their own HTTP plumbing.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkServerIdentity } from 'node:tls';
import { PortcullisError } from '../errors/index.js';
import type { EngineEndpoint } from './docker-host.js';

export interface EngineResponse<T = unknown> {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: T;
}

export interface RequestOptions {
  readonly method?: string;
  readonly body?: unknown;
  readonly timeoutMs?: number;
  /** Cap on the bytes read from the response (default 32 MiB). */
  readonly maxBytes?: number;
}

export class EngineClient {
  constructor(readonly endpoint: EngineEndpoint) {}

  private open(path: string, method: string, headers: Record<string, string>, timeoutMs: number) {
    const e = this.endpoint;
    const base = { path, method, headers, timeout: timeoutMs };
    if (e.kind === 'unix') return httpRequest({ ...base, socketPath: e.socketPath });
    if (!e.tls) return httpRequest({ ...base, host: e.host, port: e.port });
    // The Host header is a placeholder ("docker", as the docker CLI sends): the certificate must be checked
    // against the address we dialled, and SNI carries only DNS names.
    const isIp = /^[\d.]+$|:/.test(e.host);
    return httpsRequest({
      ...base, host: e.host, port: e.port, ca: e.tls.ca, cert: e.tls.cert, key: e.tls.key,
      rejectUnauthorized: e.tls.verify, servername: isIp ? '' : e.host,
      checkServerIdentity: (_name, cert) => checkServerIdentity(e.host, cert),
    });
  }

  /** Send a request and parse the JSON answer (raw text when not JSON). Rejects only on transport errors. */
  request<T = unknown>(path: string, opts: RequestOptions = {}): Promise<EngineResponse<T>> {
    const method = opts.method ?? 'GET';
    const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    const headers: Record<string, string> = { Host: 'docker' };
    if (payload) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = String(payload.length); }
    const maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
    return new Promise((resolve, reject) => {
      const req = this.open(path, method, headers, opts.timeoutMs ?? 30_000);
      req.on('timeout', () => req.destroy(new Error(`timed out: ${method} ${path}`)));
      req.on('error', (err) => reject(new PortcullisError('PCL_ERR_DOCKER_UNREACHABLE',
        `cannot reach the Docker engine at ${this.endpoint.display}: ${err.message}`, { cause: err })));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) { res.destroy(); reject(new PortcullisError('PCL_ERR_DOCKER_RESPONSE', `response to ${path} exceeds ${maxBytes} bytes`)); return; }
          chunks.push(c);
        });
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          if (String(res.headers['content-type'] ?? '').includes('json') && text !== '') {
            try { body = JSON.parse(text); } catch { body = text; }
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body as T });
        });
      });
      req.end(payload);
    });
  }

  /** GET a JSON document; throws PCL_ERR_DOCKER_RESPONSE unless 2xx. */
  async json<T = unknown>(path: string, timeoutMs?: number): Promise<T> {
    const r = await this.request<T>(path, { timeoutMs });
    if (r.status < 200 || r.status > 299) {
      const msg = typeof r.body === 'object' && r.body && 'message' in r.body ? String((r.body as { message: unknown }).message) : String(r.body);
      throw new PortcullisError('PCL_ERR_DOCKER_RESPONSE', `GET ${path} answered ${r.status}: ${msg}`, { details: { status: r.status } });
    }
    return r.body;
  }

  /**
   * Open a newline-delimited JSON stream (e.g. /events). Calls onObject per line; resolves when the stream ends.
   * Returns a handle whose abort() ends the stream.
   */
  streamLines(path: string, onObject: (obj: unknown) => void): { done: Promise<void>; abort: () => void } {
    let abort = () => {};
    const done = new Promise<void>((resolve, reject) => {
      const req = this.open(path, 'GET', { Host: 'docker' }, 0);
      abort = () => req.destroy();
      req.on('error', (err) => reject(new PortcullisError('PCL_ERR_DOCKER_UNREACHABLE',
        `event stream from ${this.endpoint.display} failed: ${err.message}`, { cause: err })));
      req.on('response', (res) => {
        if ((res.statusCode ?? 0) >= 300) {
          reject(new PortcullisError('PCL_ERR_DOCKER_RESPONSE', `GET ${path} answered ${res.statusCode}`));
          res.resume();
          return;
        }
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (line) { try { onObject(JSON.parse(line)); } catch { /* a torn or non-JSON line is skipped */ } }
          }
        });
        res.on('end', () => resolve());
        res.on('close', () => resolve());
        res.on('error', reject);
      });
      req.end();
    });
    return { done, abort: () => abort() };
  }
}
