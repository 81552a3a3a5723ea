// Container create as dockerd 20.10 reads it: the body is decoded into ContainerConfigWrapper, host-config
// keys placed at the top level are honoured (getHostConfig), then the route's per-version adjustments apply.
import { decodeRaw, finish, type DecodeOptions, type GoDecodeResult } from '../go-json/api.js';
import { fieldTable, lookupField } from '../go-json/fields.js';
import type { DecodeIssue } from '../go-json/decode.js';
import { materialize, type StructVal } from '../go-json/values.js';
import { CONTAINER_CONFIG, CONTAINER_CREATE_WRAPPER, HOST_CONFIG, NETWORKING_CONFIG } from './container-schemas.js';
import { versionLess } from './version.js';
import { validateRestartPolicy } from './decoders.js';
import type { ContainerConfig, HostConfig, NetworkingConfig } from './types.js';

export interface ContainerCreateSpec {
  readonly Config: ContainerConfig;
  /** Undefined only when the body carried no host configuration at all. */
  readonly HostConfig?: HostConfig;
  readonly NetworkingConfig?: NetworkingConfig;
}

export interface CreateOptions extends DecodeOptions {
  /** API version from the path (`/v1.23/...`); default 1.41 (what dockerd 20.10 assumes without a prefix). */
  readonly apiVersion?: string;
  /** Whether the engine runs on cgroup v2 (affects the CgroupnsMode default for API < 1.41). Default true. */
  readonly cgroup2?: boolean;
}

const isZero = (v: unknown): boolean => v === undefined || v === 0 || v === 0n || v === '';

/** runconfig's getHostConfig on internal values: the tagged HostConfig wins, five legacy fields are copied in. */
function resolveHostConfig(w: StructVal): StructVal | undefined {
  const top = w.HostConfig as StructVal | undefined;
  const inner = w.InnerHostConfig as StructVal | undefined;
  let hc = top;
  if (inner) {
    if (top) {
      const topRes = (top.Resources ?? {}) as StructVal;
      const innerRes = (inner.Resources ??= Object.create(null) as StructVal) as StructVal;
      for (const k of ['Memory', 'MemorySwap', 'CPUShares', 'CpusetCpus'])
        if (!isZero(topRes[k]) && isZero(innerRes[k])) innerRes[k] = topRes[k];
      if (!isZero(top.VolumeDriver) && isZero(inner.VolumeDriver)) inner.VolumeDriver = top.VolumeDriver;
    }
    hc = inner;
  }
  if (hc) {
    if (!isZero(w.Cpuset)) {
      const res = (hc.Resources ??= Object.create(null) as StructVal) as StructVal;
      if (isZero(res.CpusetCpus)) res.CpusetCpus = w.Cpuset;
    }
    if (isZero(hc.NetworkMode)) hc.NetworkMode = 'default'; // SetDefaultNetModeIfBlank
  }
  return hc;
}

/** Validation dockerd does before creating (runconfig validate* on Linux, daemon's nil-config check). */
export function validateCreate(config: ContainerConfig | undefined, hc: HostConfig | undefined): string | undefined {
  if (!config) return 'Config cannot be empty in order to create a container';
  for (const e of config.Env ?? []) if (e.split('=')[0] === '') return `invalid environment variable: ${e}`;
  if (!hc) return undefined;
  const net = hc.NetworkMode ?? '';
  if (net.startsWith('container:') && net.slice('container:'.length) === '') return 'Invalid network mode: invalid container format container:<name|id>';
  if (hc.UTSMode === 'host' && config.Hostname) return 'conflicting options: hostname and the UTS mode';
  if (net === 'host' && (hc.Links?.length ?? 0) > 0) return 'conflicting options: host type networking can\'t be used with links. This would result in undefined behavior';
  if (hc.Isolation && hc.Isolation.toLowerCase() !== 'default') return `Invalid isolation: "${hc.Isolation}" - linux only supports 'default'`;
  if (!isZero(hc.IOMaximumBandwidth)) return 'Invalid QoS settings: linux does not support configuration of maximum bandwidth';
  if (!isZero(hc.IOMaximumIOps)) return 'Invalid QoS settings: linux does not support configuration of maximum IOPs';
  // daemon verifyContainerSettings / verifyPlatformContainerResources (the checks a body's shape can trip)
  const mem = hc.Memory ?? 0;
  if (mem > 0 && mem < 6291456) return 'Minimum memory limit allowed is 6MB';
  const rpName = hc.RestartPolicy?.Name ?? '';
  const rpInvalid = validateRestartPolicy(hc.RestartPolicy);
  if (rpInvalid) return rpInvalid;
  if (hc.AutoRemove && rpName !== '' && rpName !== 'no') return 'can\'t create \'AutoRemove\' container with restart policy';
  return undefined;
}

