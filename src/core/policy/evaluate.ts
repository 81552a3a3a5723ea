// evaluate(): the guard's pure verdict for one request. Order: API version, grant, route selectors, unjudged
// effects, resource scope, body fields. Anything it cannot judge is a deny naming the rule and the field.
import type { CompiledGrant, CompiledPolicy, CompiledRole, CompiledScope } from './compile.js';
import { checkContainerCreate, checkImage, checkVolumeCreate } from './body-checks.js';
import { checkContainerUpdate, checkExecCreate } from './update-exec-checks.js';
import { checkExistingContainer, INTO_EXISTING } from './existing-checks.js';
import { checkNetworkCreate } from './network-checks.js';
import { BULK_ROUTES, checkRefs, referencedResources, SWARM_NAMED } from './scope-refs.js';
import { deny, OWNER_LABEL, type Decision, type PolicyRequest, type ResourceFacts, type Subject } from './types.js';

/** Routes whose effect no field check covers (arbitrary images, swarm specs, plugins, builds; commit and tag
 * could name any content as an allowed image): admin only. */
const UNJUDGED = /^(service\.(create|update)|plugin\.(pull|upgrade|create|set|enable|push)|image\.(load|build|import|push|tag)|container\.commit$|build\.|session\.|swarm\.(init|join|update|unlock)|node\.update|secret\.create|config\.create|system\.session|grpc\.)/;

/** Answers that list resources (also `GET /networks/` and `system df`): filtered for scoped subjects. */
const FILTERED = /\.list(_slash)?$|^system\.df$/;

/** Routes that create a resource the subject will own (owner label stamped on the canonical body). */
export const CREATE_ROUTES: ReadonlySet<string> = new Set(['container.create', 'volume.create', 'network.create']);

/** Compare `1.41`-style versions numerically. */
export function compareVersions(a: string, b: string): number {
  const [am, an] = versionParts(a);
  const [bm, bn] = versionParts(b);
  return am !== bm ? am - bm : an - bn;
}

/** "M.N" as numbers (a missing part is 0, as `Number` reads it); cached, since a few versions recur on every request. */
const versionCache = new Map<string, readonly [number, number]>();
function versionParts(v: string): readonly [number, number] {
  let p = versionCache.get(v);
  if (p === undefined) {
    const [m = 0, n = 0] = v.split('.').map(Number);
    p = [m, n];
    if (versionCache.size < 1024) versionCache.set(v, p);
  }
  return p;
}

