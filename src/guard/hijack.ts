// Hijacked attach/exec: the client asks `Upgrade: tcp`; the guard judges the request like any other, sends it
// upstream on a fresh half-open connection, and only after dockerd itself answers 101 becomes a raw tunnel.
// Half-close is kept both ways (end(), never destroy()) so stdin EOF reaches the process and output drains.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { deny, INTO_EXISTING, type Decision } from '../core/policy/index.js';
import { authenticate } from './auth.js';
import { formBodyOverridesQuery } from './core-reader.js';
import type { ListenerConfig } from './config.js';
import { lookupExisting, lookupResource, needsScope } from './facts.js';
import { forwardHeaders, forwardTarget } from './forward-util.js';
import { judge } from './judge.js';
import { auditEntry, recordDenial, socketDenial } from './respond.js';
import { sourceOf, type GuardContext, type GuardRuntime } from './runtime.js';

/** Read exactly `length` body bytes after the headers; returns the body and any early stream bytes. */
function readUpgradeBody(socket: Socket, head: Buffer, length: number): Promise<{ body: Buffer; extra: Buffer }> {
  return new Promise((resolve, reject) => {
    let buf = head;
    const done = (): boolean => {
      if (buf.length < length) return false;
      socket.removeListener('data', onData);
      socket.pause();
      resolve({ body: buf.subarray(0, length), extra: buf.subarray(length) });
      return true;
    };
    const onData = (c: Buffer): void => { buf = Buffer.concat([buf, c]); if (done()) clearTimeout(timer); };
    // After an upgrade Node's server timeouts no longer apply: a body that never comes must not hold the socket.
    const timer = setTimeout(() => { socket.removeListener('data', onData); reject(new Error('request body not received within 30 s')); }, 30_000);
    if (done()) { clearTimeout(timer); return; }
    socket.on('data', onData);
    socket.once('end', () => { clearTimeout(timer); reject(new Error('connection closed before the body was complete')); });
    socket.resume();
  });
}

export async function handleUpgrade(rt: GuardRuntime, listener: ListenerConfig, req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
  const ctx: GuardContext = {
    id: rt.newId(), started: performance.now(), listener, routeId: '-',
    source: sourceOf(listener, socket.remoteAddress, socket.remotePort),
  };
  const method = req.method ?? '';
  const raw = req.url ?? '';
  socket.on('error', () => socket.destroy());
  const refuse = async (d: Decision, status: number): Promise<void> => {
    socketDenial(socket, d, status);
    await recordDenial(rt, ctx, method, raw, d, status);
  };
  try {
    const auth = authenticate(listener, socket, req.headers, rt.tokens);
    if (!auth.ok) {
      rt.metrics.authFailures++;
      rt.events.emit('guard.auth.failed', { request: ctx.id, source: ctx.source, reason: auth.reason });
      return await refuse(deny('auth', auth.reason), 401);
    }
    ctx.subject = auth.subject;
    if (String(req.headers.upgrade ?? '').toLowerCase() !== 'tcp') return await refuse(deny('request.upgrade', `Upgrade "${String(req.headers.upgrade)}" is not supported; only Upgrade: tcp (attach, exec)`, 'headers'), 400);
    if (formBodyOverridesQuery(method, req.headers['content-type'])) return await refuse(deny('request.framing', 'form-encoded bodies would add query parameters dockerd reads; send JSON', 'content-type'), 400);
    if (req.headers['transfer-encoding'] !== undefined) return await refuse(deny('request.framing', 'chunked bodies are not accepted on upgrade requests', 'headers'), 400);
    const clRaw = req.headers['content-length'] ?? '0';
    if (!/^\d{1,9}$/.test(clRaw)) return await refuse(deny('request.framing', 'Content-Length is not a plain number', 'headers'), 400);
    const length = Number(clRaw);
    const { policy, config } = rt.loaded;
    if (length > config.limits.bodyBytes) return await refuse(deny('request.body_limit', `body over ${config.limits.bodyBytes} bytes`, 'body'), 413);
    const pre = rt.reader.read(method, raw);
    if (!pre.ok) return await refuse(deny(pre.ruleId, pre.reason, 'target'), pre.status);
    ctx.routeId = pre.match.route.id;
    if (!pre.match.route.hijack) return await refuse(deny('request.upgrade', `route ${ctx.routeId} does not hijack; Upgrade is refused`, 'headers'), 400);
    const { body, extra } = await readUpgradeBody(socket, head, length);
    let resource;
    if (needsScope(policy, ctx.subject)) {
      resource = await lookupResource(rt.upstream, pre.match);
      if (resource === null) return await refuse(deny('policy.scope', 'no such resource', 'scope'), 404);
    }
    const existing = INTO_EXISTING.has(ctx.routeId) ? await lookupExisting(rt.upstream, pre.match) : undefined;
    const j = judge(rt.reader, policy, { subject: ctx.subject, method, rawTarget: raw, match: pre.match, body, upgrade: true,
      ...(resource ? { resource } : {}), ...(existing ? { existing } : {}) });
    if (j.decision.effect === 'deny' || !j.match || !j.version) return await refuse(j.decision, j.status);
    try { await rt.audit.write(auditEntry(rt, ctx, method, raw, j.decision, 'decided'), true); } catch (err) {
      return await refuse(deny('audit.failed', `the audit record could not be made durable: ${(err as Error).message}`), 503);
    }
    rt.events.emit('guard.request.allowed', { request: ctx.id, subject: ctx.subject.id, route: ctx.routeId, rule: j.decision.ruleId, role: j.decision.role });
    tunnel(rt, ctx, req, socket, j.decision, forwardTarget(j.match, j.version), j.body ?? Buffer.alloc(0), extra);
  } catch (err) {
    rt.events.emit('guard.request.failed', { request: ctx.id, route: ctx.routeId, error: (err as Error).message });
    await refuse(deny('guard.error', `the guard could not judge this request: ${(err as Error).message}`), 403);
  }
}

