// Canonical JSON of a decoded value, the bytes the guard forwards instead of the client's: Go field names,
// struct order as decoded, map keys sorted bytewise (as Go's Marshal does), Go's string escaping.

function goString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Encode a decoded value canonically. Objects with a null prototype are Go maps (keys sorted); other
 * objects are structs (field order kept). `bigint` integers are written exactly.
 *
 * @example
 * encodeCanonical({ Image: 'alpine', Labels: Object.assign(Object.create(null), { b: '1', a: '2' }) });
 * // '{"Image":"alpine","Labels":{"a":"2","b":"1"}}'
 */
export function encodeCanonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? '0' : String(value)) : 'null';
  if (Array.isArray(value)) return `[${value.map((v) => encodeCanonical(v)).join(',')}]`;
  if (typeof value === 'object') {
    const isMap = Object.getPrototypeOf(value) === null;
    const keys = Object.keys(value);
    if (isMap) keys.sort(byteCompare);
    return `{${keys.map((k) => `${goString(k)}:${encodeCanonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return 'null';
}
