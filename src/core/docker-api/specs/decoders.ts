// Decoders for the other inspected bodies (exec create, volume create, container update, service spec, plugin
// privileges), each with the route handler's own post-processing and refusals from dockerd 20.10.
import { decodeRaw, finish, type DecodeOptions, type GoDecodeResult } from '../go-json/api.js';
import type { GoType } from '../go-json/types.js';
import { materialize } from '../go-json/values.js';
import { UPDATE_CONFIG } from './container-schemas.js';
import { EXEC_CONFIG, PLUGIN_PRIVILEGES, SERVICE_SPEC, VOLUME_CREATE } from './other-schemas.js';
import type { ExecSpec, PluginPrivilege, ServiceSpec, UpdateSpec, VolumeCreateSpec } from './types.js';
import { versionLess } from './version.js';

export interface VersionedOptions extends DecodeOptions {
  readonly apiVersion?: string;
}

function plain<T>(type: GoType, body: Uint8Array | string, opts: DecodeOptions, eofMessage?: string): GoDecodeResult<T> {
  const name = type.k === 'struct' ? type.name : 'value';
  const raw = decodeRaw(type, body, name);
  if ('kind' in raw) return { value: undefined, issues: [], error: raw.kind === 'eof' && eofMessage && raw.message === 'EOF' ? { ...raw, message: eofMessage } : raw };
  return finish(raw.ctx.issues, materialize(type, raw.internal) as T, raw.ctx, opts);
}

/**
 * `POST /containers/{id}/exec`: ExecConfig; an empty `Cmd` is refused (400 "No exec command specified").
 *
 * @example
 * decodeExecCreate('{"Cmd":["sh"],"privileged":true}').value?.Privileged; // true
 */
export function decodeExecCreate(body: Uint8Array | string, opts: DecodeOptions = {}): GoDecodeResult<ExecSpec> {
  const r = plain<ExecSpec>(EXEC_CONFIG, body, opts, 'got EOF while reading request body');
  if (r.value && (r.value.Cmd?.length ?? 0) === 0) return { value: undefined, issues: r.issues, error: { kind: 'invalid', message: 'No exec command specified' } };
  return r;
}

/**
 * `POST /volumes/create`: VolumeCreateBody (Name, Driver, DriverOpts, Labels).
 *
 * @example
 * decodeVolumeCreate('{"Name":"v","DriverOpts":{"type":"none","o":"bind","device":"/"}}').value?.DriverOpts?.device; // '/'
 */
export function decodeVolumeCreate(body: Uint8Array | string, opts: DecodeOptions = {}): GoDecodeResult<VolumeCreateSpec> {
  const r = plain<VolumeCreateSpec>(VOLUME_CREATE, body, opts, 'got EOF while reading request body');
  const v = r.value;
  if (v && (v.Driver ?? '') in { '': 1, local: 1 }) {
    const invalid = validateLocalVolumeOptions(v.DriverOpts ?? {});
    if (invalid) return { value: undefined, issues: r.issues, error: { kind: 'invalid', message: invalid, path: 'DriverOpts' } };
  }
  return r;
}

/** daemon verifyContainerSettings' restart-policy check. */
export function validateRestartPolicy(rp: { Name?: string; MaximumRetryCount?: number | bigint } | undefined): string | undefined {
  const name = rp?.Name ?? '';
  const retries = rp?.MaximumRetryCount ?? 0;
  if (name === '') return undefined; // an empty name is not validated (and, on update, not applied)
  if (!['no', 'always', 'unless-stopped', 'on-failure'].includes(name)) return `invalid restart policy '${name}'`;
  if (name === 'on-failure' && retries < 0) return 'maximum retry count cannot be negative';
  if (name !== 'on-failure' && retries !== 0) return `maximum retry count cannot be used with restart policy '${name}'`;
  return undefined;
}

const LOCAL_VALID = new Set(['type', 'o', 'device', 'size']);
const LOCAL_REQUIRES: Record<string, readonly string[]> = { device: ['type'], type: ['device'], o: ['device', 'type'] };

/** The local volume driver's option check (volume/local validateOpts): known keys, exact case, and pairs. */
export function validateLocalVolumeOptions(o: Readonly<Record<string, string>>): string | undefined {
  for (const k of Object.keys(o)) if (!LOCAL_VALID.has(k)) return `invalid option: ${JSON.stringify(k)}`;
  for (const [k, req] of Object.entries(LOCAL_REQUIRES)) if (k in o) for (const r of req) if (!(r in o)) return `missing required option: ${JSON.stringify(r)}`;
  return undefined;
}

/**
 * `POST /containers/{id}/update`: UpdateConfig; PidsLimit ignored below API 1.40, non-positive means unlimited (0).
 *
 * @example
 * decodeContainerUpdate('{"Memory":0,"RestartPolicy":{"Name":"always"}}').value?.RestartPolicy?.Name; // 'always'
 */
export function decodeContainerUpdate(body: Uint8Array | string, opts: VersionedOptions = {}): GoDecodeResult<UpdateSpec> {
  const r = plain<Record<string, unknown>>(UPDATE_CONFIG, body, opts);
  if (!r.value) return r as GoDecodeResult<UpdateSpec>;
  const v = { ...r.value };
  if (versionLess(opts.apiVersion ?? '1.41', '1.40')) delete v.PidsLimit;
  const pids = v.PidsLimit as number | bigint | null | undefined;
  if (pids !== undefined && pids !== null && pids <= 0) v.PidsLimit = 0;
  const invalid = validateRestartPolicy(v.RestartPolicy as { Name?: string; MaximumRetryCount?: number | bigint } | undefined);
  if (invalid) return { value: undefined, issues: r.issues, error: { kind: 'invalid', message: invalid, path: 'RestartPolicy' } };
  return { ...r, value: v as UpdateSpec };
}

/**
 * `POST /services/create` and `/services/{id}/update`: swarm ServiceSpec (security-relevant subset).
 *
 * @example
 * decodeServiceSpec('{"TaskTemplate":{"ContainerSpec":{"Image":"a","CapabilityAdd":["ALL"]}}}').value?.TaskTemplate?.ContainerSpec?.CapabilityAdd; // ['ALL']
 */
export function decodeServiceSpec(body: Uint8Array | string, opts: DecodeOptions = {}): GoDecodeResult<ServiceSpec> {
  return plain<ServiceSpec>(SERVICE_SPEC, body, opts);
}

/**
 * `POST /plugins/pull` and `/plugins/{name}/upgrade`: the privileges the client accepts for the plugin.
 *
 * @example
 * decodePluginPrivileges('[{"Name":"network","Value":["host"]}]').value?.[0]?.Name; // 'network'
 */
export function decodePluginPrivileges(body: Uint8Array | string, opts: DecodeOptions = {}): GoDecodeResult<readonly PluginPrivilege[]> {
  const r = plain<PluginPrivilege[] | null>(PLUGIN_PRIVILEGES, body, opts);
  return r.value === null ? { ...r, value: [] } : (r as GoDecodeResult<readonly PluginPrivilege[]>);
}