function tunnel(rt: GuardRuntime, ctx: GuardContext, req: IncomingMessage, socket: Socket, decision: Decision,
  path: string, body: Buffer, extra: Buffer): void {
  const headers = { ...forwardHeaders(req.headers), connection: 'Upgrade', upgrade: 'tcp', 'content-length': String(body.length) };
  const upReq = httpRequest({ ...rt.upstream.options(true), method: req.method, path, headers });
  let recorded = false;
  const done = (status: number): void => {
    if (recorded) return;
    recorded = true;
    rt.metrics.record(ctx.routeId, 'allow', (performance.now() - ctx.started) / 1000);
    rt.audit.write(auditEntry(rt, ctx, req.method ?? '', req.url ?? '', decision, 'completed', status), false)
      .catch((err: Error) => rt.log(`audit write failed: ${err.message}`));
  };
  upReq.on('upgrade', (upRes, upSock: Socket, upHead: Buffer) => {
    let prologue = `HTTP/1.1 ${upRes.statusCode} ${upRes.statusMessage}\r\n`;
    for (let i = 0; i < upRes.rawHeaders.length; i += 2) prologue += `${upRes.rawHeaders[i]}: ${upRes.rawHeaders[i + 1]}\r\n`;
    socket.write(prologue + '\r\n');
    if (upHead.length) socket.write(upHead);
    if (extra.length) upSock.write(extra);
    let closed = 0;
    const closeOne = (): void => {
      if (++closed === 2) {
        rt.events.emit('guard.stream.closed', { request: ctx.id, route: ctx.routeId, bytes_in: socket.bytesRead, bytes_out: socket.bytesWritten });
        done(upRes.statusCode ?? 101);
      }
    };
    socket.once('close', closeOne);
    upSock.once('close', closeOne);
    upSock.on('error', () => { socket.destroy(); upSock.destroy(); });
    socket.on('error', () => { socket.destroy(); upSock.destroy(); });
    // pipe() ends (half-closes) the destination when the source ends: stdin EOF one way, output EOF the other.
    socket.pipe(upSock);
    upSock.pipe(socket);
    socket.resume();
  });
  upReq.on('response', (upRes) => {
    // dockerd refused to upgrade (404, 409, ...): relay its answer as a normal response and close.
    const chunks: Buffer[] = [];
    upRes.on('data', (c: Buffer) => chunks.push(c));
    upRes.on('end', () => {
      const b = Buffer.concat(chunks);
      let head = `HTTP/1.1 ${upRes.statusCode} ${upRes.statusMessage}\r\n`;
      for (const [k, v] of Object.entries(upRes.headers)) {
        if (['connection', 'transfer-encoding', 'content-length', 'keep-alive'].includes(k) || v === undefined) continue;
        for (const one of Array.isArray(v) ? v : [v]) head += `${k}: ${one}\r\n`;
      }
      socket.end(`${head}content-length: ${b.length}\r\nconnection: close\r\n\r\n${b.toString('latin1')}`, 'latin1');
      done(upRes.statusCode ?? 502);
    });
  });
  upReq.on('error', (err) => {
    rt.metrics.upstreamErrors++;
    rt.events.emit('guard.upstream.failed', { request: ctx.id, route: ctx.routeId, error: err.message });
    socketDenial(socket, deny('upstream', `the Docker engine behind the guard is unreachable: ${err.message}`), 502);
    done(502);
  });
  upReq.end(body);
}
