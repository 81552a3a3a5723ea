// Unit tests of the Go net/url and gorilla/mux helpers the normaliser is built on.
import { describe, expect, it } from 'vitest';
import { goEscapePath, goParseQuery, goUnescape, muxCleanPath, utf8 } from './normalize-go.js';

describe('Go helpers', () => {
  it('cleans like gorilla/mux (path.Clean, trailing slash kept)', () => {
    expect(muxCleanPath('')).toBe('/');
    expect(muxCleanPath('*')).toBe('/*');
    expect(muxCleanPath('/a//b/../c/')).toBe('/a/c/');
    expect(muxCleanPath('/../..')).toBe('/');
    expect(muxCleanPath('/./')).toBe('/');
    expect(muxCleanPath('/a/.')).toBe('/a');
    expect(muxCleanPath('/a/./')).toBe('/a/');
    expect(muxCleanPath('/a/b')).toBe('/a/b');
  });

  it('escapes paths like url.String() and unescapes like url.unescape', () => {
    expect(goEscapePath('/a b/*?é')).toBe('/a%20b/%2A%3F%C3%A9');
    expect(goEscapePath("/$&+,:;=@-_.~!'()")).toBe("/$&+,:;=@-_.~%21%27%28%29");
    const u = goUnescape('a+b%2f%2F', 'path');
    expect(u.ok && utf8(u.bytes)).toBe('a+b//');
    const q = goUnescape('a+b', 'query');
    expect(q.ok && utf8(q.bytes)).toBe('a b');
    expect(goUnescape('%4', 'path').ok).toBe(false);
    expect(utf8(Uint8Array.of(0xc3))).toBeUndefined();
  });

  it('parses queries like url.ParseQuery', () => {
    expect(goParseQuery('a=1&a=2&&b=x+y&c')).toEqual({ ok: true, all: { a: ['1', '2'], b: ['x y'], c: [''] } });
    expect(goParseQuery('a=1=2')).toEqual({ ok: true, all: { a: ['1=2'] } });
    expect(goParseQuery('a;b')).toEqual({ ok: false, reason: 'query-semicolon' });
    expect(goParseQuery('%zz=1')).toEqual({ ok: false, reason: 'query-encoding' });
  });
});
