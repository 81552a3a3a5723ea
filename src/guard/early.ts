// Refusals made before any request reaches the handler (Node's parser errors, CONNECT, TLS failures): each gets
// the same audit record, event and metrics count as a judged denial, so no refusal leaves the audit trail silent.
import type { Socket } from 'node:net';
import { deny } from '../core/policy/index.js';
import { authenticate } from './auth.js';
import type { ListenerConfig } from './config.js';
import { recordDenial } from './respond.js';
import { sourceOf, type GuardContext, type GuardRuntime } from './runtime.js';

/** What was refused before routing: `routeId` is `-` for a parsed but unrouted request, else a stable marker. */
export interface EarlyRefusal {
  readonly routeId: string;
  readonly method: string;
  readonly path: string;
  readonly rule: string;
  readonly reason: string;
  readonly field?: string;
  readonly status: number;
}

/** A context for a refusal on `socket`: the identity the connection proved (TLS certificate, listener subject), if any. */
export function earlyContext(rt: GuardRuntime, l: ListenerConfig, socket: Socket, routeId: string, headers: Record<string, string | string[] | undefined> = {}): GuardContext {
  const ctx: GuardContext = { id: rt.newId(), started: performance.now(), listener: l, routeId, source: sourceOf(l, socket.remoteAddress, socket.remotePort) };
  try {
    const auth = authenticate(l, socket, headers, rt.tokens);
    if (auth.ok) ctx.subject = auth.subject;
  } catch { /* no identity: recorded as anonymous */ }
  return ctx;
}

/**
 * Record `r` once: when `answered` is called (the answer handed to the socket), or when the socket closes first
 * (the record then says so). Returns `answered`.
 */
export function recordEarly(rt: GuardRuntime, ctx: GuardContext, socket: Socket, r: EarlyRefusal): () => void {
  let done = false;
  const write = (suffix: string): void => {
    if (done) return;
    done = true;
    socket.removeListener('close', onClose);
    void recordDenial(rt, ctx, r.method, r.path, deny(r.rule, r.reason + suffix, r.field), r.status);
  };
  const onClose = (): void => { write(' (the connection closed before the answer was sent)'); };
  if (socket.destroyed) write(' (the connection closed before the answer was sent)');
  else socket.once('close', onClose);
  return () => { write(''); };
}

/** Parser error codes (Node's llhttp) that mean the headers were too large: Go answers 431 there. */
export const HEADER_OVERFLOW = 'HPE_HEADER_OVERFLOW';
