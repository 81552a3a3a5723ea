// Pre-flight lookups the policy needs before it can decide: the labels and name of the resource a path
// names (ownership scopes), and how many containers a subject owns (max containers). Read-only GETs.
import { Transform } from 'node:stream';
import type { RouteMatch } from '../core/docker-api/types.js';
import { bindSources, namedVolumes, OWNER_LABEL, refKey, volumeDeviceSources, type CompiledPolicy, type ExistingContainer, type ResourceFacts, type ResourceRef, type Subject, type VolumeFacts } from '../core/policy/index.js';
import type { Upstream } from './upstream.js';

type Obj = Record<string, unknown>;
const labelsOf = (v: unknown): Record<string, string> => (typeof v === 'object' && v !== null ? v as Record<string, string> : {});
const enc = (s: string): string => s.split('/').map(encodeURIComponent).join('/');

export function needsScope(policy: CompiledPolicy, subject: Subject): boolean {
  return policy.grants.some((g) => g.matches(subject) && g.scope !== undefined);
}

export function needsCount(policy: CompiledPolicy, subject: Subject): boolean {
  return policy.grants.some((g) => g.matches(subject) && g.roles.some((r) => r.container.maxContainers !== undefined));
}

async function container(up: Upstream, id: string): Promise<ResourceFacts | null> {
  const r = await up.getJson(`/containers/${enc(id)}/json`);
  if (r.status !== 200) return null;
  const b = r.body as Obj;
  return { kind: 'container', name: String(b.Name ?? ''), labels: labelsOf((b.Config as Obj | undefined)?.Labels) };
}

/** Facts about the resource named by the route's path; null = it does not exist; undefined = none named. */
export async function lookupResource(up: Upstream, match: RouteMatch): Promise<ResourceFacts | null | undefined> {
  const id = match.params.id ?? match.params.name;
  if (id === undefined) return undefined;
  // The path template says what the parameter names (exec.create's {id} is a container).
  const area = match.route.path.split('/')[1];
  if (area === 'containers') return container(up, id);
  if (area === 'exec') {
    const r = await up.getJson(`/exec/${enc(id)}/json`);
    if (r.status !== 200) return null;
    return container(up, String((r.body as Obj).ContainerID ?? ''));
  }
  if (area === 'volumes' || area === 'networks') {
    const r = await up.getJson(`/${area}/${enc(id)}`);
    if (r.status !== 200) return null;
    const b = r.body as Obj;
    return { kind: area === 'volumes' ? 'volume' : 'network', name: String(b.Name ?? ''), labels: labelsOf(b.Labels) };
  }
  const swarm = SWARM_AREAS[area ?? ''];
  if (swarm) {
    // Swarm objects carry their name and labels in Spec; a task is judged by its service.
    let r = await up.getJson(`/${area}/${enc(id)}`);
    if (r.status === 200 && area === 'tasks') r = await up.getJson(`/services/${enc(String((r.body as Obj).ServiceID ?? ''))}`);
    if (r.status !== 200) return null;
    const spec = ((r.body as Obj).Spec ?? {}) as Obj;
    return { kind: swarm, name: String(spec.Name ?? ''), labels: labelsOf(spec.Labels) };
  }
  return undefined;
}

const SWARM_AREAS: Readonly<Record<string, ResourceFacts['kind']>> = { services: 'service', tasks: 'service', nodes: 'node', secrets: 'secret', configs: 'config' };

/** The container a route acts on (an exec route: the exec's container) and its volume devices; null = none. */
export async function lookupExisting(up: Upstream, match: RouteMatch): Promise<ExistingContainer | null> {
  const id = match.params.id;
  if (id === undefined) return null;
  let cid = id;
  if (match.route.path.startsWith('/exec/')) {
    const r = await up.getJson(`/exec/${enc(id)}/json`);
    if (r.status === 404) return null;
    if (r.status !== 200) throw new Error(`cannot look up exec ${id} (status ${r.status})`);
    cid = String((r.body as Obj).ContainerID ?? '');
  }
  const r = await up.getJson(`/containers/${enc(cid)}/json`);
  if (r.status === 404) return null;
  if (r.status !== 200) throw new Error(`cannot look up container ${cid} (status ${r.status})`);
  const volumes = await lookupVolumes(up, namedVolumes(r.body));
  return { inspect: r.body, volumeDevices: volumeDeviceSources(r.body, volumes) };
}

/** Facts about resources a body names (scope-refs.ts), keyed `kind:name`; null = does not exist. */
export async function lookupRefs(up: Upstream, refs: readonly ResourceRef[]): Promise<Record<string, ResourceFacts | null>> {
  const out: Record<string, ResourceFacts | null> = {};
  for (const r of refs) {
    const key = refKey(r);
    if (key in out) continue;
    if (r.kind === 'container') { out[key] = await container(up, r.name); continue; }
    const res = await up.getJson(r.kind === 'volume' ? `/volumes/${enc(r.name)}` : `/networks/${enc(r.name)}`);
    if (res.status === 404) { out[key] = null; continue; }
    if (res.status !== 200) throw new Error(`cannot look up ${r.kind} ${r.name} (status ${res.status})`);
    const b = res.body as Obj;
    out[key] = { kind: r.kind, name: String(b.Name ?? ''), labels: labelsOf(b.Labels) };
  }
  return out;
}

