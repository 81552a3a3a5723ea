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
import type { EmuContainer } from '../state.js';

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

const PREDEFINED = new Set(['bridge', 'host', 'none']);

type NetworkView = Record<string, unknown> & { readonly Name: string; readonly Id: string };
const NETWORKS = new WeakMap<object, NetworkView[]>();
/** The predefined networks' views (built in: never dangling, never removed). */
const BUILTIN = new WeakSet<NetworkView>();

function networkView(name: string, id: string, created: string, driver: string, ipam: unknown[], extra: Partial<Record<string, unknown>> = {}): NetworkView {
  return { Name: name, Id: id, Created: created, Scope: 'local', Driver: driver, EnableIPv6: false, IPAM: { Driver: 'default', Options: null, Config: ipam },
    Internal: false, Attachable: false, Ingress: false, ConfigFrom: { Network: '' }, ConfigOnly: false, Containers: {}, Options: {}, Labels: {}, ...extra };
}

/** The session's networks: the three predefined ones, then those it created (in creation order). */
function networks(ctx: Parameters<Handler>[0]): NetworkView[] {
  let list = NETWORKS.get(ctx.session);
  if (!list) {
    const created = new Date(ctx.session.openedAt - 86_400_000 * 30).toISOString();
    const id = (name: string) => stableHex(ctx.cfg.sensor, 'net', name);
    list = [
      networkView('bridge', id('bridge'), created, 'bridge', [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }], { Options: {
        'com.docker.network.bridge.default_bridge': 'true', 'com.docker.network.bridge.enable_icc': 'true', 'com.docker.network.bridge.enable_ip_masquerade': 'true',
        'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0', 'com.docker.network.bridge.name': 'docker0', 'com.docker.network.driver.mtu': '1500' } }),
      networkView('host', id('host'), created, 'host', []),
      networkView('none', id('none'), created, 'null', []),
    ];
    for (const n of list) BUILTIN.add(n);
    NETWORKS.set(ctx.session, list);
  }
  return list;
}

/**
 * libnetwork's lookup: a full id, then an exact name (more than one is ambiguous), then an id prefix. `ambiguous`
 * carries the count so each route can word it as dockerd does.
 */
export function findNetwork(ctx: Parameters<Handler>[0], ref: string): { net?: NetworkView; ambiguous?: number } {
  const all = networks(ctx);
  const byId = all.find((n) => n.Id === ref);
  if (byId) return { net: byId };
  const named = all.filter((n) => n.Name === ref);
  if (named.length > 1) return { ambiguous: named.length };
  if (named[0]) return { net: named[0] };
  const prefixed = ref === '' ? [] : all.filter((n) => n.Id.startsWith(ref));
  if (prefixed.length > 1) return { ambiguous: prefixed.length };
  return prefixed[0] ? { net: prefixed[0] } : {};
}

