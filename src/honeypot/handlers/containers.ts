// Container create, list, inspect and remove: the create path answers exactly like dockerd (404 No such image
// to trigger the CLI's pull, 409 name conflicts, 400 bad references) and records the attacker's full intent.
import {
  checkForJson, containerNameError, createTimeError, decodeContainerCreate, decoderMessage, exactMatch, filterMatch,
  filterValues, goAtoi, labelsMatch, type SettingsRefusal, verifyCreateSettings,
} from '../../core/docker-api/index.js';
import { apiLess } from '../config.js';
import { platformRefusal } from './platform.js';
import { attachedNetworks } from './resources.js';
import { requestFilters } from '../list-filters.js';
import { decodeErrorStatus, field, jsonSafe, strList, truthy, type Handler, type TrapContext } from '../context.js';
import { isRefError, parseImageRef } from '../image-ref.js';
import { sha256Hex } from '../ids.js';
import { recordAnalysis } from '../recorder.js';
import { inspectContainer, listRow } from '../views.js';
import type { EmuContainer } from '../state.js';

/** dockerd (httputils.CheckForJSON) refuses bodies labelled with another content type, and unlabelled bodies. */
export function badContentType(ctx: TrapContext): boolean {
  const refusal = checkForJson(ctx.headers['content-type'], ctx.body.length);
  if (refusal) ctx.res.error(400, refusal);
  return refusal !== undefined;
}

