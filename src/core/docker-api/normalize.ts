// Reads a request target the way dockerd 20.10+ does (Go net/http request-URI parsing, then gorilla/mux
// path cleaning and the `/v{version:[0-9.]+}` prefix), so guards decide on what the engine will route.
import { PortcullisError } from '../errors/index.js';
import type { NormalizedTarget } from './types.js';
import { goEscapePath, goParseQuery, goUnescape, muxCleanPath, utf8 } from './normalize-go.js';
import { isCanonicalApiVersion } from './versions.js';

/** Why a target is refused. Each is documented with what dockerd does in docs/ROUTES.md. */
export type PathRejectReason =
  | 'method-syntax' | 'target-syntax' | 'asterisk-form' | 'authority' | 'non-ascii' | 'fragment'
  | 'percent-encoding' | 'non-utf8' | 'control-char' | 'not-clean' | 'version-noncanonical'
  | 'query-semicolon' | 'query-encoding';

/**
 * What dockerd itself does with such a target: `redirect` (301 to `location`), `bad-request` (Go's
 * net/http answers 400 before routing), `routed` (dockerd routes it, but the core refuses to guess how
 * every handler reads it).
 */
export type DockerdOutcome = 'redirect' | 'bad-request' | 'routed';

export interface PathRejection {
  readonly reason: PathRejectReason;
  readonly dockerd: DockerdOutcome;
  /** The Location dockerd sends, for `redirect`. */
  readonly location?: string;
  readonly message: string;
}

export type NormalizeResult =
  | { readonly ok: true; readonly target: NormalizedTarget }
  | { readonly ok: false; readonly rejection: PathRejection };