/** Whether a resource is inside a grant's scope (labels, names, or owned by the subject). */
export function inScope(scope: CompiledScope | undefined, subject: Subject, r: ResourceFacts): boolean {
  if (scope === undefined) return true;
  if (scope.owned && r.labels[OWNER_LABEL] === subject.id) return true;
  if (scope.labels && Object.keys(scope.labels).length > 0
    && Object.entries(scope.labels).every(([k, v]) => r.labels[k] === v)) return true;
  if (scope.names && scope.names(r.name.replace(/^\//, ''))) return true;
  return false;
}

/** Whether the subject may see a resource at all (used to filter list responses). */
export function visibleTo(policy: CompiledPolicy, subject: Subject, r: ResourceFacts): boolean {
  return policy.grants.some((g) => g.matches(subject) && inScope(g.scope, subject, r));
}

function judgeBody(role: CompiledRole, req: PolicyRequest): Decision | undefined {
  const id = req.route.id;
  if (UNJUDGED.test(id) && !role.unjudged) {
    return deny('policy.unjudged', `route ${id} has effects the guard cannot judge field by field; only roles with unjudged: true may use it`);
  }
  if (id === 'container.create') return checkContainerCreate(role, req.body, req.count?.ownedContainers, req.volumes, req.networks, req.realPaths);
  if (id === 'container.update') return checkContainerUpdate(role, req.body);
  if (id === 'exec.create') return checkExecCreate(role, req.body);
  if (id === 'volume.create') return checkVolumeCreate(role, req.body, req.realPaths);
  if (id === 'network.create') return checkNetworkCreate(role, req.body);
  if (id === 'image.pull' || id === 'image.create') {
    if ((req.query.fromSrc ?? '') !== '' && !role.unjudged) return deny('policy.unjudged', 'image import (fromSrc) cannot be judged', 'fromSrc');
    const from = req.query.fromImage ?? '';
    const tag = req.query.tag ?? '';
    const ref = tag === '' ? from : /^sha256:/.test(tag) ? `${from}@${tag}` : `${from}:${tag}`;
    return checkImage(role, ref, 'fromImage');
  }
  return undefined;
}

function judgeWithGrant(g: CompiledGrant, req: PolicyRequest): Decision {
  let first: Decision | undefined;
  for (const role of g.roles) {
    if (role.denies(req.route)) { first ??= deny('policy.route', `role ${role.name} denies route ${req.route.id}`); continue; }
    if (!role.allows(req.route)) { first ??= deny('policy.route', `no role of ${req.subject.id} allows route ${req.route.id}`); continue; }
    if (req.resource && !inScope(g.scope, req.subject, req.resource)) {
      first ??= deny('policy.scope', `${req.resource.kind} ${req.resource.name} is outside the scope granted to ${req.subject.id}`, 'scope');
      continue;
    }
    if (g.scope !== undefined) {
      // A swarm object named by the path is judged by its labels; not looked up means not judged: deny.
      if (SWARM_NAMED.test(req.route.id) && !req.resource) {
        first ??= deny('policy.scope', `route ${req.route.id} names a swarm object that was not looked up, so its scope is unknown`, 'scope');
        continue;
      }
      // Prune acts on every stopped container / unused volume / network of the engine, not only those in scope.
      if (BULK_ROUTES.has(req.route.id)) {
        first ??= deny('policy.scope', `route ${req.route.id} acts on resources outside the scope granted to ${req.subject.id}; remove them one by one`, 'scope');
        continue;
      }
      // Resources named in the body (volumes, volumes-from, container: namespaces, links, networks) must be in scope too.
      const scope = g.scope;
      const d = checkRefs(referencedResources(req.route.id, req.body), req.refs, (r) => inScope(scope, req.subject, r));
      if (d) { first ??= { ...d, role: role.name }; continue; }
    }
    // The container this route runs code in (or copies through) must be one the role could have created.
    if (req.existing && INTO_EXISTING.has(req.route.id)) {
      const de = checkExistingContainer(role, req.existing.inspect, req.existing.volumeDevices);
      if (de) { first ??= { ...de, role: role.name }; continue; }
    }
    const d = judgeBody(role, req);
    if (d) { first ??= { ...d, role: role.name }; continue; }
    const stamp = CREATE_ROUTES.has(req.route.id) ? { stampLabels: { [OWNER_LABEL]: req.subject.id } } : {};
    const filter = g.scope !== undefined && (FILTERED.test(req.route.id) || req.route.id === 'system.events') ? { filterList: true } : {};
    return { effect: 'allow', reason: `allowed by role ${role.name}`, ruleId: 'policy.allow', role: role.name, ...stamp, ...filter };
  }
  return first ?? deny('policy.route', `no role of ${req.subject.id} allows route ${req.route.id}`);
}

/**
 * Decide one request. Pure: no I/O; resource facts and counts are looked up by the caller beforehand.
 * @example evaluate(compilePolicy(cfg), { subject, route, method: 'POST', apiVersion: '1.41', params: {}, query: {}, body })
 */
export function evaluate(policy: CompiledPolicy, req: PolicyRequest): Decision {
  try {
    if (!/^1\.\d{1,3}$/.test(req.apiVersion)) return deny('policy.version', `API version "${req.apiVersion}" is not understood`, 'version');
    if (compareVersions(req.apiVersion, policy.minVersion) < 0 || compareVersions(req.apiVersion, policy.maxVersion) > 0) {
      return deny('policy.version', `API version ${req.apiVersion} is outside ${policy.minVersion}..${policy.maxVersion} that the guard judges; set DOCKER_API_VERSION within it`, 'version');
    }
    const grants = policy.grants.filter((g) => g.matches(req.subject));
    if (grants.length === 0) return deny('policy.grant', `no grant for subject ${req.subject.id}; add one under grants:`);
    let first: Decision | undefined;
    for (const g of grants) {
      const d = judgeWithGrant(g, req);
      if (d.effect === 'allow') return d;
      first ??= d;
    }
    return first ?? deny('policy.grant', `no grant for subject ${req.subject.id}`);
  } catch (err) {
    return deny('policy.error', `policy evaluation failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
