// Container and image bookkeeping verbs dockerd answers without running anything: rename, pause/unpause, diff
// (changes), commit, tag, history, and the swarm verbs a stand-alone (non-swarm) node refuses.
import { filterValues, labelsMatch } from '../../core/docker-api/index.js';
import { field, jsonBody, strList, type Handler } from '../context.js';
import { uploadedPaths } from '../decoy-fs.js';
import { isRefError, parseImageRef } from '../image-ref.js';
import { requestFilters } from '../list-filters.js';
import { sha256Hex, stableHex } from '../ids.js';
import { recordAnalysis } from '../recorder.js';
import type { EmuContainer } from '../state.js';
import { lookupContainer } from './containers.js';

const NAME_RE = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const PAUSED = new WeakSet<EmuContainer>();

export const containerRename: Handler = (ctx) => {
  const c = lookupContainer(ctx);
  if (!c) return;
  const name = (ctx.query.name ?? '').replace(/^\//, '');
  if (name === '') {
    ctx.res.error(400, 'Neither old nor new names may be empty');
    return;
  }
  if (!NAME_RE.test(name)) {
    ctx.res.error(400, `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    return;
  }
  if (name === c.name) {
    ctx.res.error(400, 'Renaming a container with the same name as its current name');
    return;
  }
  const holder = [...ctx.session.state.containers.values()].find((x) => x.name === name);
  if (holder) {
    ctx.res.error(409, `Conflict. The container name "/${name}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`);
    return;
  }
  const old = c.name;
  c.name = name;
  ctx.session.state.dockerEvent('container', 'rename', c.id, { image: c.image, name, oldName: `/${old}` }, ctx.now());
  ctx.res.empty(204);
};

export const containerPause: Handler = (ctx) => {
  const c = lookupContainer(ctx);
  if (!c) return;
  const pausing = ctx.routeId === 'container.pause';
  if (c.status !== 'running') {
    ctx.res.error(409, `Container ${c.id} is not running`);
    return;
  }
  if (pausing === PAUSED.has(c)) {
    // dockerd's own inconsistency: "already paused" is a conflict, "not paused" an untyped (500) error.
    ctx.res.error(pausing ? 409 : 500, pausing ? `Container ${c.id} is already paused` : `Container ${c.id} is not paused`);
    return;
  }
  if (pausing) PAUSED.add(c);
  else PAUSED.delete(c);
  ctx.session.state.dockerEvent('container', pausing ? 'pause' : 'unpause', c.id, { image: c.image, name: c.name }, ctx.now());
  ctx.res.empty(204);
};

/** `docker diff`: null until something was uploaded, then the uploads (Kind 1 = added) and their parents (0 = changed). */
export const containerChanges: Handler = (ctx) => {
  const c = lookupContainer(ctx);
  if (!c) return;
  const added = uploadedPaths(c);
  if (added.length === 0) {
    ctx.res.json(200, null);
    return;
  }
  const parents = new Set<string>();
  for (const p of added) for (let d = p.slice(0, p.lastIndexOf('/')); d.length > 0; d = d.slice(0, d.lastIndexOf('/'))) parents.add(d);
  const rows = [...[...parents].filter((p) => !added.includes(p)).map((Path) => ({ Kind: 0, Path })), ...added.map((Path) => ({ Kind: 1, Path }))];
  ctx.res.json(200, rows.sort((a, b) => (a.Path < b.Path ? -1 : 1)));
};

/** `docker commit`: a new image id in this session (tagged when repo is given); the config changes are analysed. */
export const containerCommit: Handler = (ctx) => {
  const ref = ctx.query.container ?? '';
  const c = ctx.session.state.findContainer(ref);
  if (!c) {
    ctx.res.error(404, `No such container: ${ref}`);
    return;
  }
  let cfg: Record<string, unknown> | undefined;
  try { cfg = jsonBody(ctx); } catch { cfg = undefined; }
  const cmd = strList(field(cfg, 'Cmd'));
  const entrypoint = strList(field(cfg, 'Entrypoint'));
  const changes = strList(ctx.query.changes);
  if (cmd.length + entrypoint.length + changes.length > 0) {
    recordAnalysis(ctx.session, ctx.analyse, { cmd, entrypoint, script: changes.join('\n') }, { route: ctx.routeId, container: c.id, field: 'commit' });
  }
  const repo = ctx.query.repo ?? '';
  const tag = ctx.query.tag || 'latest';
  const id = `sha256:${stableHex(ctx.cfg.sensor, 'commit', c.id, String(ctx.now()))}`;
  if (repo !== '') {
    const parsed = parseImageRef(`${repo}:${tag}`);
    if (isRefError(parsed)) {
      ctx.res.error(400, parsed.error);
      return;
    }
    if (ctx.session.state.images.size < ctx.cfg.limits.maxObjectsPerSession) ctx.session.state.addImage(parsed.familiar, ctx.now(), undefined, id);
  }
  ctx.session.state.dockerEvent('container', 'commit', c.id, { comment: ctx.query.comment ?? '', image: c.image, name: c.name }, ctx.now());
  ctx.res.json(201, { Id: id });
};

export const imageTag: Handler = (ctx) => {
  const name = ctx.params.name ?? '';
  const img = ctx.session.state.findImage(name);
  if (!img) {
    const r = parseImageRef(name);
    ctx.res.error(404, `No such image: ${isRefError(r) ? name : r.familiar}`);
    return;
  }
  const repo = ctx.query.repo ?? '';
  const target = parseImageRef(ctx.query.tag ? `${repo}:${ctx.query.tag}` : repo);
  if (repo === '' || isRefError(target)) {
    ctx.res.error(400, isRefError(target) ? target.error : 'repository name must have at least one component');
    return;
  }
  if (ctx.session.state.images.size < ctx.cfg.limits.maxObjectsPerSession) ctx.session.state.addImage(target.familiar, img.created, undefined, img.id);
  ctx.session.state.dockerEvent('image', 'tag', img.id, { name: target.familiar }, ctx.now());
  ctx.res.empty(201);
};

export const imageHistory: Handler = (ctx) => {
  const name = ctx.params.name ?? '';
  const img = ctx.session.state.findImage(name);
  if (!img) {
    const r = parseImageRef(name);
    ctx.res.error(404, `No such image: ${isRefError(r) ? name : r.familiar}`);
    return;
  }
  const tags = [...ctx.session.state.images.values()].filter((i) => i.id === img.id).map((i) => i.ref);
  const created = Math.floor(img.created / 1000);
  ctx.res.json(200, [
    { Comment: '', Created: created, CreatedBy: '/bin/sh -c #(nop)  CMD ["/bin/sh"]', Id: img.id, Size: 0, Tags: tags },
    { Comment: '', Created: created - 1, CreatedBy: `/bin/sh -c #(nop) ADD file:${stableHex('layer', img.ref)} in / `, Id: '<missing>', Size: img.size, Tags: null },
  ]);
};

/** Swarm verbs on a node that is in no swarm: init cannot pick an address, join times out, the rest refuse. */
export const swarm: Handler = (ctx) => {
  let body: Record<string, unknown> | undefined;
  try { body = jsonBody(ctx); } catch { body = undefined; }
  if (ctx.routeId === 'swarm.init' || ctx.routeId === 'swarm.join') {
    const remotes = strList(field(body, 'RemoteAddrs'));
    ctx.session.log.emit('trap.swarm.join_attempted', { action: ctx.routeId === 'swarm.init' ? 'init' : 'join', listen_addr: String(field(body, 'ListenAddr') ?? ''),
      advertise_addr: String(field(body, 'AdvertiseAddr') ?? ''), remote_addrs: remotes, join_token_sha256: hashOrNull(field(body, 'JoinToken')),
      force_new_cluster: field(body, 'ForceNewCluster') === true });
    if (remotes.length > 0) recordAnalysis(ctx.session, ctx.analyse, { script: remotes.map((r) => `nc ${r.replace(/:(\d+)$/, ' $1')}`).join('\n') }, { route: ctx.routeId, field: 'RemoteAddrs' });
    if (ctx.routeId === 'swarm.join') {
      ctx.res.error(503, 'Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the "docker info" command to see the current swarm status of your node.');
      return;
    }
    ctx.res.error(400, String(field(body, 'AdvertiseAddr') ?? '') === ''
      ? 'could not choose an IP address to advertise since this system has multiple addresses on different interfaces (10.0.12.34 on ens5 and 172.17.0.1 on docker0)'
      : 'must specify a listening address because the address to advertise is not recognized as a system address, and a system\'s IP address to use could not be uniquely identified');
    return;
  }
  if (ctx.routeId === 'swarm.leave' || ctx.routeId === 'swarm.unlock') {
    ctx.res.error(503, 'This node is not part of a swarm');
    return;
  }
  ctx.res.error(503, 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.');
};

function hashOrNull(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? sha256Hex(v) : null;
}

/** `docker * prune` (worm-style cleanups use it): stopped session containers go; the answer keys are dockerd's. */
export const prune: Handler = (ctx) => {
  const f = requestFilters(ctx);
  if (!f) return;
  const state = ctx.session.state;
  if (ctx.routeId === 'container.prune') {
    const labels = (c: EmuContainer) => (c.config.Labels as Record<string, string> | undefined) ?? {};
    const without = filterValues(f, 'label!');
    const gone = [...state.containers.values()].filter((c) => c.status !== 'running' && labelsMatch(filterValues(f, 'label'), labels(c))
      && (without.length === 0 || !labelsMatch(without, labels(c))));
    for (const c of gone) {
      state.containers.delete(c.id);
      state.dockerEvent('container', 'destroy', c.id, { image: c.image, name: c.name }, ctx.now());
    }
    state.dockerEvent('container', 'prune', '', { reclaimed: '0' }, ctx.now());
    ctx.res.json(200, { ContainersDeleted: gone.length > 0 ? gone.map((c) => c.id) : null, SpaceReclaimed: 0 });
    return;
  }
  const key = { 'image.prune': 'ImagesDeleted', 'volume.prune': 'VolumesDeleted', 'network.prune': 'NetworksDeleted', 'build.prune': 'CachesDeleted' }[ctx.routeId];
  // dockerd 20.10 answers an empty volume prune with a list, the others with null.
  const none = ctx.routeId === 'volume.prune' ? [] : null;
  ctx.res.json(200, ctx.routeId === 'network.prune' ? { NetworksDeleted: null } : { [key ?? 'ImagesDeleted']: none, SpaceReclaimed: 0 });
};

/** `GET /distribution/{name}/json`: a believable descriptor; the registry is never contacted. */
export const distributionInspect: Handler = (ctx) => {
  const name = ctx.params.name ?? '';
  const r = parseImageRef(name);
  if (isRefError(r)) {
    ctx.res.error(400, r.error);
    return;
  }
  ctx.res.json(200, { Descriptor: { mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json', digest: `sha256:${stableHex('digest', r.familiar)}`,
    size: 1000 + (parseInt(stableHex('size', r.familiar).slice(0, 3), 16) % 2000) }, Platforms: [{ architecture: ctx.cfg.engine.arch, os: 'linux' }] });
};