/** postContainersCreate's per-version adjustments, applied to the materialised host config. */
export function adjustForVersion(hc: Record<string, unknown>, version: string, cgroup2: boolean): void {
  if (versionLess(version, '1.25')) hc.AutoRemove = false;
  if (versionLess(version, '1.40')) {
    for (const m of (hc.Mounts as Record<string, unknown>[] | null | undefined) ?? []) {
      const bo = m?.BindOptions as Record<string, unknown> | undefined | null;
      if (bo) bo.NonRecursive = false;
    }
    if ('KernelMemoryTCP' in hc) hc.KernelMemoryTCP = 0;
    if (isZero(hc.IpcMode)) hc.IpcMode = 'shareable';
  }
  if (versionLess(version, '1.41') && !cgroup2 && isZero(hc.CgroupnsMode)) hc.CgroupnsMode = 'host';
  const pids = hc.PidsLimit;
  if (pids !== undefined && pids !== null && (pids as number | bigint) <= 0) delete hc.PidsLimit;
}

/**
 * Decode a `POST /containers/create` body as dockerd 20.10 does, including legacy top-level host-config keys
 * (honoured on every API version when no `HostConfig` key is present; partly merged when it is).
 *
 * @example
 * const r = decodeContainerCreate('{"Image":"alpine","Privileged":true}', { apiVersion: '1.41' });
 * // r.value.HostConfig.Privileged === true; r.issues[0].kind === 'legacy-placement'
 */
export function decodeContainerCreate(body: Uint8Array | string, opts: CreateOptions = {}): GoDecodeResult<ContainerCreateSpec> {
  const version = opts.apiVersion ?? '1.41';
  if (versionLess(version, '1.12'))
    return { value: undefined, issues: [], error: { kind: 'invalid', message: `client version ${version} is too old. Minimum supported API version is 1.12` } };
  const raw = decodeRaw(CONTAINER_CREATE_WRAPPER, body, 'ContainerConfigWrapper');
  if ('kind' in raw) return { value: undefined, issues: [], error: raw };
  const issues: DecodeIssue[] = [...raw.ctx.issues];
  const w = (raw.internal ?? Object.create(null)) as StructVal;
  if (raw.node.t === 'obj') {
    const table = fieldTable(CONTAINER_CREATE_WRAPPER);
    for (const m of raw.node.members) {
      const hit = lookupField(table, m.key);
      if (hit?.field.hops[0]?.go === 'HostConfig')
        issues.push({ kind: 'legacy-placement', path: hit.field.json, message: `host-config key ${JSON.stringify(m.key)} at the top level is ${w.InnerHostConfig ? 'ignored unless it is Memory, MemorySwap, CpuShares, CpusetCpus or VolumeDriver' : 'applied as the host config'}`, offset: m.at });
    }
  }
  if (raw.ctx.typeError) return finish<ContainerCreateSpec | undefined>(issues, undefined, raw.ctx, opts) as GoDecodeResult<ContainerCreateSpec>;
  const hcInternal = resolveHostConfig(w);
  const config = w.Config === undefined ? undefined : (materialize(CONTAINER_CONFIG, w.Config) as ContainerConfig);
  const hc = hcInternal ? (materialize(HOST_CONFIG, hcInternal) as Record<string, unknown>) : undefined;
  if (hc) adjustForVersion(hc, version, opts.cgroup2 ?? true);
  const invalid = validateCreate(config, hc as HostConfig | undefined);
  if (invalid) return { value: undefined, issues, error: { kind: 'invalid', message: invalid } };
  const nc = w.NetworkingConfig === undefined ? undefined : (materialize(NETWORKING_CONFIG, w.NetworkingConfig) as NetworkingConfig);
  const value: ContainerCreateSpec = { Config: config!, ...(hc ? { HostConfig: hc as HostConfig } : {}), ...(nc ? { NetworkingConfig: nc } : {}) };
  return finish(issues, value, raw.ctx, opts);
}

/**
 * Decode a legacy `POST /containers/{id}/start` body (API < 1.24 only; newer versions refuse a body longer than
 * 7 bytes). The body is read like a create body and only its host config is used.
 *
 * @example
 * decodeContainerStartLegacy('{"Binds":["/:/host"]}', { apiVersion: '1.23' }).value?.HostConfig?.Binds; // ['/:/host']
 */
export function decodeContainerStartLegacy(body: Uint8Array | string, opts: CreateOptions = {}): GoDecodeResult<{ readonly HostConfig?: HostConfig }> {
  const version = opts.apiVersion ?? '1.41';
  const len = typeof body === 'string' ? new TextEncoder().encode(body).length : body.length;
  if (len <= 7) return { value: {}, issues: [] };
  if (!versionLess(version, '1.24'))
    return { value: undefined, issues: [], error: { kind: 'invalid', message: 'starting container with non-empty request body was deprecated since API v1.22 and removed in v1.24' } };
  const raw = decodeRaw(CONTAINER_CREATE_WRAPPER, body, 'ContainerConfigWrapper');
  if ('kind' in raw) return { value: undefined, issues: [], error: raw };
  const hcInternal = resolveHostConfig((raw.internal ?? Object.create(null)) as StructVal);
  const hc = hcInternal ? (materialize(HOST_CONFIG, hcInternal) as HostConfig) : undefined;
  return finish(raw.ctx.issues, hc ? { HostConfig: hc } : {}, raw.ctx, opts);
}
