// One entry for the guard and the honeypot: given a matched route id, decode its body/query as dockerd
// does, judge it, and return the canonical body to forward — so callers never pick decoders themselves.
import type { Finding } from '../../report/finding.js';
import type { DecodeOptions, GoDecodeError } from '../go-json/api.js';
import type { DecodeIssue } from '../go-json/decode.js';
import { encodeCanonical } from '../go-json/encode.js';
import { decodeContainerCreate, decodeContainerStartLegacy } from '../specs/container-create.js';
import { decodeContainerUpdate, decodeExecCreate, decodePluginPrivileges, decodeServiceSpec, decodeVolumeCreate } from '../specs/decoders.js';
import { encodeContainerCreate } from '../specs/encode.js';
import { decodeArchiveUpload, decodeBuildQuery, type QueryInput } from '../specs/query.js';
import { analyzeContainerCreate, analyzeHostConfig } from './container.js';
import { analyzeArchiveUpload, analyzeBuildQuery, analyzeContainerUpdate, analyzeExecCreate, analyzePluginPrivileges, analyzeServiceSpec, analyzeVolumeCreate } from './other.js';

export interface InspectInput extends DecodeOptions {
  /** Route id from the catalogue, e.g. `container.create`. */
  readonly routeId: string;
  readonly body?: Uint8Array | string;
  readonly query?: QueryInput;
  /** API version from the path; default 1.41. */
  readonly apiVersion?: string;
  /** Finding target (container name, request id); default `request`. */
  readonly target?: string;
  /** cgroup v2 engine (affects a default for API < 1.41); default true. */
  readonly cgroup2?: boolean;
}

export interface InspectResult {
  /** False when the route has nothing this module judges (the caller decides by policy alone). */
  readonly handled: boolean;
  readonly spec?: unknown;
  readonly findings: readonly Finding[];
  readonly issues: readonly DecodeIssue[];
  /** Set when dockerd would refuse the request, or strict mode refuses it: the guard denies. */
  readonly error?: GoDecodeError;
  /**
   * The bytes to forward instead of the client's: what was judged, canonically. Undefined when there is no
   * JSON body, or when the schema is partial (service specs) and re-encoding would drop fields.
   */
  readonly canonicalBody?: string;
}

const NONE: InspectResult = { handled: false, findings: [], issues: [] };

/**
 * Decode and judge one request by route id.
 *
 * @example
 * const r = inspectRequest({ routeId: 'container.create', body: '{"Image":"alpine","HostConfig":{"Privileged":true}}', strict: true });
 * // r.findings[0].ruleId === 'PCL-CFG-001'; r.canonicalBody === '{"Image":"alpine","HostConfig":{...}}'
 */
export function inspectRequest(input: InspectInput): InspectResult {
  const { routeId, body = '', query = {}, target = 'request' } = input;
  const opts = { strict: input.strict ?? false, allow: input.allow ?? [], apiVersion: input.apiVersion ?? '1.41', cgroup2: input.cgroup2 ?? true };
  const t = { target };
  switch (routeId) {
    case 'container.create': {
      const r = decodeContainerCreate(body, opts);
      if (!r.value) return { handled: true, findings: [], issues: r.issues, ...(r.error ? { error: r.error } : {}) };
      return { handled: true, spec: r.value, findings: analyzeContainerCreate(r.value, t), issues: r.issues, canonicalBody: encodeContainerCreate(r.value) };
    }
    case 'container.start': {
      const r = decodeContainerStartLegacy(body, opts);
      if (!r.value) return { handled: true, findings: [], issues: r.issues, ...(r.error ? { error: r.error } : {}) };
      const hc = r.value.HostConfig;
      return { handled: true, spec: r.value, findings: hc ? analyzeHostConfig(hc, t) : [], issues: r.issues, ...(hc ? { canonicalBody: encodeCanonical({ HostConfig: hc }) } : {}) };
    }
    case 'container.update':
      return judged(decodeContainerUpdate(body, opts), (v) => analyzeContainerUpdate(v, t), true);
    case 'exec.create':
      return judged(decodeExecCreate(body, opts), (v) => analyzeExecCreate(v, t), true);
    case 'volume.create':
      return judged(decodeVolumeCreate(body, opts), (v) => analyzeVolumeCreate(v, t), true);
    case 'service.create':
    case 'service.update':
      return judged(decodeServiceSpec(body, opts), (v) => analyzeServiceSpec(v, t), false);
    case 'plugin.pull':
    case 'plugin.upgrade':
      return judged(decodePluginPrivileges(body, opts), (v) => analyzePluginPrivileges(v, t), true);
    case 'build.run':
      return judged(decodeBuildQuery(query), (v) => analyzeBuildQuery(v, t), false);
    case 'container.archive_put':
      return judged(decodeArchiveUpload(query), (v) => analyzeArchiveUpload(v, t), false);
    default:
      return NONE;
  }
}

function judged<T>(r: { value: T | undefined; issues: readonly DecodeIssue[]; error?: GoDecodeError }, analyze: (v: T) => Finding[], canonical: boolean): InspectResult {
  if (r.value === undefined) return { handled: true, findings: [], issues: r.issues, ...(r.error ? { error: r.error } : {}) };
  return { handled: true, spec: r.value, findings: analyze(r.value), issues: r.issues, ...(canonical ? { canonicalBody: encodeCanonical(r.value) } : {}) };
}
