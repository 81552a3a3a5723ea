// Unit tests of normalizeTarget: each odd target form maps to what dockerd 20.10 was measured to do.
import { describe, expect, it } from 'vitest';
import { isPortcullisError } from '../errors/index.js';
import { formBodyOverridesQuery, normalizeTarget, tryNormalizeTarget } from './normalize.js';

function rejection(method: string, target: string) {
  const r = tryNormalizeTarget(method, target);
  if (r.ok) throw new Error(`expected a rejection for ${method} ${target}`);
  return r.rejection;
}

describe('normalizeTarget', () => {
  it('strips a canonical version prefix and keeps the version', () => {
    const t = normalizeTarget('GET', '/v1.41/containers/abc/json');
    expect(t).toMatchObject({ method: 'GET', path: '/containers/abc/json', version: '1.41' });
    expect(normalizeTarget('GET', '/containers/json').version).toBeUndefined();
    expect(normalizeTarget('GET', '/v2/version').version).toBe('2');
  });

  it('reads absolute-form targets like origin-form (scheme case-insensitive, host ignored)', () => {
    expect(normalizeTarget('GET', 'HTTP://docker:2375/v1.41/info?x=1')).toMatchObject({ path: '/info', version: '1.41', query: { x: '1' } });
    expect(normalizeTarget('GET', 'http://[::1]:2375/info').path).toBe('/info');
  });

  it('decodes percent-escapes once, %2F included, and keeps "+" literal in paths', () => {
    expect(normalizeTarget('GET', '/%76ersion').path).toBe('/version');
    expect(normalizeTarget('GET', '/images/library%2Falpine/json').path).toBe('/images/library/alpine/json');
    expect(normalizeTarget('GET', '/containers/a+b/json').path).toBe('/containers/a+b/json');
    expect(normalizeTarget('GET', '/containers/%25/json').path).toBe('/containers/%/json');
    expect(normalizeTarget('GET', '/containers/%C3%A9/json').path).toBe('/containers/é/json');
  });

  it('parses queries like url.ParseQuery: first value wins, "+" is a space, empty pairs skipped', () => {
    const t = normalizeTarget('GET', '/containers/json?all=1&all=0&&filters=%7B%22a%22%3A1%7D&x=a+b%20c&flag');
    expect(t.query).toEqual({ all: '1', filters: '{"a":1}', x: 'a b c', flag: '' });
    expect(t.queryAll.all).toEqual(['1', '0']);
    expect(Object.getPrototypeOf(t.query)).toBeNull();
    expect(normalizeTarget('GET', '/info?__proto__=x').query['__proto__']).toBe('x');
  });

  it('predicts dockerd redirects for unclean paths, with Go\'s Location', () => {
    expect(rejection('GET', '//version')).toMatchObject({ reason: 'not-clean', dockerd: 'redirect', location: '/version' });
    expect(rejection('GET', '/a/../version?q=1')).toMatchObject({ location: '/version?q=1' });
    expect(rejection('GET', '/%2e/version')).toMatchObject({ location: '/version' });
    expect(rejection('GET', '/x/%2e%2e/y/')).toMatchObject({ location: '/y/' });
    expect(rejection('GET', 'http://x')).toMatchObject({ location: 'http://x/' });
    expect(rejection('GET', 'http://x//version?q=1')).toMatchObject({ location: 'http://x/version?q=1' });
    expect(rejection('GET', '/a//b?')).toMatchObject({ location: '/a/b?' });
    expect(rejection('GET', '/a%20b//c')).toMatchObject({ location: '/a%20b/c' });
    expect(rejection('GET', '*')).toMatchObject({ reason: 'asterisk-form', dockerd: 'redirect', location: '/%2A' });
    expect(rejection('OPTIONS', '*')).toMatchObject({ reason: 'asterisk-form', dockerd: 'routed' });
  });

  it('keeps a trailing slash (dockerd routes it as a different path)', () => {
    expect(normalizeTarget('GET', '/version/').path).toBe('/version/');
    expect(normalizeTarget('GET', '/v1.41/').path).toBe('/');
  });

  it('predicts Go\'s 400 for malformed request lines', () => {
    expect(rejection('GET', '/ver%zzsion')).toMatchObject({ reason: 'percent-encoding', dockerd: 'bad-request' });
    expect(rejection('GET', '/ver%2')).toMatchObject({ reason: 'percent-encoding' });
    expect(rejection('GET', 'version')).toMatchObject({ reason: 'target-syntax', dockerd: 'bad-request' });
    expect(rejection('GET', '')).toMatchObject({ reason: 'target-syntax', dockerd: 'bad-request' });
    expect(rejection('GET', '/a b')).toMatchObject({ reason: 'target-syntax', dockerd: 'bad-request' });
    expect(rejection('GET', '/a\tb')).toMatchObject({ dockerd: 'bad-request' });
    expect(rejection('G T', '/version')).toMatchObject({ reason: 'method-syntax', dockerd: 'bad-request' });
  });

  it('refuses what dockerd routes but the core will not guess', () => {
    expect(rejection('GET', '/v1.41.0/version')).toMatchObject({ reason: 'version-noncanonical', dockerd: 'routed' });
    expect(rejection('GET', '/v01.41/version').reason).toBe('version-noncanonical');
    expect(rejection('GET', '/v./version').reason).toBe('version-noncanonical');
    expect(normalizeTarget('GET', '/v1.41.0/version', { allowNonCanonicalVersion: true }).version).toBe('1.41.0');
    expect(rejection('GET', '/version#x').reason).toBe('fragment');
    expect(rejection('GET', '/ver%00sion').reason).toBe('control-char');
    expect(rejection('GET', '/containers/a%0Ab/json').reason).toBe('control-char');
    expect(rejection('GET', '/containers/%ff/json').reason).toBe('non-utf8');
    expect(rejection('GET', '/containers/é/json').reason).toBe('non-ascii');
    expect(rejection('GET', '/containers/json?a=1;b=2').reason).toBe('query-semicolon');
    expect(rejection('GET', '/containers/json?a=%zz').reason).toBe('query-encoding');
    expect(rejection('GET', '/containers/json?a=%ff').reason).toBe('query-encoding');
    expect(rejection('GET', 'http://u:p@x/info').reason).toBe('authority');
    expect(rejection('GET', 'http:/info').reason).toBe('target-syntax');
  });

  it('keeps the method verbatim (dockerd matches methods case-sensitively)', () => {
    expect(normalizeTarget('get', '/version').method).toBe('get');
  });

  it('throws a PortcullisError with reason details', () => {
    try {
      normalizeTarget('GET', '//info');
      expect.unreachable();
    } catch (e) {
      expect(isPortcullisError(e) && e.code).toBe('PCL_ERR_API_PATH_INVALID');
      expect(isPortcullisError(e) && e.details).toEqual({ reason: 'not-clean', dockerd: 'redirect', location: '/info' });
    }
  });
});

describe('formBodyOverridesQuery', () => {
  it('flags urlencoded bodies on POST/PUT/PATCH only', () => {
    expect(formBodyOverridesQuery('POST', 'Application/X-WWW-Form-Urlencoded; charset=utf-8')).toBe(true);
    expect(formBodyOverridesQuery('PUT', 'application/x-www-form-urlencoded')).toBe(true);
    expect(formBodyOverridesQuery('GET', 'application/x-www-form-urlencoded')).toBe(false);
    expect(formBodyOverridesQuery('POST', 'application/json')).toBe(false);
    expect(formBodyOverridesQuery('POST', undefined)).toBe(false);
  });
});
