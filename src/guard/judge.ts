// The judging stage shared by the proxy and `guard explain`: read the target, decode the body the Go way,
// evaluate the policy, and produce the canonical bytes to forward. Any thrown error becomes a deny.
import type { RouteMatch } from '../core/docker-api/types.js';
import { deny, evaluate, type CompiledPolicy, type ExistingContainer, type Decision, type RealPaths, type ResourceFacts, type Subject, type VolumeFacts } from '../core/policy/index.js';
import type { ApiReader } from './api-reader.js';

export interface Judgement {
  readonly decision: Decision;
  readonly match?: RouteMatch;
  /** API version judged (explicit or the assumed default). */
  readonly version?: string;
  /** Canonical body to forward (JSON routes); undefined = no body. */
  readonly body?: Buffer;
  /** HTTP status for a denial. */
  readonly status: number;
}

export interface JudgeInput {
  readonly subject: Subject;
  readonly method: string;
  readonly rawTarget: string;
  /** Raw JSON body (JSON routes only). */
  readonly body?: Buffer;
  readonly resource?: ResourceFacts;
  readonly ownedContainers?: number;
  readonly volumes?: Readonly<Record<string, VolumeFacts>>;
  readonly networks?: Readonly<Record<string, string>>;
  readonly upgrade?: boolean;
  /** Bind sources resolved on the host (see real-paths.ts); absent = binds under a prefix are refused. */
  readonly realPaths?: RealPaths;
  /** Resources the body names, looked up for scoped subjects (`kind:name` -> facts or null). */
  readonly refs?: Readonly<Record<string, ResourceFacts | null>>;
  /** Inspect answer of the existing container an exec/start/attach/archive route acts on. */
  readonly existing?: ExistingContainer;
  /** The target already read by the caller (saves a second normalisation). */
  readonly match?: RouteMatch;
}

const deniedWith = (decision: Decision, status: number, match?: RouteMatch): Judgement => (match ? { decision, status, match } : { decision, status });

/** Whether the route's body is JSON the guard must decode (and forward re-encoded). */
export function hasJsonBody(match: RouteMatch): boolean {
  return match.route.bodyKind === 'json' || (match.route.bodyKind === undefined && match.route.inspectBody);
}

export function judge(reader: ApiReader, policy: CompiledPolicy, input: JudgeInput): Judgement {
  try {
    let match = input.match;
    if (!match) {
      const r = reader.read(input.method, input.rawTarget);
      if (!r.ok) return deniedWith(deny(r.ruleId, r.reason, 'target'), r.status);
      match = r.match;
    }
    const version = match.target.version ?? policy.maxVersion;
    let value: unknown;
    let body: Buffer | undefined;
    if (hasJsonBody(match) && input.body !== undefined && input.body.length > 0) {
      const d = reader.decode(match.route, input.body, version);
      if (!d.ok) return deniedWith(deny('request.body', d.reason, d.field ?? 'body'), 400, match);
      value = d.value;
    }
    if (match.route.id === 'container.start' && value !== undefined && value !== null
      && !(typeof value === 'object' && Object.keys(value as object).length === 0)) {
      return deniedWith(deny('request.body', 'container start takes no body from API 1.24 on (legacy HostConfig at start is refused)', 'body'), 400, match);
    }
    const decision = evaluate(policy, {
      subject: input.subject, route: match.route, method: input.method, apiVersion: version,
      params: match.params, query: match.target.query,
      ...(value !== undefined ? { body: value } : {}),
      ...(input.resource ? { resource: input.resource } : {}),
      ...(input.ownedContainers !== undefined ? { count: { ownedContainers: input.ownedContainers } } : {}),
      ...(input.volumes ? { volumes: input.volumes } : {}),
      ...(input.networks ? { networks: input.networks } : {}),
      ...(input.upgrade ? { upgrade: true } : {}),
      ...(input.realPaths ? { realPaths: input.realPaths } : {}),
      ...(input.refs ? { refs: input.refs } : {}),
      ...(input.existing ? { existing: input.existing } : {}),
    });
    if (decision.effect === 'deny') return deniedWith(decision, 403, match);
    if (value !== undefined || decision.stampLabels) {
      let out = value;
      if (decision.stampLabels) {
        const base = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
        const labels = { ...((base.Labels ?? {}) as Record<string, unknown>), ...decision.stampLabels };
        out = { ...base, Labels: labels };
      }
      body = reader.encode(out);
    }
    return { decision, status: 200, match, version, ...(body ? { body } : {}) };
  } catch (err) {
    return deniedWith(deny('guard.error', `the guard could not judge this request: ${err instanceof Error ? err.message : String(err)}`), 403);
  }
}

/** The JSON error body the docker CLI prints as "Error response from daemon: ...". */
export function denialMessage(d: Decision): string {
  return `portcullis: denied by rule ${d.ruleId}${d.field ? `: field ${d.field}` : ''}: ${d.reason}`;
}
