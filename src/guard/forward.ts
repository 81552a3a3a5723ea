// Forward one judged request to the engine and relay the answer: the canonical target, headers and body
// go out through the upstream pool; the response streams back chunk by chunk with backpressure (events,
// logs -f and pulls never buffer), except list answers that are filtered to what the subject may see.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { pipeline, type Readable, type Writable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { deny, visibleTo, type Decision } from '../core/policy/index.js';
import { Coalescer } from './coalesce.js';
import { eventFilter, filterList } from './facts.js';
import { forwardHeaders, responseHeaders } from './forward-util.js';
import { auditEntry, sendDenial } from './respond.js';
import type { GuardContext, GuardRuntime } from './runtime.js';

/** Ends the upstream exchange (client gone mid-stream); safe to call before the pool has started it. */
export type AbortUpstream = () => void;

/** Bytes queued towards the client before the engine's side is paused (bounded memory per stream). */
const PAUSE_AT = 256 * 1024;

/** How the response body is relayed: straight through, through the events filter, or collected for a list filter. */
type Relay = 'stream' | 'events' | 'list';

export function forward(rt: GuardRuntime, ctx: GuardContext, req: IncomingMessage, res: ServerResponse, decision: Decision,
  path: string, body: Buffer | undefined, streamBody: boolean): { abort: AbortUpstream } {
  const method = req.method ?? '';
  const headers = forwardHeaders(req.headers);
  if (body) headers['content-length'] = String(body.length);
  else if (streamBody && req.headers['content-length'] !== undefined) headers['content-length'] = req.headers['content-length'];
  const maxVersion = rt.loaded.policy.maxVersion;
  let controller: Dispatcher.DispatchController | undefined;
  let gone = false;
  let status = 502;
  let relay: Relay = 'stream';
  let out: Writable = res;
  let collected: Buffer[] = [];
  let collectedBytes = 0;
  let listHeaders: Record<string, string | string[]> = {};
  let finished = false;
  // One completion record per request, whichever way it ends (answered, engine failed, client gone).
  const finish = (): void => {
    if (finished) return;
    finished = true;
    rt.metrics.record(ctx.routeId, 'allow', (performance.now() - ctx.started) / 1000);
    rt.audit.write(auditEntry(rt, ctx, method, req.url ?? '', decision, 'completed', status), false)
      .catch((err: Error) => rt.log(`audit write failed: ${err.message}`));
  };
  const onDrain = (): void => { controller?.resume(); };
  const start = (upHeaders: IncomingHttpHeaders): void => {
    if (decision.filterList && status === 200 && ctx.routeId === 'system.events') {
      relay = 'events';
      res.writeHead(status, responseHeaders(upHeaders, maxVersion, false));
      res.flushHeaders();
      const filter = eventFilter((r) => visibleTo(rt.loaded.policy, ctx.subject!, r));
      filter.pipe(res);
      out = filter;
      return;
    }
    if (decision.filterList && status === 200) { relay = 'list'; listHeaders = responseHeaders(upHeaders, maxVersion, false); return; }
    res.writeHead(status, responseHeaders(upHeaders, maxVersion, true));
    // Streams (events, logs -f, wait) need their headers now; small answers go out in one write.
    if (upHeaders['content-length'] === undefined) res.flushHeaders();
  };
  const handler: Dispatcher.DispatchHandler = {
    onRequestStart(c) { controller = c; if (gone) c.abort(new Error('client went away')); },
    onResponseStart(c, statusCode, upHeaders) {
      if (statusCode < 200) return; // 1xx: dockerd sends none we forward (Expect is never passed on)
      status = statusCode;
      try { start(upHeaders); } catch (err) {
        rt.log(`cannot relay the response of ${ctx.routeId}: ${(err as Error).message}`);
        c.abort(err as Error);
      }
    },
    onResponseData(c, chunk) {
      if (relay === 'list') {
        collectedBytes += chunk.length;
        if (collectedBytes > rt.loaded.config.limits.listBytes) {
          // Filtering needs the whole list in memory: past the cap, refuse rather than hold it.
          collected = [];
          relay = 'stream';
          gone = true;
          c.abort(new Error('list over the limit'));
          rt.events.emit('guard.request.failed', { request: ctx.id, route: ctx.routeId, error: `list answer over limits.listBytes (${rt.loaded.config.limits.listBytes} bytes)` });
          sendDenial(res, deny('upstream', `the engine's list answer is larger than limits.listBytes (${rt.loaded.config.limits.listBytes} bytes), `
            + 'which the guard must hold to filter it for this subject; narrow the list with filters or raise limits.listBytes', 'body'), 502, true);
          status = 502;
          finish();
          return;
        }
        collected.push(chunk);
        return;
      }
      // Pause the engine only once a good amount waits for the client: undici re-reads its whole socket buffer
      // on every resume, so pausing at each full 16 KiB write (TLS clients) made a 200 MB save quadratic.
      if (!out.write(chunk) && out.writableLength >= PAUSE_AT && !c.paused) { c.pause(); out.once('drain', onDrain); }
    },
    onResponseEnd() {
      if (relay === 'list') {
        let text: Buffer;
        try {
          const filtered = filterList(ctx.routeId, JSON.parse(Buffer.concat(collected).toString('utf8')),
            (r) => visibleTo(rt.loaded.policy, ctx.subject!, r));
          text = Buffer.from(JSON.stringify(filtered ?? emptyList(ctx.routeId)) + '\n');
        } catch { text = Buffer.from(JSON.stringify(emptyList(ctx.routeId)) + '\n'); }
        collected = [];
        res.writeHead(status, { ...listHeaders, 'content-length': text.length });
        res.end(text);
      } else out.end();
      finish();
    },
    onResponseError(_c, err) {
      if (gone) return;
      if (!res.headersSent) {
        rt.metrics.upstreamErrors++;
        rt.events.emit('guard.upstream.failed', { request: ctx.id, route: ctx.routeId, error: err.message });
        sendDenial(res, deny('upstream', `the Docker engine behind the guard is unreachable: ${err.message}`), 502, true);
        status = 502;
      } else res.destroy();
      finish();
    },
  };
  rt.upstream.dispatch({
    origin: 'http://docker', method: method as Dispatcher.HttpMethod, path, headers,
    body: body ?? (streamBody ? coalesced(req) : null),
  }, handler);
  return {
    abort: () => {
      gone = true;
      controller?.abort(new Error('client went away'));
      if (!res.headersSent) status = 0; // no answer went out: the client left first
      finish();
    },
  };
}


/** What a scoped subject sees when the list cannot be read: nothing, in the list's own shape. */
function emptyList(routeId: string): unknown {
  if (routeId === 'volume.list') return { Volumes: [], Warnings: null };
  return routeId === 'system.df' ? { LayersSize: 0, Images: [], Containers: [], Volumes: [], BuildCache: [] } : [];
}

/** The upload body in larger writes; an aborted client destroys it, which ends the engine's exchange too. */
function coalesced(req: IncomingMessage): Readable {
  const c = new Coalescer();
  pipeline(req, c, () => undefined);
  return c;
}
