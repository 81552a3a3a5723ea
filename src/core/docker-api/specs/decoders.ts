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
  return plain<VolumeCreateSpec>(VOLUME_CREATE, body, opts, 'got EOF while reading request body');
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