function objectField(o: unknown, name: string): Record<string, unknown> {
  const v = field(o, name);
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function lookupContainer(ctx: TrapContext): EmuContainer | undefined {
  const ref = ctx.params.id ?? ctx.params.name ?? '';
  const c = ctx.session.state.findContainer(ref);
  if (!c) ctx.res.error(404, `No such container: ${ref}`);
  return c;
}

export const containerCreate: Handler = (ctx) => {
  if (badContentType(ctx)) return;
  // 20.10 hands the decoder's own error back untyped (500, `EOF` for no body); later engines say more.
  const legacy = apiLess(ctx.profile.apiVersion, '1.42');
  if (ctx.body.length === 0) {
    ctx.res.error(legacy ? 500 : 400, legacy ? 'EOF' : 'config cannot be empty in order to create a container');
    return;
  }
  // Read the body exactly as dockerd does (Go's case-folding, strslice Cmd, legacy top-level host config).
  const decoded = decodeContainerCreate(ctx.body, { apiVersion: ctx.apiVersion });
  if (decoded.error || !decoded.value) {
    const message = decoded.error ? decoderMessage(decoded.error) : 'invalid request body';
    ctx.session.log.emit('trap.container.create_attempted', { outcome: 'invalid_body', error: message });
    // The decoder's own checks (network mode, isolation, QoS) are untyped in 20.10 too; the daemon's are 400.
    const untyped = decoded.error?.kind !== 'invalid' || /^(Invalid network mode|conflicting options|Invalid isolation|Invalid QoS)/.test(message);
    const status = legacy && untyped ? 500 : decodeErrorStatus(decoded.error?.kind ?? 'syntax');
    ctx.res.error(status, message);
    return;
  }
  const body = jsonSafe(decoded.value.Config) as Record<string, unknown>;
  const host = jsonSafe(decoded.value.HostConfig ?? {}) as Record<string, unknown>;
  const imageRaw = field(body, 'Image');
  const image = typeof imageRaw === 'string' ? imageRaw : '';
  const cmd = strList(field(body, 'Cmd'));
  const entrypoint = strList(field(body, 'Entrypoint'));
  const env = strList(field(body, 'Env'));
  const binds = strList(field(host, 'Binds'));
  const name = ctx.query.name;
  const state = ctx.session.state;
  const restart = objectField(host, 'RestartPolicy');
  const base = {
    image, name: name ?? null, cmd, entrypoint, env, binds,
    mounts: Array.isArray(field(host, 'Mounts')) ? field(host, 'Mounts') : [],
    privileged: field(host, 'Privileged') === true,
    namespaces: { pid: field(host, 'PidMode') ?? '', ipc: field(host, 'IpcMode') ?? '', uts: field(host, 'UTSMode') ?? '',
      userns: field(host, 'UsernsMode') ?? '', network: field(host, 'NetworkMode') ?? '', cgroupns: field(host, 'CgroupnsMode') ?? '' },
    caps: { add: strList(field(host, 'CapAdd')), drop: strList(field(host, 'CapDrop')) },
    restart_policy: typeof field(restart, 'Name') === 'string' ? field(restart, 'Name') : '',
    devices: Array.isArray(field(host, 'Devices')) ? field(host, 'Devices') : [],
    security_opt: strList(field(host, 'SecurityOpt')), auto_remove: field(host, 'AutoRemove') === true,
    volumes_from: strList(field(host, 'VolumesFrom')), tty: field(body, 'Tty') === true,
    user: typeof field(body, 'User') === 'string' ? field(body, 'User') : '', labels: objectField(body, 'Labels'),
  };
  const emit = (outcome: string, extra: Record<string, unknown> = {}) => {
    ctx.session.log.emit('trap.container.create_attempted', { ...base, outcome, ...extra });
    // The CLI sends the same create twice around a pull: analyse each distinct body once per session.
    const key = `create:${sha256Hex(ctx.body)}`;
    if (ctx.session.indicatorsSeen.has(key)) return;
    if (ctx.session.indicatorsSeen.size < 4096) ctx.session.indicatorsSeen.add(key);
    recordAnalysis(ctx.session, ctx.analyse, { image, cmd, entrypoint, env, binds, privileged: base.privileged,
      labels: base.labels as Record<string, string> }, { route: ctx.routeId, ...extra });
  };
  // dockerd's order: platform (API >= 1.41), settings, image, platform match, name, then create-time parsing.
  const platform = apiLess(ctx.apiVersion, '1.41') ? undefined : platformRefusal(ctx.query.platform ?? '', ctx.cfg.engine.arch);
  if (platform?.status === 400) {
    emit('invalid_platform');
    ctx.res.error(400, platform.message);
    return;
  }
  const settings = verifyCreateSettings(body, host, decoded.value.NetworkingConfig as Record<string, unknown> | undefined, ctx.cfg.engine.ncpu);
  if (settings) {
    emit('invalid_settings');
    ctx.res.error(settings.status, settings.message);
    return;
  }
  const ref = parseImageRef(image);
  if (image === '' || isRefError(ref)) {
    emit('invalid_reference');
    ctx.res.error(400, image === '' ? 'invalid reference format' : (ref as { error: string }).error);
    return;
  }
  const img = state.findImage(ref.familiar) ?? (ref.digest ? undefined : state.findImage(image));
  if (!img) {
    emit('no_such_image');
    ctx.res.error(404, `No such image: ${ref.familiar}`);
    return;
  }
  if (platform) {
    emit('platform_mismatch');
    ctx.res.error(404, `image with reference ${image} was found but does not match the specified platform: wanted ${platform.wanted}, actual: linux/${ctx.cfg.engine.arch}`);
    return;
  }
  const nameError = name !== undefined && name !== '' ? containerNameError(name) : undefined;
  if (nameError) {
    emit('invalid_name');
    ctx.res.error(400, nameError);
    return;
  }
  const clean = name ? name.replace(/^\//, '') : undefined;
  const holder = clean ? state.findContainer(clean) : undefined;
  if (clean && holder && holder.name === clean) {
    emit('name_conflict');
    ctx.res.error(409, `Conflict. The container name "/${clean}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`);
    return;
  }
  const late = createTimeRefusal(ctx, host);
  if (late) {
    emit('invalid_settings');
    ctx.res.error(late.status, late.message);
    return;
  }
  if (state.containers.size >= ctx.cfg.limits.maxObjectsPerSession) {
    emit('refused_cap');
    ctx.res.error(500, 'mkdir /var/lib/docker/overlay2: no space left on device');
    return;
  }
  const config: Record<string, unknown> = { ...body };
  // Neither Cmd nor Entrypoint: the image's own CMD (every emulated image has `/bin/sh`), as container.Merge does.
  const c = state.createContainer({ name: clean, image: img, imageRef: image, config, hostConfig: host,
    cmd: cmd.length > 0 || entrypoint.length > 0 ? cmd : ['/bin/sh'], entrypoint,
    tty: base.tty, now: ctx.now() });
  emit('created', { container: c.id });
  state.dockerEvent('container', 'create', c.id, { image, name: c.name }, ctx.now());
  ctx.res.json(201, { Id: c.id, Warnings: [] });
};

/** Refusals of daemon.create after the name is reserved: SecurityOpt, VolumesFrom, Binds, Links (in that order). */
function createTimeRefusal(ctx: TrapContext, host: Record<string, unknown>): SettingsRefusal | undefined {
  const state = ctx.session.state;
  const security = createTimeError({ SecurityOpt: host.SecurityOpt });
  if (security) return security;
  for (const v of strList(host.VolumesFrom)) {
    const ref = v.split(':')[0] ?? '';
    if (!state.findContainer(ref)) return { status: 400, message: `No such container: ${ref}` };
  }
  const binds = createTimeError({ Binds: host.Binds });
  if (binds) return binds;
  for (const l of strList(host.Links)) {
    const ref = (l.split(':')[0] ?? '').replace(/^\//, '');
    if (!state.findContainer(ref)) return { status: 400, message: `could not get container for ${ref}: No such container: ${ref}` };
  }
  return undefined;
}

export const containerList: Handler = (ctx) => {
  const f = requestFilters(ctx);
  if (!f) return;
  const limitParsed = ctx.query.limit ? goAtoi(ctx.query.limit) : undefined;
  if (limitParsed && !limitParsed.ok) {
    ctx.res.error(500, limitParsed.error);
    return;
  }
  const size = truthy(ctx.query.size);
  const state = ctx.session.state;
  const all = truthy(ctx.query.all);
  const createdOf = (ref: string) => state.findContainer(ref)?.created;
  const before = filterValues(f, 'before').map(createdOf);
  const since = filterValues(f, 'since').map(createdOf);
  const statuses = filterValues(f, 'status');
  const exited = filterValues(f, 'exited').map(Number);
  const now = ctx.now();
  // No trap container is a swarm task: is-task=true lists none.
  const tasksOnly = f.has('is-task') && !exactMatch(f, 'is-task', 'false');
  const rows = [...state.containers.values()]
    .filter(() => !tasksOnly)
    .filter((c) => all || statuses.length > 0 || exited.length > 0 || c.status === 'running')
    .filter((c) => statuses.length === 0 || statuses.includes(c.paused === true ? 'paused' : c.status))
    .filter((c) => exited.length === 0 || (c.status === 'exited' && exited.includes(c.exitCode)))
    .filter((c) => filterMatch(f, 'name', `/${c.name}`) || filterMatch(f, 'name', c.name))
    .filter((c) => filterValues(f, 'id').length === 0 || filterValues(f, 'id').some((i) => c.id.startsWith(i)))
    .filter((c) => filterValues(f, 'ancestor').length === 0 || filterValues(f, 'ancestor').some((a) => c.image === a || c.image.startsWith(`${a}:`) || c.imageId.startsWith(a)))
    .filter((c) => labelsMatch(filterValues(f, 'label'), (c.config.Labels as Record<string, string> | undefined) ?? {}))
    .filter((c) => before.every((t) => t !== undefined && c.created < t))
    .filter((c) => since.every((t) => t !== undefined && c.created > t))
    .sort((a, b) => b.created - a.created)
    .map((c) => (size ? { ...listRow(c, now), SizeRootFs: state.findImage(c.image)?.size ?? 0 } : listRow(c, now)));
  const limit = limitParsed?.ok ? limitParsed.value : 0;
  ctx.res.json(200, limit > 0 ? rows.slice(0, limit) : rows);
};

export const containerInspect: Handler = (ctx) => {
  const c = lookupContainer(ctx);
  if (!c) return;
  const view = inspectContainer(c, apiLess(ctx.profile.apiVersion, '1.42'), attachedNetworks(ctx, c));
  ctx.res.json(200, truthy(ctx.query.size) ? { ...view, SizeRw: 0, SizeRootFs: ctx.session.state.findImage(c.image)?.size ?? 0 } : view);
};

export const containerDelete: Handler = (ctx) => {
  const c = lookupContainer(ctx);
  if (!c) return;
  if (truthy(ctx.query.link)) {
    // Removing a link by the container's own name (no parent path) is refused; the trap's containers have no links.
    const linkName = `/${(ctx.params.id ?? ctx.params.name ?? '').replace(/^\//, '')}`;
    ctx.res.error(500, linkName.lastIndexOf('/') === 0 ? 'Conflict, cannot remove the default link name of the container' : `Could not find entity for ${linkName}`);
    return;
  }
  if (c.status === 'running' && !truthy(ctx.query.force)) {
    ctx.res.error(409, `You cannot remove a running container ${c.id}. Stop the container before attempting removal or force remove`);
    return;
  }
  removeContainer(ctx, c);
  ctx.res.empty(204);
};

/** Remove a container record and release its waiters (condition=removed). */
export function removeContainer(ctx: TrapContext, c: EmuContainer): void {
  if (c.exitTimer) clearTimeout(c.exitTimer);
  if (c.status === 'running') {
    c.status = 'exited';
    c.exitCode = 137;
    c.finishedAt = ctx.now();
  }
  // The event first: it carries the container's labels (`docker events --filter label=` must see the destroy).
  ctx.session.state.dockerEvent('container', 'destroy', c.id, { image: c.image, name: c.name }, ctx.now());
  ctx.session.state.containers.delete(c.id);
  for (const w of c.waiters.splice(0)) w(c.exitCode, 'removed');
}
