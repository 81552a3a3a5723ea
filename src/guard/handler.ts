// The HTTP request path: authenticate -> route -> read body (JSON routes only, capped) -> pre-flight facts ->
// judge -> binds re-resolved at start -> durable audit for writes -> forward (forward.ts) and stream back.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkBindsAtStart, comparesRealPaths, deny, endpointNetworks, hostPathSources, INTO_EXISTING, namedVolumes, referencedResources, type Decision } from '../core/policy/index.js';
import { resolveRealPaths } from './real-paths.js';
import { authenticate } from './auth.js';
import { formBodyOverridesQuery } from './core-reader.js';
import type { ListenerConfig } from './config.js';
import { countOwned, lookupBindSources, lookupExisting, lookupNetworks, lookupRefs, lookupResource, lookupVolumes, needsCount, needsScope } from './facts.js';
import { serialize } from './serialize.js';
import { BodyTooLarge, forwardTarget, framingProblem, readBody } from './forward-util.js';
import { forward } from './forward.js';
import { hasJsonBody, judge } from './judge.js';
import { auditEntry, recordDenial, sendDenial } from './respond.js';
import { sourceOf, WRITE_METHODS, type GuardContext, type GuardRuntime } from './runtime.js';

export async function handleHttp(rt: GuardRuntime, listener: ListenerConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx: GuardContext = {
    id: rt.newId(), started: performance.now(), listener, routeId: '-',
    source: sourceOf(listener, req.socket.remoteAddress, req.socket.remotePort),
  };
  const method = req.method ?? '';
  const raw = req.url ?? '';
  rt.metrics.inFlight++;
  // One close listener per request: in-flight count, and a client gone mid-exchange ends the upstream one.
  let upstream: { abort: () => void } | undefined;
  res.once('close', () => {
    rt.metrics.inFlight--;
    if (upstream && !res.writableFinished) upstream.abort();
  });
  const refuse = async (d: Decision, status: number, close = false): Promise<void> => {
    // An unread body would be parsed as the next request: drain it and close, unless there is none.
    const hasBody = (req.headers['content-length'] ?? '0') !== '0' || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.complete) close = true;
    req.resume();
    sendDenial(res, d, status, close);
    await recordDenial(rt, ctx, method, raw, d, status);
  };
  try {
    const auth = authenticate(listener, req.socket, req.headers, rt.tokens);
    if (!auth.ok) {
      rt.metrics.authFailures++;
      rt.events.emit('guard.auth.failed', { request: ctx.id, source: ctx.source, reason: auth.reason });
      return await refuse(deny('auth', auth.reason), 401);
    }
    ctx.subject = auth.subject;
    const framing = framingProblem(req);
    if (framing) return await refuse(deny('request.framing', framing, 'headers'), 400, true);
    if (formBodyOverridesQuery(method, req.headers['content-type'])) {
      return await refuse(deny('request.framing', 'form-encoded bodies would add query parameters dockerd reads; send JSON', 'content-type'), 400, true);
    }
    if (method === 'OPTIONS') return await refuse(deny('request.method', 'OPTIONS (CORS preflight) is not served by the guard', 'method'), 405);
    const { policy, config } = rt.loaded;
    const pre = rt.reader.read(method, raw);
    if (!pre.ok) return await refuse(deny(pre.ruleId, pre.reason, 'target'), pre.status);
    const route = pre.match.route;
    ctx.routeId = route.id;
    const json = hasJsonBody(pre.match);
    let body: Buffer | undefined;
    if (json) {
      try { body = await readBody(req, config.limits.bodyBytes); } catch (err) {
        if (err instanceof BodyTooLarge) return await refuse(deny('request.body_limit', err.message, 'body'), 413, true);
        throw err;
      }
    }
    const streamBody = !json && (route.bodyKind === 'tar' || route.bodyKind === 'binary');
    if (!json && !streamBody) req.resume();
    let resource;
    const scoped = needsScope(policy, ctx.subject);
    if (scoped) {
      resource = await lookupResource(rt.upstream, pre.match);
      if (resource === null) return await refuse(deny('policy.scope', `no such resource: ${pre.match.params.id ?? pre.match.params.name ?? ''}`, 'scope'), 404);
    }
    // exec/start/attach/archive: the container acted on must be one this subject's role could have created.
    const existing = INTO_EXISTING.has(route.id) ? await lookupExisting(rt.upstream, pre.match) : undefined;
    let owned;
    if (route.id === 'container.create' && needsCount(policy, ctx.subject)) {
      // Count and create one at a time per subject, else parallel creates all see the same count (maxContainers race).
      const release = await serialize(rt, `create:${ctx.subject.id}`);
      if (res.closed) release(); else res.once('close', release);
      owned = await countOwned(rt.upstream, ctx.subject);
    }
    // Named volumes in a create body may already exist bind-backed: look up what they are before judging.
    // So may the networks it attaches to (an endpoint on the host-driver network is the host namespace).
    // Bind sources are resolved on the host (symlinks followed) when the engine is local; else binds are refused.
    let volumes;
    let networks;
    let realPaths;
    let refs;
    if ((route.id === 'container.create' || route.id === 'volume.create' || (scoped && REF_ROUTES.has(route.id))) && body && body.length > 0) {
      const pre2 = rt.reader.decode(route, body, pre.match.target.version ?? policy.maxVersion);
      // Resources the body names (volumes, volumes-from, networks, ...) must be in a scoped subject's scope.
      if (pre2.ok && scoped) refs = await lookupRefs(rt.upstream, referencedResources(route.id, pre2.value));
      if (pre2.ok && (route.id === 'container.create' || route.id === 'volume.create')) {
        if (route.id === 'container.create') {
          volumes = await lookupVolumes(rt.upstream, namedVolumes(pre2.value));
          networks = await lookupNetworks(rt.upstream, endpointNetworks(pre2.value));
        }
        const sources = hostPathSources(route.id, pre2.value, volumes);
        if (rt.upstream.local && sources.length > 0) realPaths = resolveRealPaths(policy, sources);
      }
    }
    const j = judge(rt.reader, policy, {
      subject: ctx.subject, method, rawTarget: raw, match: pre.match, ...(body ? { body } : {}),
      ...(resource ? { resource } : {}), ...(owned !== undefined ? { ownedContainers: owned } : {}), ...(volumes ? { volumes } : {}),
      ...(networks ? { networks } : {}), ...(realPaths ? { realPaths } : {}), ...(refs ? { refs } : {}),
      ...(existing ? { existing } : {}),
    });
    if (j.decision.effect === 'deny' || !j.match || !j.version) return await refuse(j.decision, j.status);
    if (START_ROUTES.has(route.id) && rt.upstream.local && j.decision.role !== undefined) {
      const d = await bindsAtStart(rt, j.decision.role, pre.match.params.id ?? '');
      if (d) return await refuse(d, 403);
    }
    if (route.hijack && !(route.id === 'exec.start' && (j.body ? (JSON.parse(j.body.toString('utf8')) as { Detach?: unknown }).Detach === true : false))) {
      return await refuse(deny('request.hijack', 'attach/exec streams need the Upgrade: tcp header (as the docker CLI sends)', 'headers'), 400);
    }
    if (WRITE_METHODS.has(method)) {
      try { await rt.audit.write(auditEntry(rt, ctx, method, raw, j.decision, 'decided'), true); } catch (err) {
        return await refuse(deny('audit.failed', `the audit record could not be made durable: ${(err as Error).message}`), 503);
      }
    }
    if (rt.eventsOn) rt.events.emit('guard.request.allowed', { request: ctx.id, subject: ctx.subject.id, route: route.id, rule: j.decision.ruleId, role: j.decision.role });
    upstream = forward(rt, ctx, req, res, j.decision, forwardTarget(j.match, j.version), j.body, streamBody);
  } catch (err) {
    rt.events.emit('guard.request.failed', { request: ctx.id, route: ctx.routeId, error: (err as Error).message });
    await refuse(deny('guard.error', `the guard could not judge this request: ${(err as Error).message}`), 403, true);
  }
}


/** Routes whose body names other resources (scope-refs.ts): decoded before judging for scoped subjects. */
const REF_ROUTES: ReadonlySet<string> = new Set(['container.create', 'volume.create', 'network.connect', 'network.disconnect']);

/** Routes at which the engine mounts a container's binds again (resolving symlinks anew). */
const START_ROUTES: ReadonlySet<string> = new Set(['container.start', 'container.restart']);

/** Re-resolve the bind sources of the container about to start against the allowing role's prefixes. */
async function bindsAtStart(rt: GuardRuntime, roleName: string, id: string): Promise<Decision | undefined> {
  const role = rt.loaded.policy.roles.get(roleName);
  if (!role || role.container.hostPaths.length === 0 || !comparesRealPaths(role)) return undefined;
  const sources = await lookupBindSources(rt.upstream, id); // undefined: no such container, dockerd answers
  if (!sources || sources.length === 0) return undefined;
  return checkBindsAtStart(role, sources, resolveRealPaths(rt.loaded.policy, sources));
}
