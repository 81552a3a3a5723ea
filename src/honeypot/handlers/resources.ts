// Volumes and networks: small believable lists (local driver, the default bridge/host/none networks) with
// create/inspect/remove consistent within the session. Attackers rarely go further than listing them.
import { boolFilter, exactMatch, filterMatch, filterValues, labelsMatch } from '../../core/docker-api/index.js';
import { field, jsonBody, type Handler } from '../context.js';
import { requestFilters } from '../list-filters.js';
import { stableHex } from '../ids.js';

const VOLUMES = new WeakMap<object, Map<string, Record<string, unknown>>>();

function volumes(ctx: Parameters<Handler>[0]): Map<string, Record<string, unknown>> {
  let v = VOLUMES.get(ctx.session);
  if (!v) {
    v = new Map();
    for (const name of [stableHex(ctx.cfg.sensor, 'vol', '1'), 'pgdata']) v.set(name, volumeView(name, ctx.now() - 86_400_000 * 30));
    VOLUMES.set(ctx.session, v);
  }
  return v;
}

function volumeView(name: string, created: number, labels: Record<string, string> | null = null): Record<string, unknown> {
  return { CreatedAt: new Date(created).toISOString().replace(/\.\d{3}Z$/, 'Z'), Driver: 'local', Labels: labels, Mountpoint: `/var/lib/docker/volumes/${name}/_data`,
    Name: name, Options: null, Scope: 'local' };
}

export const volumeList: Handler = (ctx) => {
  const f = requestFilters(ctx);
  if (!f) return;
  // No session container mounts a decoy volume, so every volume is dangling.
  const dangling = !f.has('dangling') || exactMatch(f, 'dangling', 'true') || exactMatch(f, 'dangling', '1');
  const rows = [...volumes(ctx).values()]
    .filter(() => dangling)
    .filter((v) => filterMatch(f, 'name', String(v.Name)))
    .filter((v) => filterValues(f, 'driver').length === 0 || filterValues(f, 'driver').includes(String(v.Driver)))
    .filter((v) => labelsMatch(filterValues(f, 'label'), v.Labels as Record<string, string> | null));
  ctx.res.json(200, { Volumes: rows, Warnings: null });
};

export const volumeInspect: Handler = (ctx) => {
  const v = volumes(ctx).get(ctx.params.name ?? '');
  if (v) ctx.res.json(200, v);
  else ctx.res.error(404, `get ${ctx.params.name ?? ''}: no such volume`);
};

export const volumeCreate: Handler = (ctx) => {
  let body: Record<string, unknown> | undefined;
  try { body = jsonBody(ctx); } catch { body = {}; }
  const n = field(body, 'Name');
  const name = typeof n === 'string' && n !== '' ? n : stableHex('vol', String(ctx.now()), ctx.session.id);
  const map = volumes(ctx);
  const labels = field(body, 'Labels');
  const given = labels && typeof labels === 'object' && !Array.isArray(labels) ? Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])) : null;
  if (!map.has(name) && map.size < ctx.cfg.limits.maxObjectsPerSession) map.set(name, volumeView(name, ctx.now(), given));
  ctx.res.json(201, map.get(name) ?? volumeView(name, ctx.now()));
};

export const volumeDelete: Handler = (ctx) => {
  if (volumes(ctx).delete(ctx.params.name ?? '')) ctx.res.empty(204);
  else ctx.res.error(404, `get ${ctx.params.name ?? ''}: no such volume`);
};

function networks(ctx: Parameters<Handler>[0]): Record<string, unknown>[] {
  const created = new Date(ctx.session.openedAt - 86_400_000 * 30).toISOString();
  const net = (name: string, driver: string, ipam: unknown[]) => ({ Name: name, Id: stableHex(ctx.cfg.sensor, 'net', name), Created: created, Scope: 'local',
    Driver: driver, EnableIPv6: false, IPAM: { Driver: 'default', Options: null, Config: ipam }, Internal: false, Attachable: false, Ingress: false,
    ConfigFrom: { Network: '' }, ConfigOnly: false, Containers: {}, Options: name === 'bridge' ? { 'com.docker.network.bridge.default_bridge': 'true',
      'com.docker.network.bridge.name': 'docker0', 'com.docker.network.driver.mtu': '1500' } : {}, Labels: {} });
  return [net('bridge', 'bridge', [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }]), net('host', 'host', []), net('none', 'null', [])];
}

export const networkList: Handler = (ctx) => {
  const f = requestFilters(ctx);
  if (!f) return;
  // The trap's networks are the three predefined ones: built in, never dangling, no labels.
  const type = filterValues(f, 'type');
  const rows = networks(ctx)
    .filter(() => boolFilter(f, 'dangling') !== true && (type.length === 0 || type.includes('builtin')))
    .filter((n) => filterMatch(f, 'name', String(n.Name)) && filterMatch(f, 'id', String(n.Id)))
    .filter((n) => filterValues(f, 'driver').length === 0 || filterValues(f, 'driver').includes(String(n.Driver)))
    .filter((n) => filterValues(f, 'scope').length === 0 || filterValues(f, 'scope').includes(String(n.Scope)))
    .filter((n) => labelsMatch(filterValues(f, 'label'), n.Labels as Record<string, string>));
  ctx.res.json(200, rows);
};

export const networkInspect: Handler = (ctx) => {
  const id = ctx.params.id ?? '';
  const n = networks(ctx).find((x) => x.Name === id || String(x.Id).startsWith(id));
  if (n) ctx.res.json(200, n);
  else ctx.res.error(404, `network ${id} not found`);
};

export const networkCreate: Handler = (ctx) => {
  ctx.res.json(201, { Id: stableHex('net', ctx.session.id, String(ctx.now())), Warning: '' });
};
