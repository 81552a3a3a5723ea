// dockerd's `filters` query parameter (api/types/filters): JSON read with json.Unmarshal, first as the current
// map-of-sets form, then as the legacy map-of-lists form, with the Args helpers dockerd's list and prune
// handlers use to refuse bad filters. Pure: the trap answers with these words; the guard can read the same.
import { t } from './go-json/types.js';
import { unmarshalGo } from './go-json/api.js';

/** Filter name → values (the bool is the map form's value; the legacy list form sets true). Insertion-ordered. */
export type FilterArgs = ReadonlyMap<string, ReadonlyMap<string, boolean>>;

export type FilterParse =
  | { readonly ok: true; readonly args: FilterArgs }
  /** `kind` is `syntax` (not JSON) or `type` (JSON of the wrong shape); both carry Go's message. */
  | { readonly ok: false; readonly kind: 'syntax' | 'type'; readonly message: string };

const CURRENT = t.map(t.map(t.bool));
const LEGACY = t.map(t.slice(t.string));

/**
 * filters.FromJSON: empty means no filter; a value that is neither form is refused with the error of the
 * first (current-form) attempt, as dockerd reports it.
 *
 * @example
 * parseFilterArgs('{"dangling":["true"]}'); // ok, args: dangling → {true}
 * parseFilterArgs('[]'); // not ok: 'json: cannot unmarshal array into Go value of type map[string]map[string]bool'
 */
export function parseFilterArgs(raw: string | undefined): FilterParse {
  if (raw === undefined || raw === '') return { ok: true, args: new Map() };
  const current = unmarshalGo(CURRENT, raw);
  if (!current.error) return { ok: true, args: toArgs<boolean | null>(current.value as Record<string, unknown> | null, (v) => v === true) };
  const legacy = current.error.kind === 'type' ? unmarshalGo(LEGACY, raw) : undefined;
  if (legacy && !legacy.error) return { ok: true, args: toArgs<never>(legacy.value as Record<string, unknown> | null, () => true) };
  return { ok: false, kind: current.error.kind === 'type' ? 'type' : 'syntax', message: current.error.message };
}

function toArgs<V>(v: Record<string, unknown> | null, flag: (x: V) => boolean): FilterArgs {
  const out = new Map<string, Map<string, boolean>>();
  for (const [name, vals] of Object.entries(v ?? {})) {
    const set = new Map<string, boolean>();
    if (Array.isArray(vals)) for (const s of vals as string[]) set.set(s ?? '', true);
    else for (const [k, b] of Object.entries((vals ?? {}) as Record<string, V>)) set.set(k, flag(b));
    out.set(name, set);
  }
  return out;
}

/** Args.Get: the values of `name`, in the order they were given. */
export function filterValues(args: FilterArgs, name: string): string[] {
  return [...(args.get(name)?.keys() ?? [])];
}

/** Args.ExactMatch: true when `name` is absent or empty, else whether `value` is one of its values set true. */
export function exactMatch(args: FilterArgs, name: string, value: string): boolean {
  const vals = args.get(name);
  if (!vals || vals.size === 0) return true;
  return vals.get(value) === true;
}

/** Args.Validate: the first name not in `accepted`, if any. */
export function unknownFilter(args: FilterArgs, accepted: ReadonlySet<string>): string | undefined {
  for (const name of args.keys()) if (!accepted.has(name)) return name;
  return undefined;
}

/**
 * dockerd's invalidFilter error text: the name alone, or `name=value` where a list of values prints as Go's
 * `%s` of a []string (`[a b]`).
 *
 * @example
 * invalidFilterMessage('dangling', ['maybe']); // "Invalid filter 'dangling=[maybe]'"
 */
export function invalidFilterMessage(name: string, value?: string | readonly string[]): string {
  if (value === undefined) return `Invalid filter '${name}'`;
  return `Invalid filter '${name}=${typeof value === 'string' ? value : `[${value.join(' ')}]`}'`;
}

/**
 * Args.GetBoolOrDefault as 20.10 has it (network list): one value, true/1 or false/0.
 * Returns the boolean, `undefined` when the filter is absent, or the error text.
 */
