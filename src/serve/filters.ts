// Checks the console's query parameters before they reach the store: a bad time, an unknown verdict or a
// malformed page number is a 400 that says what to type, never a 500 nor a silently different selection.

/** RFC 3339 as people type it: a date, optionally a time (seconds and fraction optional), optionally a zone. */
const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?([zZ]|[+-]\d{2}:?\d{2})?$/;

/**
 * A time filter as the stored form (UTC, milliseconds): `2026-11-01T15:00` and `2026-11-01 15:00` are UTC.
 * Returns undefined for anything that is not a real instant between years 0000 and 9999.
 * @example parseTime('2026-11-01T16:00+01:00') // '2026-11-01T15:00:00.000Z'
 */
export function parseTime(v: string): string | undefined {
  // A `+01:00` zone typed into a URL by hand arrives as ` 01:00` (a query string's + is a space): put it back.
  v = v.trim().replace(/^(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?) (\d{2}:?\d{2})$/, '$1+$2');
  const m = TIME.exec(v);
  if (!m) return undefined;
  const [, y, mo, d, hh, mi, ss, zone] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(hh ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(ss ?? 0) > 59) return undefined;
  // A day past the month's end (2026-02-30) would roll over silently: check it against the calendar.
  if (Number(d) > new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate()) return undefined;
  let text = v.trim().replace(' ', 'T');
  if (hh === undefined) text = `${text.slice(0, 10)}T00:00${zone ? text.slice(10) : ''}`;
  if (!zone) text += 'Z';
  const t = Date.parse(text);
  if (!Number.isFinite(t)) return undefined;
  const iso = new Date(t).toISOString();
  return /^\d{4}-/.test(iso) ? iso : undefined;
}

const VERDICTS = new Set(['', 'any', 'allow', 'deny']);
const ORDERS = new Set(['', 'asc', 'desc']);

/** What is wrong with the filters of /guard, /api/guard and /api/events (empty when they are usable). */
export function filterProblems(params: URLSearchParams): string[] {
  const problems: string[] = [];
  const get = (k: string): string => params.get(k)?.trim() ?? '';
  for (const k of ['since', 'until']) {
    const v = get(k);
    if (v && parseTime(v) === undefined) problems.push(`${k}=${JSON.stringify(v)} is not a time: use RFC 3339, e.g. 2026-11-01T15:00:00Z (no zone = UTC)`);
  }
  const since = parseTime(get('since'));
  const until = parseTime(get('until'));
  if (since && until && since > until) problems.push('since is after until: swap them');
  if (!VERDICTS.has(get('verdict').toLowerCase())) problems.push(`verdict=${JSON.stringify(get('verdict'))} is unknown: use allow or deny`);
  if (!ORDERS.has(get('order').toLowerCase())) problems.push(`order=${JSON.stringify(get('order'))} is unknown: use asc or desc`);
  for (const k of ['limit', 'offset', 'page']) {
    const v = get(k);
    if (v && !/^\d{1,9}$/.test(v)) problems.push(`${k}=${JSON.stringify(v)} must be a whole number`);
  }
  if (get('page') === '0') problems.push('page numbers start at 1');
  return problems;
}

/** Rows to skip: `offset`, else `(page - 1) * limit`. */
export function offsetOf(params: URLSearchParams, limit: number): number {
  const offset = Number(params.get('offset') ?? '');
  if (params.get('offset')?.trim() && Number.isInteger(offset) && offset > 0) return offset;
  const page = Number(params.get('page') ?? '');
  return params.get('page')?.trim() && Number.isInteger(page) && page > 1 ? (page - 1) * limit : 0;
}
