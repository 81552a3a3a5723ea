// Container create, list, inspect and remove: the create path answers exactly like dockerd (404 No such image
// to trigger the CLI's pull, 409 name conflicts, 400 bad references) and records the attacker's full intent.
import { decodeContainerCreate, exactMatch, filterMatch, filterValues, labelsMatch } from '../../core/docker-api/index.js';
import { requestFilters } from '../list-filters.js';
import { decodeErrorStatus, field, jsonSafe, strList, truthy, type Handler, type TrapContext } from '../context.js';
import { isRefError, parseImageRef } from '../image-ref.js';
import { sha256Hex } from '../ids.js';
import { recordAnalysis } from '../recorder.js';
import { inspectContainer, listRow } from '../views.js';
import type { EmuContainer } from '../state.js';

const NAME_RE = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Go-flavoured message for a JSON syntax error (dockerd answers those with 500). */
export function goJsonError(body: Buffer): string {
  const s = body.toString('utf8').trimStart();
  const ch = s[0] ?? '';
  return ch === '' ? 'unexpected end of JSON input' : `invalid character '${ch}' looking for beginning of value`;
}

/** dockerd refuses JSON bodies labelled with another content type. */
export function badContentType(ctx: TrapContext): boolean {
  const ct = ctx.headers['content-type'];
  if (ctx.body.length === 0) return false;
  if (ct && /^application\/json\b/i.test(ct)) return false;
  ctx.res.error(400, `Content-Type specified (${ct ?? ''}) must be 'application/json'`);
  return true;
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
  if (ctx.body.length === 0) {
    ctx.res.error(400, 'config cannot be empty in order to create a container');
    return;
  }
  // Read the body exactly as dockerd does (Go's case-folding, strslice Cmd, legacy top-level host config).
  const decoded = decodeContainerCreate(ctx.body, { apiVersion: ctx.apiVersion });
  if (decoded.error || !decoded.value) {
    ctx.session.log.emit('trap.container.create_attempted', { outcome: 'invalid_body', error: decoded.error?.message ?? 'unreadable' });
    ctx.res.error(decodeErrorStatus(decoded.error?.kind ?? 'syntax'), decoded.error?.message ?? 'invalid request body');
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
  if (name !== undefined && name !== '' && !NAME_RE.test(name)) {
    emit('invalid_name');
    ctx.res.error(400, `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
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
  const clean = name ? name.replace(/^\//, '') : undefined;
  const holder = clean ? state.findContainer(clean) : undefined;
  if (clean && holder && holder.name === clean) {
    emit('name_conflict');
    ctx.res.error(409, `Conflict. The container name "/${clean}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`);
    return;
  }
  if (state.containers.size >= ctx.cfg.limits.maxObjectsPerSession) {
    emit('refused_cap');
    ctx.res.error(500, 'mkdir /var/lib/docker/overlay2: no space left on device');
    return;
  }
  const config: Record<string, unknown> = { ...body };
  const c = state.createContainer({ name: clean, image: img, imageRef: image, config, hostConfig: host, cmd, entrypoint,
    tty: base.tty, now: ctx.now() });
  emit('created', { container: c.id });
  state.dockerEvent('container', 'create', c.id, { image, name: c.name }, ctx.now());
  ctx.res.json(201, { Id: c.id, Warnings: [] });
};

export const containerList: Handler = (ctx) => {
  const f = requestFilters(ctx);
  if (!f) return;
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
    .filter((c) => statuses.length === 0 || statuses.includes(c.status))
    .filter((c) => exited.length === 0 || (c.status === 'exited' && exited.includes(c.exitCode)))
    .filter((c) => filterMatch(f, 'name', `/${c.name}`) || filterMatch(f, 'name', c.name))
    .filter((c) => filterValues(f, 'id').length === 0 || filterValues(f, 'id').some((i) => c.id.startsWith(i)))
    .filter((c) => filterValues(f, 'ancestor').length === 0 || filterValues(f, 'ancestor').some((a) => c.image === a || c.image.startsWith(`${a}:`) || c.imageId.startsWith(a)))
    .filter((c) => labelsMatch(filterValues(f, 'label'), (c.config.Labels as Record<string, string> | undefined) ?? {}))
    .filter((c) => before.every((t) => t !== undefined && c.created < t))
    .filter((c) => since.every((t) => t !== undefined && c.created > t))
    .sort((a, b) => b.created - a.created)
    .map((c) => listRow(c, now));
  const limit = Number(ctx.query.limit);
  ctx.res.json(200, limit > 0 ? rows.slice(0, limit) : rows);
};

export const containerInspect: Handler = (ctx) => {
  const c = lookupContainer(ctx);
  if (c) ctx.res.json(200, inspectContainer(c, c.id.slice(0, 12)));
};

export const containerDelete: Handler = (ctx) => {
  const c = lookupContainer(ctx);
  if (!c) return;
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
  ctx.session.state.containers.delete(c.id);
  ctx.session.state.dockerEvent('container', 'destroy', c.id, { image: c.image, name: c.name }, ctx.now());
  for (const w of c.waiters.splice(0)) w(c.exitCode, 'removed');
}
