// Pure adapters from Docker Engine JSON to DetectionInput: container inspect (watcher, auditor, scanner --deep),
// create body (guard, honeypot; keys matched case-insensitively as dockerd does), top, exec inspect.
import type { DetectionInput, DetectionMount, DetectionProcess } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Read a key the way Go's encoding/json does: exact match first, then case-insensitive. */
export function getKey(o: unknown, key: string): unknown {
  if (!isObj(o)) return undefined;
  if (key in o) return o[key];
  const k = Object.keys(o).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : o[k];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strList = (v: unknown): string[] | undefined =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
const labels = (v: unknown): Record<string, string> | undefined =>
  isObj(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string')) as Record<string, string> : undefined;

function mountList(v: unknown, targetKey: 'Destination' | 'Target'): DetectionMount[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObj).map((m) => ({
    source: str(getKey(m, 'Source')) ?? '',
    destination: str(getKey(m, targetKey)) ?? str(getKey(m, 'Destination')) ?? '',
    readOnly: getKey(m, 'RW') === false || getKey(m, 'ReadOnly') === true,
    type: str(getKey(m, 'Type')) ?? 'bind',
  })).filter((m) => m.destination !== '');
}

function compact(o: Record<string, unknown>): DetectionInput {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as DetectionInput;
}

/**
 * `GET /containers/{id}/json` → DetectionInput. Mounts (which already include Binds) are preferred; Binds
 * are used when the engine did not list Mounts.
 */
export function detectionInputFromInspect(inspect: unknown): DetectionInput {
  const config = getKey(inspect, 'Config');
  const host = getKey(inspect, 'HostConfig');
  const mounts = mountList(getKey(inspect, 'Mounts'), 'Destination');
  const binds = strList(getKey(host, 'Binds'));
  return compact({
    id: str(getKey(inspect, 'Id')),
    name: str(getKey(inspect, 'Name'))?.replace(/^\//, ''),
    image: str(getKey(config, 'Image')) ?? str(getKey(inspect, 'Image')),
    entrypoint: strList(getKey(config, 'Entrypoint')),
    cmd: strList(getKey(config, 'Cmd')),
    env: strList(getKey(config, 'Env')),
    labels: labels(getKey(config, 'Labels')),
    privileged: getKey(host, 'Privileged') === true,
    ...(mounts.length > 0 ? { mounts } : { binds }),
  });
}

/** `POST /containers/create` body → DetectionInput, with evidence paths in the body's own field names. */
export function detectionInputFromCreateBody(body: unknown, name?: string): DetectionInput {
  const host = getKey(body, 'HostConfig');
  return compact({
    name,
    image: str(getKey(body, 'Image')),
    entrypoint: strList(getKey(body, 'Entrypoint')),
    cmd: strList(getKey(body, 'Cmd')),
    env: strList(getKey(body, 'Env')),
    labels: labels(getKey(body, 'Labels')),
    privileged: getKey(host, 'Privileged') === true,
    binds: strList(getKey(host, 'Binds')),
    mounts: mountList(getKey(host, 'Mounts'), 'Target'),
    fields: { image: 'Image', entrypoint: 'Entrypoint', cmd: 'Cmd', env: 'Env', labels: 'Labels', binds: 'HostConfig.Binds', mounts: 'HostConfig.Mounts' },
  });
}

/** `GET /containers/{id}/top` → processes (Titles decide which column is PID, USER and CMD). */
export function processesFromTop(top: unknown): DetectionProcess[] {
  const titles = strList(getKey(top, 'Titles')) ?? [];
  const rows = getKey(top, 'Processes');
  if (!Array.isArray(rows)) return [];
  const col = (...names: string[]) => titles.findIndex((t) => names.includes(t.toUpperCase()));
  const pid = col('PID');
  const user = col('USER', 'UID');
  let cmd = col('CMD', 'COMMAND', 'ARGS');
  if (cmd < 0) cmd = titles.length - 1;
  return rows.filter(Array.isArray).map((r: unknown[]) => ({
    ...(pid >= 0 && r[pid] !== undefined ? { pid: String(r[pid]) } : {}),
    ...(user >= 0 && r[user] !== undefined ? { user: String(r[user]) } : {}),
    cmd: String(r[cmd] ?? ''),
  })).filter((p) => p.cmd !== '');
}

/** `GET /exec/{id}/json` or an exec create body → the argv it runs. */
export function execArgv(execJson: unknown): string[] {
  const pc = getKey(execJson, 'ProcessConfig');
  if (pc !== undefined) return [str(getKey(pc, 'entrypoint')) ?? '', ...(strList(getKey(pc, 'arguments')) ?? [])].filter((x) => x !== '');
  return strList(getKey(execJson, 'Cmd')) ?? [];
}
