// Query-string specs dockerd acts on: build options (JSON-valued parameters are read with json.Unmarshal, so
// trailing data is an error there) and the archive upload target. Values.Get semantics: the first value wins.
import type { DecodeIssue } from '../go-json/decode.js';
import { t, type GoType } from '../go-json/types.js';
import { unmarshalGo, type GoDecodeResult } from '../go-json/api.js';
import { ULIMIT } from './container-schemas.js';

export type QueryInput = Readonly<Record<string, string | readonly string[] | undefined>>;

const first = (q: QueryInput, k: string): string => {
  const v = q[k];
  return (Array.isArray(v) ? v[0] : (v as string | undefined)) ?? '';
};
const all = (q: QueryInput, k: string): string[] => {
  const v = q[k];
  return v === undefined ? [] : Array.isArray(v) ? [...(v as string[])] : [v as string];
};

/**
 * httputils.BoolValue: anything but "", "0", "no", "false", "none" (trimmed, any case) is true.
 *
 * @example
 * goBoolValue(' No '); // false
 */
export function goBoolValue(s: string): boolean {
  const v = s.trim().toLowerCase();
  return !(v === '' || v === '0' || v === 'no' || v === 'false' || v === 'none');
}

export interface BuildQuerySpec {
  readonly tags: readonly string[];
  readonly remote: string;
  readonly dockerfile: string;
  readonly networkMode: string;
  readonly extraHosts: string;
  readonly isolation: string;
  readonly platform: string;
  readonly version: string;
  readonly cgroupParent: string;
  readonly memory: string;
  readonly buildArgs: Readonly<Record<string, string | null>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly ulimits: readonly unknown[];
  readonly cacheFrom: readonly string[];
  readonly pull: boolean;
}

/** json.Unmarshal of one query parameter: the whole value must be one JSON document. */
function unmarshalParam(type: GoType, name: string, raw: string, issues: DecodeIssue[]): { ok: true; value: unknown } | { ok: false; message: string } {
  if (raw === '') return { ok: true, value: null };
  const r = unmarshalGo(type, raw);
  issues.push(...r.issues.map((i) => ({ ...i, path: i.path ? `${name}${i.path}` : name })));
  if (r.error) return { ok: false, message: r.error.kind === 'type' ? r.error.message : `${name}: ${r.error.message}` };
  return { ok: true, value: r.value };
}

/**
 * Read `POST /build` query parameters as dockerd 20.10 does (first value of each key; JSON-valued ones with
 * json.Unmarshal semantics, including case-insensitive nothing: they are maps, keys kept exactly).
 *
 * @example
 * decodeBuildQuery({ networkmode: 'host', buildargs: '{"A":"1"}' }).value?.networkMode; // 'host'
 */
export function decodeBuildQuery(query: QueryInput): GoDecodeResult<BuildQuerySpec> {
  const issues: DecodeIssue[] = [];
  for (const [k, v] of Object.entries(query)) if (Array.isArray(v) && v.length > 1 && k !== 't')
    issues.push({ kind: 'duplicate-key', path: k, message: `query parameter ${k} repeats; dockerd reads only the first` });
  const json: Record<string, unknown> = {};
  const specs: [string, GoType][] = [['buildargs', t.map(t.ptr(t.string))], ['labels', t.map(t.string)], ['ulimits', t.slice(t.ptr(ULIMIT))], ['cachefrom', t.slice(t.string)]];
  for (const [name, type] of specs) {
    const r = unmarshalParam(type, name, first(query, name), issues);
    if (!r.ok) return { value: undefined, issues, error: { kind: 'syntax', message: r.message, path: name } };
    json[name] = r.value;
  }
  const value: BuildQuerySpec = {
    tags: all(query, 't'),
    remote: first(query, 'remote'),
    dockerfile: first(query, 'dockerfile'),
    networkMode: first(query, 'networkmode'),
    extraHosts: first(query, 'extrahosts'),
    isolation: first(query, 'isolation'),
    platform: first(query, 'platform'),
    version: first(query, 'version'),
    cgroupParent: first(query, 'cgroupparent'),
    memory: first(query, 'memory'),
    buildArgs: (json.buildargs ?? {}) as Record<string, string | null>,
    labels: (json.labels ?? {}) as Record<string, string>,
    ulimits: (json.ulimits ?? []) as unknown[],
    cacheFrom: (json.cachefrom ?? []) as string[],
    pull: goBoolValue(first(query, 'pull')),
  };
  return { value, issues };
}

export interface ArchiveUploadSpec {
  /** The destination directory inside the container, as given. */
  readonly path: string;
  readonly noOverwriteDirNonDir: boolean;
  readonly copyUIDGID: boolean;
}

/**
 * Read `PUT /containers/{id}/archive` parameters: `path` is required (dockerd answers 400 without it).
 *
 * @example
 * decodeArchiveUpload({ path: '/etc', copyUIDGID: '1' }).value; // { path: '/etc', noOverwriteDirNonDir: false, copyUIDGID: true }
 */
export function decodeArchiveUpload(query: QueryInput): GoDecodeResult<ArchiveUploadSpec> {
  const path = first(query, 'path');
  if (path === '') return { value: undefined, issues: [], error: { kind: 'invalid', message: 'path is required', path: 'path' } };
  return { value: { path, noOverwriteDirNonDir: goBoolValue(first(query, 'noOverwriteDirNonDir')), copyUIDGID: goBoolValue(first(query, 'copyUIDGID')) }, issues: [] };
}
