// Go's net/url and gorilla/mux helpers reproduced byte for byte: path unescaping, path escaping for
// redirect locations, mux's cleanPath, and url.ParseQuery. Normalisation is built on these.

const HEX = /^[0-9A-Fa-f]{2}$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Result of a Go-style unescape: the bytes, or why Go would refuse them. */
export type Unescaped = { ok: true; bytes: Uint8Array } | { ok: false };

/**
 * net/url `unescape`: `%XX` (either hex case) becomes a byte; a lone `%` is an error (400 in net/http).
 * In query mode `+` becomes a space, as QueryUnescape does; in path mode it stays `+`.
 * @example
 * goUnescape('a+b%2F', 'path'); // { ok: true, bytes: 'a+b/' as bytes }
 */
export function goUnescape(s: string, mode: 'path' | 'query'): Unescaped {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      const h = s.slice(i + 1, i + 3);
      if (!HEX.test(h)) return { ok: false };
      out.push(parseInt(h, 16));
      i += 2;
    } else if (c === 0x2b && mode === 'query') {
      out.push(0x20);
    } else if (c < 0x80) {
      out.push(c);
    } else {
      // Callers pass ASCII only (non-ASCII targets are refused earlier); encode defensively as UTF-8.
      for (const b of new TextEncoder().encode(s[i] ?? '')) out.push(b);
    }
  }
  return { ok: true, bytes: Uint8Array.from(out) };
}

/**
 * UTF-8 text of the bytes, or undefined when they are not valid UTF-8 (JS strings cannot hold them as Go does).
 * @example
 * utf8(Uint8Array.of(0xff)); // undefined
 */
export function utf8(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * net/url `escape(s, encodePath)`: what `url.String()` writes for a path (used in mux's redirect Location).
 * @example
 * goEscapePath('/a b/*'); // '/a%20b/%2A'
 */
export function goEscapePath(path: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(path)) {
    const ch = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~$&+,/:;=@]/.test(ch)) out += ch;
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Go's `path.Clean` for a rooted path. */
function pathClean(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

/**
 * gorilla/mux `cleanPath`: root the path, `path.Clean` it, and put back a trailing slash. dockerd's router
 * answers 301 to the cleaned path whenever it differs from the decoded request path.
 * @example
 * muxCleanPath('/a//b/../c/'); // '/a/c/'
 */
export function muxCleanPath(p: string): string {
  if (p === '') return '/';
  if (p[0] !== '/') p = '/' + p;
  // Hot path: no empty, "." or ".." segment means path.Clean changes nothing.
  if (!/\/\/|\/\.\.?(?:\/|$)/.test(p)) return p;
  let np = pathClean(p);
  if (p.endsWith('/') && np !== '/') np += '/';
  return np;
}

/** url.QueryUnescape to UTF-8 text; undefined for a bad escape or non-UTF-8 bytes. */
function queryUnescape(s: string): string | undefined {
  if (!/[%+\x80-\uffff]/.test(s)) return s;
  const u = goUnescape(s, 'query');
  return u.ok ? utf8(u.bytes) : undefined;
}

/** What url.ParseQuery makes of a raw query, or why the core refuses it. */
export type ParsedQuery =
  | { ok: true; all: Record<string, string[]> }
  | { ok: false; reason: 'query-semicolon' | 'query-encoding' };

/**
 * url.ParseQuery: split on `&`, skip empty pairs, split each at the first `=`, QueryUnescape both sides,
 * keep every value in order. Where Go reports an error (a `;`, a bad escape) parts would be silently
 * dropped or the handler would answer 400 depending on the route, so the core refuses instead.
 * @example
 * goParseQuery('a=1&a=2&b=x+y'); // { ok: true, all: { a: ['1', '2'], b: ['x y'] } }
 */
export function goParseQuery(raw: string): ParsedQuery {
  const all: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  if (raw.includes(';')) return { ok: false, reason: 'query-semicolon' };
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = queryUnescape(eq < 0 ? pair : pair.slice(0, eq));
    const value = queryUnescape(eq < 0 ? '' : pair.slice(eq + 1));
    if (key === undefined || value === undefined) return { ok: false, reason: 'query-encoding' };
    const list = all[key];
    if (list) list.push(value);
    else all[key] = [value];
  }
  return { ok: true, all };
}
