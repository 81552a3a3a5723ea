// Container and image bookkeeping verbs dockerd answers without running anything: rename, pause/unpause, diff
// (changes), commit, tag, history, and the swarm verbs a stand-alone (non-swarm) node refuses.
import {
  checkForJson, commitChangesError, containerNameError, decodeBody, decodeContainerCreate, decoderMessage, dockerTimestampMs,
  filterValues, goAtoi, isValidTag, labelsMatch,
} from '../../core/docker-api/index.js';
import { committedConfig } from '../commit-config.js';
import { field, jsonBody, jsonSafe, strList, type Handler, type TrapContext } from '../context.js';
import { uploadedPaths } from '../decoy-fs.js';
import { isRefError, parseImageRef } from '../image-ref.js';
import { requestFilters } from '../list-filters.js';
import { sha256Hex, stableHex } from '../ids.js';
import { recordAnalysis } from '../recorder.js';
import type { EmuContainer } from '../state.js';
import { lookupContainer } from './containers.js';
import { imageNotFound } from './images.js';


export const containerRename: Handler = (ctx) => {
  const raw = ctx.query.name ?? '';
  if (raw === '') {
    ctx.res.error(400, 'Neither old nor new names may be empty');
    return;
  }
  const c = lookupContainer(ctx);
  if (!c) return;
  // dockerd prefixes the new name with '/' before validating it and wraps the refusal.
  const name = raw.replace(/^\//, '');
  const invalid = containerNameError(`/${name}`);
  if (invalid) {
    ctx.res.error(400, `Error when allocating new name: ${invalid}`);
    return;
  }
  if (name === c.name) {
    ctx.res.error(400, 'Renaming a container with the same name as its current name');
    return;
  }
  const holder = [...ctx.session.state.containers.values()].find((x) => x.name === name);
  if (holder) {
    ctx.res.error(409, `Error when allocating new name: Conflict. The container name "/${name}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`);
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
  if (!pausing && c.paused !== true) {
    // unpause checks "paused" first: a stopped container is "not paused" (untyped, 500).
    ctx.res.error(500, `Container ${c.id} is not paused`);
    return;
  }
  if (c.status !== 'running') {
    ctx.res.error(409, `Container ${c.id} is not running`);
    return;
  }
  if (pausing === (c.paused === true)) {
    // dockerd's own inconsistency: "already paused" is a conflict, "not paused" an untyped (500) error.
    ctx.res.error(pausing ? 409 : 500, pausing ? `Container ${c.id} is already paused` : `Container ${c.id} is not paused`);
    return;
  }
  c.paused = pausing;
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
  const ct = checkForJson(ctx.headers['content-type'], ctx.body.length);
  if (ct) {
    ctx.res.error(400, ct);
    return;
  }
  // The body is a container config (empty is fine); a bad one is the decoder's untyped (500) error.
  // An empty config (`{}`, null) means "keep the container's": only create refuses it.
  const decoded = ctx.body.length > 0 ? decodeContainerCreate(ctx.body, { apiVersion: ctx.apiVersion }) : undefined;
  if (decoded?.error && !/^Config cannot be empty/.test(decoded.error.message)) {
    ctx.res.error(decoded.error.kind === 'invalid' ? 400 : 500, decoderMessage(decoded.error));
    return;
  }
  const ref = ctx.query.container ?? '';
  const c = findForVerb(ctx, ref);
  if (!c) return;
  const cfg = decoded?.value ? jsonSafe(decoded.value.Config) as Record<string, unknown> : undefined;
  const cmd = strList(field(cfg, 'Cmd'));
  const entrypoint = strList(field(cfg, 'Entrypoint'));
  const changes = ctx.queryAll.changes ?? (ctx.query.changes !== undefined ? [ctx.query.changes] : []);
  // What the attacker asked for is analysed even when dockerd would refuse the changes.
  if (cmd.length + entrypoint.length + changes.length > 0) {
    recordAnalysis(ctx.session, ctx.analyse, { cmd, entrypoint, script: changes.join('\n') }, { route: ctx.routeId, container: c.id, field: 'commit' });
  }
  const badChange = commitChangesError(changes);
  if (badChange) {
    ctx.res.error(400, badChange);
    return;
  }
  const repo = ctx.query.repo ?? '';
  const id = `sha256:${stableHex(ctx.cfg.sensor, 'commit', c.id, String(ctx.now()))}`;
  if (repo !== '') {
    // dockerd commits first, then tags: a bad repo or tag is an untyped (500) error after the image exists.
    const parsed = tagTarget(repo, ctx.query.tag ?? '');
    if (isRefError(parsed)) {
      ctx.res.error(500, parsed.error);
      return;
    }
    if (ctx.session.state.images.size < ctx.cfg.limits.maxObjectsPerSession) ctx.session.state.addImage(parsed.familiar, ctx.now(), undefined, id, true, committedConfig(c, changes), uploadedPaths(c).length > 0);
  }
  ctx.session.state.dockerEvent('container', 'commit', c.id, { comment: ctx.query.comment ?? '', image: c.image, name: c.name }, ctx.now());
  ctx.res.json(201, { Id: id });
};

export const imageTag: Handler = (ctx) => {
  const name = ctx.params.name ?? '';
  const img = ctx.session.state.findImage(name);
  if (!img) {
    imageNotFound(ctx, name);
    return;
  }
  const target = tagTarget(ctx.query.repo ?? '', ctx.query.tag ?? '');
  if (isRefError(target)) {
    // TagImage returns the reference error untyped: 500.
    ctx.res.error(500, target.error);
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
    imageNotFound(ctx, name);
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
    // dockerd 20.10 decodes (400, no content-type check) and validates the addresses before anything else.
    const decoded = decodeBody(ctx.routeId === 'swarm.init' ? 'swarmInit' : 'swarmJoin', ctx.body, 'got EOF while reading request body');
    const refusal = decoded.error ? decoded.error.message : swarmRequestError(ctx.routeId === 'swarm.join', decoded.value ?? {});
    if (refusal) {
      ctx.res.error(400, refusal);
      return;
    }
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

/** ParseNormalizedNamed(repo) then WithTag(tag): reference errors in dockerd's words. */
function tagTarget(repo: string, tag: string): ReturnType<typeof parseImageRef> {
  if (repo === '') return { error: 'invalid reference format' };
  const parsed = parseImageRef(repo);
  if (isRefError(parsed)) return parsed;
  if (tag !== '' && !isValidTag(tag)) return { error: 'invalid tag format' };
  return tag === '' ? parsed : parseImageRef(`${parsed.repo}:${tag}`);
}

/** GetContainer as verbs outside /containers/{id} use it: an empty name is a 400, an unknown one a 404. */
export function findForVerb(ctx: TrapContext, ref: string): ReturnType<TrapContext['session']['state']['findContainer']> {
  if (ref === '') {
    ctx.res.error(400, 'invalid name or ID supplied: ""');
    return undefined;
  }
  const c = ctx.session.state.findContainer(ref);
  if (!c) ctx.res.error(404, `No such container: ${ref}`);
  return c;
}

/** validateAndSanitize{Init,Join}Request: a listen address, and for join at least one remote, none empty. */
function swarmRequestError(join: boolean, req: Record<string, unknown>): string | undefined {
  const listen = typeof req.ListenAddr === 'string' ? req.ListenAddr : '';
  if (listen === '') return 'invalid ListenAddr "": invalid empty address';
  if (!join) return undefined;
  const remotes = Array.isArray(req.RemoteAddrs) ? (req.RemoteAddrs as unknown[]).map((r) => (typeof r === 'string' ? r : '')) : [];
  if (remotes.length === 0) return 'at least 1 RemoteAddr is required to join';
  return remotes.includes('') ? 'invalid remoteAddr "": invalid empty address' : undefined;
}

function hashOrNull(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? sha256Hex(v) : null;
}

/** `docker * prune` (worm-style cleanups use it): stopped session containers go; the answer keys are dockerd's. */
export const prune: Handler = (ctx) => {
  const f = requestFilters(ctx);
  if (!f) return;
  const keep = ctx.routeId === 'build.prune' && ctx.query['keep-storage'] ? goAtoi(ctx.query['keep-storage']) : undefined;
  if (keep && !keep.ok) {
    ctx.res.error(500, `keep-storage is in bytes and expects an integer, got ${ctx.query['keep-storage'] ?? ''}: ${keep.error}`);
    return;
  }
  const state = ctx.session.state;
  if (ctx.routeId === 'container.prune') {
    const labels = (c: EmuContainer) => (c.config.Labels as Record<string, string> | undefined) ?? {};
    const without = filterValues(f, 'label!');
    const [until] = filterValues(f, 'until');
    const before = until === undefined ? undefined : dockerTimestampMs(until, ctx.now());
    const gone = [...state.containers.values()].filter((c) => c.status !== 'running' && labelsMatch(filterValues(f, 'label'), labels(c))
      && (without.length === 0 || !labelsMatch(without, labels(c))) && (before === undefined || c.created < before));
    for (const c of gone) {
      state.dockerEvent('container', 'destroy', c.id, { image: c.image, name: c.name }, ctx.now());
      state.containers.delete(c.id);
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