export function boolFilter(args: FilterArgs, name: string): boolean | undefined | { error: string } {
  const vals = args.get(name);
  if (!vals) return undefined;
  if (vals.size > 1) return { error: `got more than one value for filter key "${name}"` };
  const [v] = [...vals.keys()];
  if (v === undefined) return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return { error: `invalid value for filter '${name}', must be "true" (or "1"), or "false" (or "0")` };
}

/** Go's time.ParseDuration grammar: "1h30m", "-1.5h", "300ms", "0". */
export function isGoDuration(s: string): boolean {
  return /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/.test(s);
}

const TIME_LAYOUTS = [
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, // RFC 3339 (nano)
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/, // local
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?$/,
  /^\d{4}-\d{2}-\d{2}T\d{2}(Z|[+-]\d{2}:\d{2})?$/,
  /^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/,
];

/**
 * Whether dockerd's timetypes.GetTimestamp reads `s` (the `until` filter of prunes): a Go duration, a Unix
 * time with optional fraction, or an RFC 3339 date/time with or without the parts on the right.
 */
export function isDockerTimestamp(s: string): boolean {
  if (isGoDuration(s)) return true;
  if (/^-?\d+(\.\d+)?$/.test(s)) return true;
  return TIME_LAYOUTS.some((re) => re.test(s));
}

/**
 * The instant (ms since the epoch) a dockerd timestamp names: a Go duration counts back from `nowMs`, a number
 * is Unix seconds, a date or date-time without a zone is UTC (the daemon's zone in containers). undefined when
 * it is not one.
 *
 * @example
 * dockerTimestampMs('10m', 600_000); // 0
 */
export function dockerTimestampMs(s: string, nowMs: number): number | undefined {
  if (!isDockerTimestamp(s)) return undefined;
  // timetypes.GetTimestamp reads "0" as Unix time 0, not as a zero duration.
  if (s !== '0' && isGoDuration(s)) return nowMs - goDurationMs(s);
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(s) ? s : `${s}${s.includes('T') ? '' : 'T00'}Z`;
  const withMinutes = zoned.replace(/T(\d{2})(Z|[+-])/, 'T$1:00$2');
  const t = Date.parse(withMinutes);
  return Number.isNaN(t) ? undefined : t;
}

const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, '\u00b5s': 1e-3, '\u03bcs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds in a Go duration already checked by isGoDuration. */
function goDurationMs(s: string): number {
  const sign = s.startsWith('-') ? -1 : 1;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/g)) total += Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0);
  return sign * total;
}

/**
 * Go's path.Match for filter patterns (the image `reference` filter): `*` and `?` never cross `/`, classes
 * in brackets with `^` negation and ranges, backslash escapes. A malformed pattern matches nothing.
 */
export function goPathMatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      const n = pattern[++i];
      if (n === undefined) return false;
      re += escapeRe(n);
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return false;
      let body = pattern.slice(i + 1, end);
      const neg = body.startsWith('^');
      if (neg) body = body.slice(1);
      if (body === '') return false;
      re += `[${neg ? '^/' : ''}${body.replace(/[\]\\^]/g, '\\$&')}]`;
      i = end;
    } else re += escapeRe(c);
  }
  try {
    return new RegExp(`${re}$`).test(name);
  } catch {
    return false;
  }
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * The `label` filter as dockerd matches it: `key` (present) or `key=value` (equal); every value must match.
 *
 * @example
 * labelsMatch(['a', 'b=1'], { a: '', b: '1' }); // true
 */
export function labelsMatch(wanted: readonly string[], labels: Readonly<Record<string, string>> | null | undefined): boolean {
  const have = labels ?? {};
  return wanted.every((w) => {
    const eq = w.indexOf('=');
    if (eq < 0) return Object.prototype.hasOwnProperty.call(have, w);
    const k = w.slice(0, eq);
    return Object.prototype.hasOwnProperty.call(have, k) && have[k] === w.slice(eq + 1);
  });
}

/**
 * Args.Match: true when `name` has no values, or one of them equals `source` or, read as a regular expression,
 * matches inside it (dockerd's name filters are regexps: `web` matches `my-web-1`).
 */
export function filterMatch(args: FilterArgs, name: string, source: string): boolean {
  const vals = filterValues(args, name);
  if (vals.length === 0) return true;
  return vals.some((v) => {
    if (v === source) return true;
    try {
      return new RegExp(v).test(source);
    } catch {
      return false;
    }
  });
}
