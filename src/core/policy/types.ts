// The policy contracts: who is asking (Subject), what they ask (PolicyRequest, route ids and decoded bodies
// only, never raw paths), and the verdict (Decision) that names the rule and the field behind every denial.
import type { RiskClass } from '../docker-api/types.js';

/** How the guard learned who is calling. */
export type SubjectKind = 'cert' | 'token' | 'unix' | 'loopback';

/** An authenticated caller. `id` is `<kind>:<name>`, e.g. `cert:ci-runner`, `token:traefik`, `unix:local`. */
export interface Subject {
  readonly kind: SubjectKind;
  readonly name: string;
  readonly id: string;
}

export function subjectOf(kind: SubjectKind, name: string): Subject {
  return { kind, name, id: `${kind}:${name}` };
}

/** The route as the policy needs it (a subset of RouteInfo, so tests and explain can build one). */
export interface PolicyRoute {
  readonly id: string;
  readonly group: string;
  readonly risk: RiskClass;
}

/** What the guard knows about the resource a request names (looked up before deciding, when needed). */
export interface ResourceFacts {
  readonly kind: 'container' | 'image' | 'volume' | 'network' | 'exec' | 'service' | 'node' | 'secret' | 'config';
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** An existing volume as the engine reports it (`GET /volumes/{name}`). */
export interface VolumeFacts {
  readonly driver: string;
  readonly options: Readonly<Record<string, string>>;
}

export type RealPaths = Readonly<Record<string, string>>;

/** One request, read the way dockerd reads it. */
export interface PolicyRequest {
  readonly subject: Subject;
  readonly route: PolicyRoute;
  readonly method: string;
  /** API version of the request (from the path prefix, or the server's default). */
  readonly apiVersion: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** Decoded JSON body (canonical Docker field names), when the route's body is judged. */
  readonly body?: unknown;
  /** The resource named by the path, when a scope or ownership rule needs it. */
  readonly resource?: ResourceFacts;
  /** How many containers the subject owns (max containers). */
  readonly count?: { readonly ownedContainers?: number };
  /** Existing named volumes the body mounts, looked up by the caller (a named volume may be bind-backed). */
  readonly volumes?: Readonly<Record<string, VolumeFacts>>;
  /** Networks a create body attaches to (NetworkingConfig.EndpointsConfig keys): name or id -> driver. */
  readonly networks?: Readonly<Record<string, string>>;
  /** Host bind sources resolved on the host by the caller (cleaned path -> real path after symlinks; '' when
   * it could not be resolved), plus each role's hostPaths prefixes. Absent: binds are refused (fail closed). */
  readonly realPaths?: RealPaths;
  /** Whether the request upgrades the connection (hijack). */
  readonly upgrade?: boolean;
  /** Resources the body names (scope-refs.ts `referencedResources`), looked up by the caller for scoped subjects:
   * `kind:name` -> facts, or null when it does not exist. A reference not looked up is a deny for a scoped grant. */
  readonly refs?: Readonly<Record<string, ResourceFacts | null>>;
  /** The existing container an exec/start/attach/archive route acts on (its inspect answer), looked up by the
   * caller; when given it must be one the role could have created (existing-checks.ts). */
  readonly existing?: ExistingContainer;
}

/** An existing container as the caller looked it up: its inspect answer and the host paths behind its bind-backed volumes. */
export interface ExistingContainer {
  readonly inspect: unknown;
  readonly volumeDevices?: readonly string[];
}

export type Effect = 'allow' | 'deny';

/** The verdict. Every denial names a rule id (`policy.*`) and, when a body field decided it, the field. */
export interface Decision {
  readonly effect: Effect;
  readonly reason: string;
  readonly ruleId: string;
  readonly field?: string;
  /** Role that allowed it (for audit). */
  readonly role?: string;
  /** Rewrites the guard must apply to the body before forwarding (owner label stamping). */
  readonly stampLabels?: Readonly<Record<string, string>>;
  /** The listing (or event stream) response must be filtered to resources the subject may see. */
  readonly filterList?: boolean;
}

export function deny(ruleId: string, reason: string, field?: string): Decision {
  return field === undefined ? { effect: 'deny', ruleId, reason } : { effect: 'deny', ruleId, reason, field };
}

/** The label the guard stamps on containers (and volumes, networks) a subject creates. */
export const OWNER_LABEL = 'io.portcullis.owner';
