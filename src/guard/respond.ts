// Denials and audit records in one place, so every path (HTTP, hijack, errors) answers the same way: a JSON
// {"message"} the docker CLI prints, a guard.request.* event, a metrics count and an audit line.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Decision } from '../core/policy/index.js';
import type { AuditEntry } from './audit.js';
import { denialMessage } from './judge.js';
import type { GuardContext, GuardRuntime } from './runtime.js';

/** The audit subject of a request no identity was proved for (failed token, no certificate, unparsed headers). */
export const ANONYMOUS = 'anonymous';

export function auditEntry(rt: GuardRuntime, ctx: GuardContext, method: string, path: string, d: Decision,
  phase: AuditEntry['phase'], status?: number): AuditEntry {
  return {
    time: rt.now().toISOString(), requestId: ctx.id, subject: ctx.subject?.id ?? ANONYMOUS, source: ctx.source, method,
    path: path.slice(0, 2048), routeId: ctx.routeId, verdict: d.effect, ruleId: d.ruleId, reason: d.reason.slice(0, 500),
    phase, ...(d.field ? { field: d.field } : {}),
    ...(status !== undefined ? { status, durationMs: Math.round((performance.now() - ctx.started) * 1000) / 1000 } : {}),
  };
}

/** Record a denial (event, metrics, audit) without throwing. */
export async function recordDenial(rt: GuardRuntime, ctx: GuardContext, method: string, path: string, d: Decision, status: number): Promise<void> {
  rt.events.emit('guard.request.denied', {
    request: ctx.id, subject: ctx.subject?.id, route: ctx.routeId, rule: d.ruleId, field: d.field, reason: d.reason, status,
  });
  rt.metrics.record(ctx.routeId, 'deny', (performance.now() - ctx.started) / 1000);
  try {
    await rt.audit.write(auditEntry(rt, ctx, method, path, d, 'completed', status), false);
  } catch (err) {
    rt.log(`audit write failed for a denial: ${(err as Error).message}`);
  }
}

export function denyBody(d: Decision): string {
  return JSON.stringify({ message: denialMessage(d) }) + '\n';
}

export function sendDenial(res: ServerResponse, d: Decision, status: number, close = false): void {
  if (res.headersSent) { res.destroy(); return; }
  const body = denyBody(d);
  res.writeHead(status, {
    'content-type': 'application/json', 'content-length': Buffer.byteLength(body),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}

/** Deny on a raw socket (hijack path), then close. */
export function socketDenial(socket: Socket, d: Decision, status: number): void {
  const body = denyBody(d);
  const reason = status === 401 ? 'Unauthorized' : status === 400 ? 'Bad Request' : status === 404 ? 'Not Found' : status === 405 ? 'Method Not Allowed' : status === 503 ? 'Service Unavailable' : 'Forbidden';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