export const networkList: Handler = (ctx) => {
  const f = requestFilters(ctx);
  if (!f) return;
  // The predefined networks are built in; the session's own are custom and, with no container on them, dangling.
  const type = filterValues(f, 'type');
  const dangling = boolFilter(f, 'dangling');
  const rows = networks(ctx)
    .filter((n) => {
      const builtin = BUILTIN.has(n);
      return (dangling === undefined || dangling === !builtin) && (type.length === 0 || type.includes(builtin ? 'builtin' : 'custom'));
    })
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
  const found = findNetwork(ctx, id);
  if (found.ambiguous) ctx.res.error(400, `${found.ambiguous} matches found based on name: network ${id} is ambiguous`);
  else if (found.net && (scope === '' || scope === found.net.Scope)) ctx.res.json(200, found.net);
  else ctx.res.error(404, `network ${id} not found`);
};

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
  const v = decoded.value as Record<string, unknown>;
  const driver = typeof v.Driver === 'string' && v.Driver !== '' ? v.Driver : 'bridge';
  if (driver === 'host' || driver === 'null') {
    ctx.res.error(403, `only one instance of "${driver}" network is allowed`);
    return;
  }
  if (driver === 'overlay') {
    ctx.res.error(500, 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.');
    return;
  }
  if (driver !== 'bridge' && driver !== 'macvlan' && driver !== 'ipvlan') {
    ctx.res.error(404, `plugin "${driver}" not found`);
    return;
  }
  const list = networks(ctx);
  const same = list.find((n) => n.Name === name);
  if (same && v.CheckDuplicate === true) {
    ctx.res.error(409, `network with name ${name} already exists`);
    return;
  }
  if (list.length >= 3 + ctx.cfg.limits.maxObjectsPerSession) {
    ctx.res.error(500, 'could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network');
    return;
  }
  const id = stableHex('net', ctx.session.id, name, String(list.length), String(ctx.now()));
  // The default pools hand out 172.18.0.0/16, 172.19.0.0/16, ... in turn; a given IPAM config is kept as sent.
  const ipam = v.IPAM && typeof v.IPAM === 'object' ? (v.IPAM as Record<string, unknown>) : {};
  const given = Array.isArray(ipam.Config) && ipam.Config.length > 0 ? ipam.Config : undefined;
  const subnet = 15 + list.length;
  const config = given ?? (driver === 'bridge' ? [{ Subnet: `172.${subnet}.0.0/16`, Gateway: `172.${subnet}.0.1` }] : []);
  const labels = v.Labels && typeof v.Labels === 'object' ? v.Labels : {};
  const options = v.Options && typeof v.Options === 'object' ? v.Options : {};
  list.push(networkView(name, id, new Date(ctx.now()).toISOString(), driver, config, {
    EnableIPv6: v.EnableIPv6 === true, Internal: v.Internal === true, Attachable: v.Attachable === true, Labels: labels, Options: options,
    IPAM: { Driver: typeof ipam.Driver === 'string' && ipam.Driver !== '' ? ipam.Driver : 'default', Options: ipam.Options ?? null, Config: config },
  }));
  ctx.session.state.dockerEvent('network', 'create', id, { name, type: driver }, ctx.now());
  ctx.res.json(201, { Id: id, Warning: same ? `Network with name ${name} (id : ${same.Id}) already exists` : '' });
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
  else if (c.status === 'running') attachRunning(ctx, c, net, connect);
  // A container that does not run only has its settings noted: dockerd 20.10 checks nothing then.
  else ctx.res.empty(200);
};

/** libnetwork's answers for a running container: the network must exist, an endpoint is one per network, none is private. */
function attachRunning(ctx: Parameters<Handler>[0], c: EmuContainer, ref: string, connect: boolean): void {
  const n = findNetwork(ctx, ref).net;
  if (!n) {
    ctx.res.error(404, `network ${ref} not found`);
    return;
  }
  const attached = attachedNetworks(ctx, c);
  if (connect && attached.has(n.Name)) ctx.res.error(403, `endpoint with name ${c.name} already exists in network ${n.Name}`);
  else if (connect && (attached.has('none') || [...attached.keys()].some((k) => k.startsWith('container:')))) {
    ctx.res.error(400, 'container cannot be connected to multiple networks with one of the networks in private (none) mode');
  } else if (!connect && !attached.has(n.Name)) ctx.res.error(500, `container ${c.id} is not connected to network ${n.Name}`);
  else {
    if (connect) attached.set(n.Name, n.Id);
    else attached.delete(n.Name);
    ctx.session.state.dockerEvent('network', connect ? 'connect' : 'disconnect', n.Id, { container: c.id, name: n.Name, type: String(n.Driver) }, ctx.now());
    ctx.res.empty(200);
  }
}

/** The networks a container is on (its NetworkMode's until connect/disconnect changes them). */
export function attachedNetworks(ctx: Parameters<Handler>[0], c: EmuContainer): Map<string, string> {
  if (!c.networks) {
    const mode = typeof c.hostConfig.NetworkMode === 'string' && c.hostConfig.NetworkMode !== '' && c.hostConfig.NetworkMode !== 'default' ? c.hostConfig.NetworkMode : 'bridge';
    c.networks = new Map([[mode, findNetwork(ctx, mode).net?.Id ?? stableHex('net', mode)]]);
  }
  return c.networks;
}

/** `DELETE /networks/{id}`: the predefined networks cannot go (403); the session's own are removed. */
export const networkDelete: Handler = (ctx) => {
  const id = ctx.params.id ?? '';
  const found = findNetwork(ctx, id);
  if (found.ambiguous) {
    ctx.res.error(400, `network ${id} is ambiguous (${found.ambiguous} matches found based on name)`);
    return;
  }
  const n = found.net;
  if (!n) {
    ctx.res.error(404, `network ${id} not found`);
    return;
  }
  const list = networks(ctx);
  if (BUILTIN.has(n)) {
    ctx.res.error(403, `${n.Name} is a pre-defined network and cannot be removed`);
    return;
  }
  list.splice(list.indexOf(n), 1);
  ctx.session.state.dockerEvent('network', 'destroy', n.Id, { name: n.Name, type: String(n.Driver) }, ctx.now());
  ctx.res.empty(204);
};
