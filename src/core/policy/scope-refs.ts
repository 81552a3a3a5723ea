// Resources a request body names besides its path (volumes mounted by name, volumes-from, container: namespaces,
// links, networks joined, the container of a network connect): a scoped subject may only reach those in scope.
import { deny, type Decision, type ResourceFacts } from './types.js';
import { type Obj, arr, obj, str } from './values.js';

export interface ResourceRef {
  readonly kind: 'container' | 'volume' | 'network';
  readonly name: string;
  /** The body field that names it (reported in a denial). */
  readonly field: string;
}

/** Key of a reference in `PolicyRequest.refs`. */
export const refKey = (r: Pick<ResourceRef, 'kind' | 'name'>): string => `${r.kind}:${r.name}`;

/** Networks every engine has; nobody owns them, so they are not scope-checked (host is judged by hostNamespaces). */
const PREDEFINED_NETWORKS: ReadonlySet<string> = new Set(['bridge', 'host', 'none', 'default', 'nat']);

function containerRefs(body: Obj): ResourceRef[] {
  const hc = obj(body.HostConfig);
  const out: ResourceRef[] = [];
  for (const [i, b] of arr(hc.Binds).entries()) {
    const src = str(b).split(':')[0] ?? '';
    if (src !== '' && !src.includes('/') && !src.startsWith('.')) out.push({ kind: 'volume', name: src, field: `HostConfig.Binds[${i}]` });
  }
  for (const [i, m] of arr(hc.Mounts).entries()) {
    const mo = obj(m);
    if (str(mo.Type) === 'volume' && str(mo.Source) !== '') out.push({ kind: 'volume', name: str(mo.Source), field: `HostConfig.Mounts[${i}].Source` });
  }
  for (const [i, v] of arr(hc.VolumesFrom).entries()) {
    // dockerd: "name[:ro|rw]", split at the first ":"
    const name = str(v).split(':')[0] ?? '';
    if (name !== '') out.push({ kind: 'container', name, field: `HostConfig.VolumesFrom[${i}]` });
  }
  for (const k of ['NetworkMode', 'PidMode', 'IpcMode', 'UTSMode']) {
    const mode = str(hc[k]);
    if (mode.startsWith('container:')) out.push({ kind: 'container', name: mode.slice('container:'.length), field: `HostConfig.${k}` });
  }
  for (const [i, l] of arr(hc.Links).entries()) {
    // dockerd: "name:alias" (or "name"); the name may carry a leading "/"
    const name = (str(l).split(':')[0] ?? '').replace(/^\//, '');
    if (name !== '') out.push({ kind: 'container', name, field: `HostConfig.Links[${i}]` });
  }
  const nm = str(hc.NetworkMode);
  if (nm !== '' && !nm.startsWith('container:') && !PREDEFINED_NETWORKS.has(nm)) out.push({ kind: 'network', name: nm, field: 'HostConfig.NetworkMode' });
  for (const key of Object.keys(obj(obj(body.NetworkingConfig).EndpointsConfig))) {
    if (!PREDEFINED_NETWORKS.has(key)) out.push({ kind: 'network', name: key, field: `NetworkingConfig.EndpointsConfig.${key}` });
  }
  return out;
}

/**
 * Existing resources a request names in its body (the caller looks them up for scoped subjects).
 * @example referencedResources('container.create', { HostConfig: { VolumesFrom: ['db:ro'] } }); // [{ kind: 'container', name: 'db', ... }]
 */
export function referencedResources(routeId: string, body: unknown): ResourceRef[] {
  const b = obj(body);
  if (routeId === 'container.create') return containerRefs(b);
  if (routeId === 'volume.create' && str(b.Name) !== '') return [{ kind: 'volume', name: str(b.Name), field: 'Name' }];
  if ((routeId === 'network.connect' || routeId === 'network.disconnect') && str(b.Container) !== '') {
    return [{ kind: 'container', name: str(b.Container), field: 'Container' }];
  }
  return [];
}

/**
 * Judge the body's references against a grant's scope: each existing one must be in scope. `refs` holds the
 * caller's lookups (null: does not exist, dockerd creates it or refuses); a missing lookup is a deny.
 */
export function checkRefs(refs: readonly ResourceRef[], facts: Readonly<Record<string, ResourceFacts | null>> | undefined,
  inScope: (r: ResourceFacts) => boolean): Decision | undefined {
  for (const r of refs) {
    const f = facts?.[refKey(r)];
    if (f === undefined) return deny('policy.scope', `${r.kind} ${r.name} could not be looked up to check it is in scope`, r.field);
    if (f === null) continue;
    if (f.kind === 'network' && PREDEFINED_NETWORKS.has(f.name)) continue;
    if (!inScope(f)) return deny('policy.scope', `${r.kind} ${r.name} is outside the scope granted to this subject`, r.field);
  }
  return undefined;
}

/** Routes that act on every resource of a kind at once (not only those in scope): refused to scoped subjects. */
export const BULK_ROUTES: ReadonlySet<string> = new Set(['container.prune', 'volume.prune', 'network.prune']);

/** Routes naming one swarm object by id or name: a scoped subject needs its facts (Spec labels) looked up. */
export const SWARM_NAMED = /^(service\.(inspect|delete|update|logs)|task\.(inspect|logs)|node\.(inspect|delete|update)|(secret|config)\.(inspect|delete|update))$/;