/** What each named volume is (driver, options); absent names do not exist yet (dockerd will create them). */
export async function lookupVolumes(up: Upstream, names: readonly string[]): Promise<Record<string, VolumeFacts>> {
  const out: Record<string, VolumeFacts> = {};
  for (const name of names) {
    const r = await up.getJson(`/volumes/${enc(name)}`);
    if (r.status === 404) continue;
    if (r.status !== 200) throw new Error(`cannot look up volume ${name} (status ${r.status})`);
    const b = r.body as Obj;
    out[name] = { driver: String(b.Driver ?? ''), options: labelsOf(b.Options) };
  }
  return out;
}

/** The driver of each network named (by name or id); absent names map to '' (dockerd will refuse them). */
export async function lookupNetworks(up: Upstream, names: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const r = await up.getJson(`/networks/${enc(name)}`);
    if (r.status === 404) { out[name] = ''; continue; }
    if (r.status !== 200) throw new Error(`cannot look up network ${name} (status ${r.status})`);
    out[name] = String((r.body as Obj).Driver ?? '');
  }
  return out;
}

/**
 * Host paths the engine mounts when an existing container starts: its bind sources and the devices of the
 * bind-backed local volumes it uses. undefined = no such container.
 */
export async function lookupBindSources(up: Upstream, id: string): Promise<string[] | undefined> {
  const r = await up.getJson(`/containers/${enc(id)}/json`);
  if (r.status !== 200) return undefined;
  const volumes = await lookupVolumes(up, namedVolumes(r.body));
  return [...new Set([...bindSources(r.body), ...volumeDeviceSources(r.body, volumes)])];
}

export async function countOwned(up: Upstream, subject: Subject): Promise<number> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${OWNER_LABEL}=${subject.id}`] }));
  const r = await up.getJson(`/containers/json?all=1&filters=${filters}`);
  if (r.status !== 200 || !Array.isArray(r.body)) throw new Error(`cannot count containers (status ${r.status})`);
  return r.body.length;
}

/** Filter a list response body to what `visible` accepts; returns undefined if the shape is unknown. */
export function filterList(routeId: string, body: unknown, visible: (r: ResourceFacts) => boolean): unknown {
  // Images are shared (not owned per subject): their list passes whole. Other lists without a filter
  // (services, secrets, ...) come back empty for scoped subjects.
  if (routeId === 'image.list') return body;
  if (routeId === 'container.list' && Array.isArray(body)) {
    return body.filter((c: Obj) => visible({ kind: 'container', name: String((c.Names as string[] | undefined)?.[0] ?? ''), labels: labelsOf(c.Labels) }));
  }
  if ((routeId === 'network.list' || routeId === 'network.list_slash') && Array.isArray(body)) {
    return body.filter((n: Obj) => visible({ kind: 'network', name: String(n.Name ?? ''), labels: labelsOf(n.Labels) }));
  }
  if (routeId === 'volume.list' && typeof body === 'object' && body !== null) {
    const b = body as Obj;
    const vols = Array.isArray(b.Volumes) ? b.Volumes : [];
    return { ...b, Volumes: vols.filter((v: Obj) => visible({ kind: 'volume', name: String(v.Name ?? ''), labels: labelsOf(v.Labels) })) };
  }
  if (routeId === 'system.df' && typeof body === 'object' && body !== null) {
    // Disk usage lists every container (names, commands, labels, mounts) and volume: keep those in scope.
    const b = body as Obj;
    const cs = Array.isArray(b.Containers) ? b.Containers : [];
    const vs = Array.isArray(b.Volumes) ? b.Volumes : [];
    return {
      ...b,
      Containers: cs.filter((c: Obj) => visible({ kind: 'container', name: String((c.Names as string[] | undefined)?.[0] ?? ''), labels: labelsOf(c.Labels) })),
      Volumes: vs.filter((v: Obj) => visible({ kind: 'volume', name: String(v.Name ?? ''), labels: labelsOf(v.Labels) })),
    };
  }
  return undefined;
}

/**
 * Filter an event stream (one JSON object per line) for a scoped subject: container events pass when the
 * container is visible (its labels and name ride in Actor.Attributes); image and daemon events pass;
 * volume and network events carry no labels to judge, so they are dropped.
 */
export function eventFilter(visible: (r: ResourceFacts) => boolean): Transform {
  let rest = '';
  const keep = (line: string): boolean => {
    try {
      const e = JSON.parse(line) as { Type?: string; Actor?: { Attributes?: Record<string, string> } };
      const type = e.Type ?? '';
      if (type === 'image' || type === 'daemon') return true;
      if (type !== 'container') return false;
      const attrs = e.Actor?.Attributes ?? {};
      return visible({ kind: 'container', name: attrs.name ?? '', labels: attrs });
    } catch {
      return false;
    }
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      const out = lines.filter((l) => l.trim() !== '' && keep(l)).map((l) => `${l}\n`).join('');
      cb(null, out === '' ? undefined : out);
    },
    flush(cb) { cb(null, rest.trim() !== '' && keep(rest) ? `${rest}\n` : undefined); },
  });
}
