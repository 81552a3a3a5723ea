// Turns what the attacker sent into events: the request itself, then the commands and indicators core finds
// in it. Bounded per session (commands, distinct indicators) so a flood cannot grow memory or the event file.
import type { IncomingHttpHeaders } from 'node:http';
import type { DetectionInput } from '../core/rules/index.js';
import type { Analyse } from './analysis.js';
import { sha256Hex } from './ids.js';
import { isRefError, parseImageRef } from './image-ref.js';
import type { TrapSession } from './sessions.js';

const MAX_COMMANDS_PER_SESSION = 2000;
const MAX_INDICATORS_PER_SESSION = 2000;
/** Credentials are hashed, not recorded. */
const SECRET_HEADERS = new Set(['x-registry-auth', 'x-registry-config', 'authorization', 'proxy-authorization']);

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly rawTarget: string;
  readonly version: string | undefined;
  readonly route: string | undefined;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly httpVersion: string;
  readonly connSrcPort: number;
}

function headerMap(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    const s = Array.isArray(v) ? v.join(', ') : v;
    out[k] = SECRET_HEADERS.has(k) ? `sha256:${sha256Hex(s)}` : s.slice(0, 1024);
  }
  return out;
}

/** Body summary for `trap.request.received`: hash of everything, text capped (base64 when not UTF-8). */
export function bodySummary(body: Buffer, size: number, cap: number, hash?: string): Record<string, unknown> {
  if (size === 0) return { body_size: 0 };
  const shown = body.subarray(0, cap);
  const text = shown.toString('utf8');
  const isText = !text.includes('\uFFFD') && !/[\x00-\x08\x0e-\x1f]/.test(text);
  return {
    body_size: size, body_sha256: hash ?? sha256Hex(body),
    ...(isText ? { body: text } : { body_base64: shown.toString('base64') }),
    ...(size > shown.length ? { body_truncated: true } : {}),
  };
}

export function recordRequest(s: TrapSession, r: RequestRecord, body: Record<string, unknown>): void {
  s.log.emit('trap.request.received', {
    method: r.method, path: r.path, target: r.rawTarget.slice(0, 2048), version: r.version ?? null, route: r.route ?? null,
    query: r.query, http_version: r.httpVersion, headers: headerMap(r.headers), conn_src_port: r.connSrcPort, ...body,
  });
}

/** Analyse an input and emit `trap.command.observed` / `trap.indicator.extracted`; returns the analysis. */
export function recordAnalysis(s: TrapSession, analyse: Analyse, input: DetectionInput, context: Record<string, unknown>): ReturnType<Analyse> {
  let result: ReturnType<Analyse>;
  try {
    result = analyse(input);
  } catch {
    // Analysis must never break emulation: an attacker's odd payload still gets a believable answer.
    return { commands: [], indicators: [] };
  }
  for (const c of result.commands) {
    if (s.commandsSeen >= MAX_COMMANDS_PER_SESSION) break;
    s.commandsSeen++;
    s.log.emit('trap.command.observed', {
      command: c.argv.join(' ').slice(0, 4096), argv: c.argv.slice(0, 64).map((a) => a.slice(0, 1024)), field: c.source,
      decoded: c.decoded, ...(c.chroot ? { chroot: c.chroot } : {}), ...context,
    });
  }
  // An indicator absent from the raw input came out of a decoded payload (base64, hex, ...): say so.
  const raw = JSON.stringify(input);
  for (const found of result.indicators) {
    // Images are reported the way `docker images` names them, so `alpine` and `alpine:latest` are one indicator.
    const ref = found.type === 'image' ? parseImageRef(found.value) : undefined;
    const i = ref && !isRefError(ref) ? { ...found, value: ref.familiar } : found;
    const key = `${i.type}\u0000${i.value}`;
    if (s.indicatorsSeen.has(key) || s.indicatorsSeen.size >= MAX_INDICATORS_PER_SESSION) continue;
    s.indicatorsSeen.add(key);
    s.log.emit('trap.indicator.extracted', { type: i.type, value: i.value.slice(0, 2048), ...(i.kind ? { kind: i.kind } : {}),
      ...(i.location ? { field: i.location } : {}), decoded: !raw.includes(i.value), ...context });
  }
  return result;
}
