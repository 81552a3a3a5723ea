// Writes a normalised target back as one canonical request target, so a guard forwards exactly what it
// judged: dockerd decodes the result to the same path, version and query values.
import { goEscapePath } from './normalize-go.js';
import type { NormalizedTarget } from './types.js';

/**
 * url.QueryEscape: everything but ALPHA / DIGIT / "-_.~" percent-encoded, space as "+".
 * @example
 * goQueryEscape('a b&c'); // 'a+b%26c'
 */
export function goQueryEscape(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const ch = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (b === 0x20) out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export interface FormatOptions {
  /** Forward only the value dockerd reads (the first) of repeated keys. Default true. */
  readonly firstValueOnly?: boolean;
  /** Version to use when the request had none (dockerd would use its own maximum). */
  readonly defaultVersion?: string;
}

/**
 * The canonical origin-form target for a normalised request: `/v<version>` + escaped path + query with
 * each key once (or every value in order) and Go's query escaping.
 * @example
 * formatTarget(normalizeTarget('GET', 'http://h/v1.41/containers/a%2Fb/json?all=1&all=0&x=a+b'));
 * // '/v1.41/containers/a/b/json?all=1&x=a+b'
 */
export function formatTarget(target: NormalizedTarget, opts: FormatOptions = {}): string {
  const { firstValueOnly = true, defaultVersion } = opts;
  const version = target.version ?? defaultVersion;
  const pairs: string[] = [];
  for (const [k, vs] of Object.entries(target.queryAll)) {
    for (const v of firstValueOnly ? vs.slice(0, 1) : vs) pairs.push(`${goQueryEscape(k)}=${goQueryEscape(v)}`);
  }
  return (version === undefined ? '' : `/v${version}`) + goEscapePath(target.path) + (pairs.length > 0 ? `?${pairs.join('&')}` : '');
}
