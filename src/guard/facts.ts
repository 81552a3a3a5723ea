// Pre-flight lookups the policy needs before it can decide: the labels and name of the resource a path
// names (ownership scopes), and how many containers a subject owns (max containers). Read-only GETs.
import type { RouteMatch } from '../core/docker-api/types.js';
import { OWNER_LABEL, type CompiledPolicy, type ResourceFacts, type Subject } from '../core/policy/index.js';
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
  return undefined;
}

export async function countOwned(up: Upstream, subject: Subject): Promise<number> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${OWNER_LABEL}=${subject.id}`] }));
  const r = await up.getJson(`/containers/json?all=1&filters=${filters}`);
  if (r.status !== 200 || !Array.isArray(r.body)) throw new Error(`cannot count containers (status ${r.status})`);
  return r.body.length;
}

/** Filter a list response body to what `visible` accepts; returns undefined if the shape is unknown. */
export function filterList(routeId: string, body: unknown, visible: (r: ResourceFacts) => boolean): unknown {
  if (routeId === 'container.list' && Array.isArray(body)) {
    return body.filter((c: Obj) => visible({ kind: 'container', name: String((c.Names as string[] | undefined)?.[0] ?? ''), labels: labelsOf(c.Labels) }));
  }
  if (routeId === 'network.list' && Array.isArray(body)) {
    return body.filter((n: Obj) => visible({ kind: 'network', name: String(n.Name ?? ''), labels: labelsOf(n.Labels) }));
  }
  if (routeId === 'volume.list' && typeof body === 'object' && body !== null) {
    const b = body as Obj;
    const vols = Array.isArray(b.Volumes) ? b.Volumes : [];
    return { ...b, Volumes: vols.filter((v: Obj) => visible({ kind: 'volume', name: String(v.Name ?? ''), labels: labelsOf(v.Labels) })) };
  }
  return undefined;
}
