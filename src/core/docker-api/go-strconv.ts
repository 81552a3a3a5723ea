// Go's strconv as dockerd's handlers use it on query values (Atoi, ParseInt, ParseBool), with Go's exact error
// wording (`strconv.Atoi: parsing "x": invalid syntax`), so refusals of odd parameters read like dockerd's.

import { goQuote } from './go-json/quote.js';

export { goQuote } from './go-json/quote.js';

export type GoParse<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

function parseDecimal(fn: string, s: string, min: bigint, max: bigint): GoParse<bigint> {
  const m = /^[+-]?[0-9]+$/.exec(s);
  if (!m) return { ok: false, error: `strconv.${fn}: parsing ${goQuote(s)}: invalid syntax` };
  const v = BigInt(s);
  if (v > max || v < min) return { ok: false, error: `strconv.${fn}: parsing ${goQuote(s)}: value out of range` };
  return { ok: true, value: v };
}

/**
 * strconv.Atoi on a 64-bit platform.
 *
 * @example
 * goAtoi('x'); // { ok: false, error: 'strconv.Atoi: parsing "x": invalid syntax' }
 */
export function goAtoi(s: string): GoParse<number> {
  const r = parseDecimal('Atoi', s, INT64_MIN, INT64_MAX);
  return r.ok ? { ok: true, value: Number(r.value) } : r;
}

/**
 * strconv.ParseInt(s, 10, 64).
 *
 * @example
 * goParseInt64('1h').ok; // false ('strconv.ParseInt: parsing "1h": invalid syntax')
 */
export function goParseInt64(s: string): GoParse<bigint> {
  return parseDecimal('ParseInt', s, INT64_MIN, INT64_MAX);
}

/**
 * strconv.ParseBool: 1 t T TRUE true True 0 f F FALSE false False.
 *
 * @example
 * goParseBool('yes'); // { ok: false, error: 'strconv.ParseBool: parsing "yes": invalid syntax' }
 */
export function goParseBool(s: string): GoParse<boolean> {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return { ok: true, value: true };
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return { ok: true, value: false };
  return { ok: false, error: `strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax` };
}

/**
 * timetypes.ParseTimestamps (logs and events `since`/`until`): unix seconds with an optional `.nanos` part;
 * anything else fails with ParseInt's message. `''` yields `def`.
 *
 * @example
 * parseUnixTimestamp('1.5', 0); // { ok: true, value: 1.5 }
 */
export function parseUnixTimestamp(value: string, def: number): GoParse<number> {
  if (value === '') return { ok: true, value: def };
  const dot = value.indexOf('.');
  const secPart = dot < 0 ? value : value.slice(0, dot);
  const sec = goParseInt64(secPart);
  if (!sec.ok) return sec;
  if (dot < 0) return { ok: true, value: Number(sec.value) };
  const fracPart = value.slice(dot + 1);
  const frac = goParseInt64(fracPart);
  if (!frac.ok) return frac;
  const nanos = fracPart.length >= 9 ? Number(frac.value) : Number(frac.value) * 10 ** (9 - fracPart.length);
  return { ok: true, value: Number(sec.value) + nanos / 1e9 };
}
