// System endpoints: _ping (HEAD and GET with the engine's headers), version, info, events, df, auth, OPTIONS.
// These are what scanners and Metasploit's check read, so they come from the one engine profile.
import { apiLess } from '../config.js';
import { truthy, type Handler } from '../context.js';
import type { DockerEvent } from '../state.js';

export const ping: Handler = (ctx) => {
  ctx.res.text(200, ctx.method === 'HEAD' ? '' : 'OK', ctx.profile.pingHeaders);
};

export const version: Handler = (ctx) => {
  ctx.res.json(200, ctx.profile.versionBody());
};

export const info: Handler = (ctx) => {
  ctx.res.json(200, ctx.profile.infoBody(ctx.session.state, new Date(ctx.now())));
};

/** `OPTIONS` on any path: dockerd's CORS preflight route answers 200 with no body. */
export const options: Handler = (ctx) => {
  ctx.res.empty(200);
};

/** `GET /events`: this session's engine events since `since`, then live ones until `until` (bounded). */
export const events: Handler = (ctx) => {
  const state = ctx.session.state;
  const now = ctx.now();
  const since = Number(ctx.query.since);
  const until = Number(ctx.query.until);
  let types: string[] = [];
  try {
    const f = ctx.query.filters ? JSON.parse(ctx.query.filters) as Record<string, unknown> : {};
    const t = f.type;
    types = Array.isArray(t) ? t.map(String) : t && typeof t === 'object' ? Object.keys(t) : [];
  } catch { types = []; }
  const stream = ctx.res.stream(200, 'application/json');
  const send = (e: DockerEvent) => { if (types.length === 0 || types.includes(e.Type)) stream.write(`${JSON.stringify(e)}\n`); };
  if (Number.isFinite(since)) for (const e of state.dockerEvents) if (e.time >= since && (!Number.isFinite(until) || e.time <= until)) send(e);
  const ms = Number.isFinite(until) && until > 0 ? Math.max(0, Math.min(600_000, until * 1000 - now)) : 600_000;
  if (ms === 0) {
    stream.end();
    return;
  }
  state.eventListeners.add(send);
  const t = setTimeout(() => stream.end(), ms);
  t.unref?.();
  stream.onClose(() => { clearTimeout(t); state.eventListeners.delete(send); });
};

export const systemDf: Handler = (ctx) => {
  const state = ctx.session.state;
  const images = [...state.images.values()];
  ctx.res.json(200, {
    LayersSize: images.reduce((n, i) => n + i.size, 0),
    Images: images.map((i) => ({ Id: i.id, ParentId: '', RepoTags: [i.ref], RepoDigests: [], Created: Math.floor(i.created / 1000), Size: i.size, SharedSize: 0, VirtualSize: i.size, Labels: null, Containers: 0 })),
    Containers: [...state.containers.values()].map((c) => ({ Id: c.id, Names: [`/${c.name}`], Image: c.image, ImageID: c.imageId, Command: '', Created: Math.floor(c.created / 1000), SizeRw: 0, SizeRootFs: 0, State: c.status, Status: '' })),
    Volumes: [], BuildCache: [], ...(apiLess(ctx.profile.apiVersion, '1.42') ? { BuilderSize: 0 } : {}),
  });
};

export const auth: Handler = (ctx) => {
  // Credentials are attacker property; the request event keeps only a body hash of what it would reveal.
  ctx.res.json(200, { IdentityToken: '', Status: 'Login Succeeded' });
};

/** Routes a default engine does not serve (debug endpoints, build, swarm, plugins): as dockerd answers them. */
export const notServed: Handler = (ctx) => {
  if (ctx.routeId.startsWith('debug.')) {
    ctx.res.pageNotFound();
    return;
  }
  if (/^(swarm|service|node|task|secret|config)\./.test(ctx.routeId)) {
    ctx.res.error(503, 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.');
    return;
  }
  if (ctx.routeId.endsWith('.list') || ctx.routeId === 'image.search') {
    ctx.res.json(200, []);
    return;
  }
  if (ctx.routeId.startsWith('build.') || ctx.routeId === 'image.load' || ctx.routeId === 'session.start' || ctx.routeId === 'grpc.serve') {
    ctx.res.error(500, 'failed to read build context: unexpected EOF');
    return;
  }
  ctx.res.error(truthy(ctx.query.force) ? 409 : 404, `No such object: ${Object.values(ctx.params)[0] ?? ''}`);
};