export interface NormalizeOptions {
  /** Accept `/v1.41.0/`, `/v01.41/`, `/v./` as dockerd does (default false: refused). */
  readonly allowNonCanonicalVersion?: boolean;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const AUTHORITY = /^(?:[A-Za-z0-9._~-]*|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?$/;
const VERSIONED = /^\/v([0-9.]+)(\/.*)$/s;

function reject(reason: PathRejectReason, dockerd: DockerdOutcome, message: string, location?: string): NormalizeResult {
  return { ok: false, rejection: location === undefined ? { reason, dockerd, message } : { reason, dockerd, message, location } };
}

/**
 * Normalise a request line's method and target without throwing.
 * @example
 * const r = tryNormalizeTarget('GET', '/v1.41/containers//json');
 * if (!r.ok) r.rejection; // { reason: 'not-clean', dockerd: 'redirect', location: '/v1.41/containers/json', ... }
 */
export function tryNormalizeTarget(method: string, rawTarget: string, opts: NormalizeOptions = {}): NormalizeResult {
  if (!TOKEN.test(method)) return reject('method-syntax', 'bad-request', 'The method is not an HTTP token; Go answers 400.');
  if (rawTarget === '' || /[\x00-\x20\x7f]/.test(rawTarget)) {
    return reject('target-syntax', 'bad-request', 'The target is empty or holds spaces/control characters; Go answers 400.');
  }
  if (/[^\x00-\x7f]/.test(rawTarget)) {
    return reject('non-ascii', 'routed', 'The target holds raw non-ASCII bytes; percent-encode them.');
  }
  if (rawTarget === '*') {
    // Go's server answers "OPTIONS *" itself (200); any other method reaches mux, which redirects to "/*".
    return method === 'OPTIONS'
      ? reject('asterisk-form', 'routed', 'Asterisk-form OPTIONS is answered by Go itself; send a path.')
      : reject('asterisk-form', 'redirect', 'Asterisk-form is only for OPTIONS; dockerd redirects it.', '/%2A');
  }

  // Origin-form, or absolute-form with an authority (Go's url.ParseRequestURI).
  let prefix = '';
  let rest = rawTarget;
  if (!rest.startsWith('/')) {
    const m = SCHEME.exec(rest);
    if (!m || m[1] === undefined) return reject('target-syntax', 'bad-request', 'The target is neither "/path" nor "scheme://host/path"; Go answers 400.');
    const scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
    if (!rest.startsWith('//')) return reject('target-syntax', 'routed', 'Absolute-form targets must have "//host"; send an origin-form path.');
    const end = rest.slice(2).search(/[/?]/);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, 2 + end);
    if (!AUTHORITY.test(authority)) return reject('authority', 'routed', 'The absolute-form host is not a plain host[:port]; send an origin-form path.');
    prefix = `${scheme}://${authority}`;
    rest = end < 0 ? '' : rest.slice(2 + end);
  }

  // Go: a single trailing "?" forces an empty query; otherwise the query starts at the first "?".
  let rawPath = rest;
  let rawQuery = '';
  let forceQuery = false;
  const q = rest.indexOf('?');
  if (q >= 0) {
    rawPath = rest.slice(0, q);
    rawQuery = rest.slice(q + 1);
    forceQuery = rawQuery === '' && rest.indexOf('?', q + 1) < 0;
  }
  if (rest.includes('#')) return reject('fragment', 'routed', 'A "#" in a request target is read by dockerd as part of the path or query; encode it as %23.');

  let path = rawPath; // ASCII here; without "%" there is nothing to decode (the hot path)
  if (rawPath.includes('%')) {
    const un = goUnescape(rawPath, 'path');
    if (!un.ok) return reject('percent-encoding', 'bad-request', 'The path has a "%" not followed by two hex digits; Go answers 400.');
    const decoded = utf8(un.bytes);
    if (decoded === undefined) return reject('non-utf8', 'routed', 'The decoded path is not UTF-8; the core cannot read it as Go does.');
    path = decoded;
  }
  if (/[\x00-\x1f\x7f]/.test(path)) return reject('control-char', 'routed', 'The decoded path holds control characters (%00-%1F, %7F); refuse them.');

  const clean = muxCleanPath(path);
  if (clean !== path) {
    const location = prefix + goEscapePath(clean) + (rawQuery !== '' || forceQuery ? '?' + rawQuery : '');
    return reject('not-clean', 'redirect', `The path is not clean ("//", "." or ".." segments); dockerd answers 301 to ${location}.`, location);
  }

  let version: string | undefined;
  let unversioned = path;
  const vm = VERSIONED.exec(path);
  if (vm && vm[1] !== undefined && vm[2] !== undefined) {
    version = vm[1];
    unversioned = vm[2];
    if (!opts.allowNonCanonicalVersion && !isCanonicalApiVersion(version)) {
      return reject('version-noncanonical', 'routed', `API version "${version}" is not written as MAJOR.MINOR; send e.g. /v1.41/.`);
    }
  }

  const parsed = goParseQuery(rawQuery);
  if (!parsed.ok) {
    return parsed.reason === 'query-semicolon'
      ? reject('query-semicolon', 'routed', 'The query holds ";": Go drops such pairs or some handlers answer 400; use "&".')
      : reject('query-encoding', 'routed', 'The query has a bad %-escape or non-UTF-8 bytes; Go drops such pairs or answers 400.');
  }
  const query: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, vs] of Object.entries(parsed.all)) if (vs[0] !== undefined) query[k] = vs[0];

  const target: NormalizedTarget = version === undefined
    ? { method, path: unversioned, query, queryAll: parsed.all }
    : { method, path: unversioned, version, query, queryAll: parsed.all };
  return { ok: true, target };
}

/**
 * Normalise a request line's method and target as dockerd's router reads it; throws PortcullisError
 * `PCL_ERR_API_PATH_INVALID` (details: reason, dockerd, location) for targets the core refuses.
 * The method is kept verbatim: dockerd routes methods case-sensitively (`get` reaches no route).
 * @example
 * normalizeTarget('GET', 'http://docker/v1.41/containers/abc/json?all=1&all=0');
 * // { method: 'GET', path: '/containers/abc/json', version: '1.41', query: { all: '1' }, queryAll: { all: ['1', '0'] } }
 */
export function normalizeTarget(method: string, rawTarget: string, opts: NormalizeOptions = {}): NormalizedTarget {
  const r = tryNormalizeTarget(method, rawTarget, opts);
  if (r.ok) return r.target;
  const { reason, dockerd, location, message } = r.rejection;
  throw new PortcullisError('PCL_ERR_API_PATH_INVALID', message, { details: { reason, dockerd, ...(location === undefined ? {} : { location }) } });
}

/**
 * Whether Go's `Request.ParseForm` would read the body as form values placed BEFORE the query's values
 * (POST/PUT/PATCH with Content-Type application/x-www-form-urlencoded): dockerd handlers that read
 * `r.Form` would then see parameters the query never showed. Guards must refuse or inspect such bodies.
 * @example
 * formBodyOverridesQuery('POST', 'application/x-www-form-urlencoded; charset=utf-8'); // true
 */
export function formBodyOverridesQuery(method: string, contentType: string | undefined): boolean {
  if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') return false;
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/x-www-form-urlencoded';
}
