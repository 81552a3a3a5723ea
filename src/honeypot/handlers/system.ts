// System endpoints: _ping (HEAD and GET with the engine's headers), version, info, events, df, auth, OPTIONS.
// These are what scanners and Metasploit's check read, so they come from the one engine profile.
import { apiLess } from '../config.js';
import { type FilterArgs, filterValues, goAtoi, goQuote, parseFilterArgs, parseUnixTimestamp } from '../../core/docker-api/index.js';
import { truthy, type Handler } from '../context.js';
import { requestFilters } from '../list-filters.js';
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

type EventFilter = (e: DockerEvent) => boolean;

/** The filters `docker events --filter` sends: type, event (action), container, image, label, volume, network. */
export function eventFilter(args: FilterArgs): EventFilter {
  const f: Record<string, string[]> = {};
  for (const k of args.keys()) f[k] = filterValues(args, k);
  const known = new Set(['type', 'event', 'container', 'image', 'label', 'volume', 'network', 'daemon', 'plugin', 'scope', 'node', 'service', 'secret', 'config']);
  // 20.10 accepts unknown names (they match nothing); only malformed JSON is refused.
  for (const k of Object.keys(f)) if (!known.has(k)) return () => false;
  const any = (k: string, pred: (v: string) => boolean) => { const vs = f[k]; return !vs || vs.length === 0 || vs.some(pred); };
  return (e) => {
    const a = e.Actor.Attributes;
    const fuzzy = (x: string): boolean => e.Actor.ID.startsWith(x) || (a.name ?? '').startsWith(x);
    const action = e.Action.split(':')[0] ?? e.Action;
    return any('type', (t) => t === e.Type)
      && any('event', (x) => x === e.Action || x === action)
      // dockerd's fuzzyMatchName: the value is a prefix of the actor's id or name, whatever the event's type.
      && any('container', fuzzy)
      && any('image', (x) => {
        const img = a.image ?? (e.Type === 'image' ? a.name : undefined) ?? '';
        const bare = (s: string) => s.replace(/:latest$/, '');
        return img !== '' && (bare(img) === bare(x) || bare(e.Actor.ID) === bare(x));
      })
      && any('label', (l) => { const [k = '', v] = l.split('='); return v === undefined ? k in a : a[k] === v; })
      && any('volume', fuzzy)
      && any('network', fuzzy)
      && any('scope', (x) => x === 'local');
  };
}

/** `GET /events`: this session's engine events since `since`, then live ones until `until` (bounded), filtered. */
export const events: Handler = (ctx) => {
  const state = ctx.session.state;
  const now = ctx.now();
  // dockerd reads since/until as unix timestamps (the CLI converts durations and dates) before the filters.
  const times: (number | undefined)[] = [];
  for (const k of ['since', 'until'] as const) {
    const r = parseUnixTimestamp(ctx.query[k] ?? '', -1);
    if (!r.ok) {
      ctx.res.error(500, r.error);
      return;
    }
    times.push(ctx.query[k] ? r.value : undefined);
  }
  const [since, until] = times;
  if (until !== undefined && until < (since ?? Number.NEGATIVE_INFINITY)) {
    ctx.res.error(400, `\`since\` time (${ctx.query.since ?? ''}) cannot be after \`until\` time (${ctx.query.until ?? ''})`);
    return;
  }
  const args = requestFilters(ctx);
  if (!args) return;
  const match = eventFilter(args);
  const stream = ctx.res.stream(200, 'application/json');
  // The CLI sends whole seconds for `--until 0s`/durations: compare whole seconds then, so events of the current
  // second are not lost to the truncation.
  const wholeUntil = until !== undefined && Number.isInteger(until);
  const inWindow = (e: DockerEvent) => (until === undefined || (wholeUntil ? e.time <= until : e.timeNano / 1e9 <= until));
  const send = (e: DockerEvent) => { if (match(e) && inWindow(e)) stream.write(`${JSON.stringify(e)}\n`); };
  if (since !== undefined) for (const e of state.dockerEvents) if ((Number.isInteger(since) ? e.time : e.timeNano / 1e9) >= since) send(e);
  const ms = until !== undefined ? Math.max(0, Math.min(600_000, until * 1000 - now)) : 600_000;
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

/** `GET /images/search`: limit (strconv.Atoi) and filters are read as dockerd reads them (500s); the "registry" finds nothing. */
export const imageSearch: Handler = (ctx) => {
  const limit = ctx.query.limit ? goAtoi(ctx.query.limit) : undefined;
  if (limit && !limit.ok) {
    ctx.res.error(500, limit.error);
    return;
  }
  const f = parseFilterArgs(ctx.query.filters);
  if (!f.ok) {
    ctx.res.error(500, f.message);
    return;
  }
  ctx.res.json(200, []);
};

/** Routes a default engine does not serve (debug endpoints, build, swarm, plugins): as dockerd answers them. */
export const notServed: Handler = (ctx) => {
  if (ctx.routeId.startsWith('debug.')) {
    ctx.res.pageNotFound();
    return;
  }
  if (ctx.routeId === 'container.copy') {
    // Removed in API 1.24: dockerd's stub answers an empty 404.
    ctx.res.empty(404);
    return;
  }
  if (ctx.routeId === 'session.start') {
    ctx.res.error(400, 'no upgrade proto in request');
    return;
  }
  const swarmList = /^(service|node|task|secret|config)\.list$/.test(ctx.routeId) ? parseFilterArgs(ctx.query.filters) : undefined;
  if (swarmList && !swarmList.ok) {
    // Swarm lists read their filters before asking the (absent) cluster (services say 400, the others 500).
    ctx.res.error(ctx.routeId === 'service.list' ? 400 : 500, swarmList.message);
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
  if (/^plugin\.(inspect|delete|enable|disable|push|set)$/.test(ctx.routeId)) {
    // No plugin is installed; enable reads its timeout (strconv.Atoi) first.
    const timeout = ctx.routeId === 'plugin.enable' ? goAtoi(ctx.query.timeout ?? '') : undefined;
    if (timeout && !timeout.ok) ctx.res.error(500, timeout.error);
    else ctx.res.error(404, `plugin ${goQuote(ctx.params.name ?? '')} not found`);
    return;
  }
  ctx.res.error(truthy(ctx.query.force) ? 409 : 404, `No such object: ${Object.values(ctx.params)[0] ?? ''}`);
};
