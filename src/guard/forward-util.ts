// Helpers for forwarding exactly what was judged: the canonical request target, the headers that may pass
// (hop-by-hop and credentials dropped), framing checks, and bounded body reads.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { formatTarget } from '../core/docker-api/index.js';
import type { RouteMatch } from '../core/docker-api/types.js';
import { compareVersions } from '../core/policy/index.js';

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'proxy-authorization',
  'te', 'trailer', 'content-length', 'authorization', 'host', 'expect']);

/**
 * The target forwarded to dockerd: the judged version made explicit, the path escaped the Go way and the
 * query with only the value dockerd reads of each key (the first), as the policy saw it.
 */
export function forwardTarget(match: RouteMatch, version: string): string {
  const hit = formatted.get(match);
  if (hit && hit.version === version) return hit.text;
  const text = formatTarget({ ...match.target, version: match.target.version ?? version }, { firstValueOnly: true });
  formatted.set(match, { version, text });
  return text;
}

/** Reads are shared per identical request (core-reader.ts), so their canonical target is formatted once. */
const formatted = new WeakMap<RouteMatch, { version: string; text: string }>();

/** Request headers that pass upstream (framing is re-done by us; tokens never reach dockerd). */
export function forwardHeaders(h: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = { host: 'docker' };
  for (const [k, v] of Object.entries(h)) if (v !== undefined && !HOP.has(k)) out[k] = v;
  return out;
}

/** Response headers that pass back; Api-Version is capped to what the guard judges. */
export function responseHeaders(h: IncomingHttpHeaders, maxVersion: string, keepLength: boolean): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || (HOP.has(k) && !(keepLength && k === 'content-length'))) continue;
    out[k] = v;
  }
  const api = h['api-version'];
  if (typeof api === 'string' && /^1\.\d+$/.test(api) && compareVersions(api, maxVersion) > 0) out['api-version'] = maxVersion;
  return out;
}

/** Framing dockerd (Go net/http) might read differently from us: refuse it. Returns a reason or undefined. */
export function framingProblem(req: IncomingMessage): string | undefined {
  let cl = 0, te = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const k = req.rawHeaders[i]!.toLowerCase();
    const v = req.rawHeaders[i + 1] ?? '';
    if (k === 'content-length') { cl++; if (!/^\d{1,15}$/.test(v)) return 'Content-Length is not a plain number'; }
    if (k === 'transfer-encoding') { te++; if (v.trim().toLowerCase() !== 'chunked') return `Transfer-Encoding "${v}" is not plain chunked`; }
    if (/[\r\n]/.test(v) || /^\s|\s$/.test(k)) return 'header contains line breaks or folded continuation';
  }
  if (cl > 1) return 'repeated Content-Length';
  if (te > 1) return 'repeated Transfer-Encoding';
  if (cl && te) return 'both Content-Length and Transfer-Encoding';
  if (req.httpVersion !== '1.1' && req.httpVersion !== '1.0') return `HTTP/${req.httpVersion} is not supported`;
  // Go ignores Transfer-Encoding on HTTP/1.0 requests (body by Content-Length, else none); Node de-chunks it.
  if (te && req.httpVersion === '1.0') return 'Transfer-Encoding on an HTTP/1.0 request (dockerd would ignore it)';
  return undefined;
}

export class BodyTooLarge extends Error {}

/** Read a whole request body up to `limit` bytes; rejects with BodyTooLarge beyond it. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) { reject(new BodyTooLarge(`body of ${declared} bytes is over the ${limit}-byte limit`)); return; }
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > limit) { req.removeAllListeners('data'); reject(new BodyTooLarge(`body is over the ${limit}-byte limit`)); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
