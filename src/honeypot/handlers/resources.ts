// Volumes and networks: small believable lists (local driver, the default bridge/host/none networks) with
// create/inspect/remove consistent within the session. Attackers rarely go further than listing them.
import {
  boolFilter, decodeBody, decoderMessage, decodeVolumeCreate, exactMatch, filterMatch, filterValues, goParseBool,
  labelsMatch, localVolumeNameError,
} from '../../core/docker-api/index.js';
import { field, truthy, type Handler } from '../context.js';
import { badContentType } from './containers.js';
import { findForVerb } from './objects.js';
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

const EOF_BODY = 'got EOF while reading request body';

export const volumeCreate: Handler = (ctx) => {
  if (badContentType(ctx)) return;
  const decoded = decodeVolumeCreate(ctx.body);
  const body = (decoded.value ?? {}) as Record<string, unknown>;
  const n = field(body, 'Name');
  const name = typeof n === 'string' && n !== '' ? n : stableHex('vol', String(ctx.now()), ctx.session.id);
  if (decoded.error) {
    // Decoder errors are 400 (InvalidParameter); the local driver's option check is prefixed like its other refusals.
    const given = /"Name"\s*:\s*"([^"\\]*)"/.exec(ctx.body.toString('utf8'))?.[1] ?? name;
    ctx.res.error(400, decoded.error.kind === 'invalid' ? `create ${given}: ${decoded.error.message}` : decoderMessage(decoded.error, EOF_BODY));
    return;
  }
  const driver = field(body, 'Driver');
  const invalidName = typeof n === 'string' && n !== '' && (driver === undefined || driver === '' || driver === 'local') ? localVolumeNameError(n) : undefined;
  if (invalidName) {
    ctx.res.error(400, `create ${n as string}: ${invalidName}`);
    return;
  }
  const map = volumes(ctx);
  const labels = field(body, 'Labels');
  const given = labels && typeof labels === 'object' && !Array.isArray(labels) ? Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])) : null;
  if (!map.has(name) && map.size < ctx.cfg.limits.maxObjectsPerSession) map.set(name, volumeView(name, ctx.now(), given));
  ctx.res.json(201, map.get(name) ?? volumeView(name, ctx.now()));
};

export const volumeDelete: Handler = (ctx) => {
  // With force, a volume that does not exist is "removed" all the same.
  if (volumes(ctx).delete(ctx.params.name ?? '') || truthy(ctx.query.force)) ctx.res.empty(204);
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
  const verbose = ctx.query.verbose ? goParseBool(ctx.query.verbose) : undefined;
  if (verbose && !verbose.ok) {
    ctx.res.error(400, `invalid value for verbose: ${ctx.query.verbose ?? ''}: ${verbose.error}`);
    return;
  }
  // A scope other than the network's (all the trap's are local) finds nothing.
  const scope = ctx.query.scope ?? '';
  const n = networks(ctx).find((x) => (x.Name === id || String(x.Id).startsWith(id)) && (scope === '' || scope === x.Scope));
  if (n) ctx.res.json(200, n);
  else ctx.res.error(404, `network ${id} not found`);
};

const PREDEFINED = new Set(['bridge', 'host', 'none']);

export const networkCreate: Handler = (ctx) => {
  if (badContentType(ctx)) return;
  const decoded = decodeBody('networkCreate', ctx.body, EOF_BODY);
  if (decoded.error) {
    ctx.res.error(400, decoded.error.message);
    return;
  }
  const name = String(decoded.value?.Name ?? '');
  if (name === '') {
    ctx.res.error(500, 'invalid name: ');
    return;
  }
  if (PREDEFINED.has(name)) {
    ctx.res.error(403, `operation is not permitted on predefined ${name} network `);
    return;
  }
  ctx.res.json(201, { Id: stableHex('net', ctx.session.id, String(ctx.now())), Warning: '' });
};

/** `POST /networks/{id}/connect|disconnect`: content type, body, container (400 empty, 404 unknown), then host rules. */
export const networkAttach: Handler = (ctx) => {
  if (badContentType(ctx)) return;
  const connect = ctx.routeId === 'network.connect';
  const decoded = decodeBody(connect ? 'networkConnect' : 'networkDisconnect', ctx.body, EOF_BODY);
  if (decoded.error) {
    ctx.res.error(400, decoded.error.message);
    return;
  }
  const c = findForVerb(ctx, String(decoded.value?.Container ?? ''));
  if (!c) return;
  const net = ctx.params.id ?? '';
  if (net === 'host' && connect) ctx.res.error(400, 'container cannot be disconnected from host network or connected to host network');
  else if (net === 'host') ctx.res.error(500, `container ${c.id} is not connected to the network host`);
  else ctx.res.empty(200);
};

/** `DELETE /networks/{id}`: the predefined networks cannot go (403), others are unknown to the trap. */
export const networkDelete: Handler = (ctx) => {
  const id = ctx.params.id ?? '';
  const n = networks(ctx).find((x) => x.Name === id || String(x.Id).startsWith(id));
  if (n) ctx.res.error(403, `${String(n.Name)} is a pre-defined network and cannot be removed`);
  else ctx.res.error(404, `network ${id} not found`);
};
