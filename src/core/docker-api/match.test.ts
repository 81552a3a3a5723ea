// Unit tests of matchRoute: gorilla/mux first-match order, `.*` parameters, versions, methods.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RouteId } from './routes/index.js';
import type { RouteMatch } from './types.js';
import { compileMatcher, matchRoute } from './match.js';
import { normalizeTarget } from './normalize.js';
import { ROUTES } from './routes/index.js';

const id = (method: string, target: string, engineVersion?: string) =>
  matchRoute(normalizeTarget(method, target), engineVersion === undefined ? {} : { engineVersion })?.route.id;
const params = (method: string, target: string) => matchRoute(normalizeTarget(method, target))?.params;

describe('matchRoute', () => {
  it('matches the brief\'s example routes, versioned and not', () => {
    expect(id('POST', '/containers/create')).toBe('container.create');
    expect(id('POST', '/v1.41/containers/create')).toBe('container.create');
    expect(id('POST', '/exec/e1/start')).toBe('exec.start');
    expect(id('POST', '/images/create')).toBe('image.pull');
    expect(id('POST', '/images/load')).toBe('image.load');
    expect(id('GET', '/_ping')).toBe('system.ping');
    expect(id('HEAD', '/_ping')).toBe('system.ping_head');
  });

  it('takes the first registered route, as gorilla/mux does', () => {
    expect(id('GET', '/containers/json')).toBe('container.list');
    expect(id('GET', '/containers/json/json')).toBe('container.inspect');
    expect(id('POST', '/containers/create/start')).toBe('container.start');
    expect(id('DELETE', '/containers/x/checkpoints/y')).toBe('checkpoint.delete');
    expect(id('DELETE', '/containers/x/y/checkpoints/z')).toBe('container.delete');
    expect(id('GET', '/images/get')).toBe('image.save_all');
    expect(id('GET', '/volumes/create')).toBe('volume.inspect');
    expect(id('GET', '/networks/')).toBe('network.list_slash');
  });

  it('lets `.*` parameters span slashes and be empty', () => {
    expect(params('GET', '/images/docker.io/library/alpine:latest/json')).toEqual({ name: 'docker.io/library/alpine:latest' });
    expect(params('GET', '/containers/a%2Fb/json')).toEqual({ id: 'a/b' });
    expect(params('GET', '/containers/a/json/json')).toEqual({ id: 'a/json' });
    expect(params('DELETE', '/containers/')).toEqual({ id: '' });
    expect(params('GET', '/networks/a/b')).toEqual({ id: 'a/b' });
    expect(id('GET', '/services/a/b')).toBeUndefined();
    expect(params('DELETE', '/containers/x/checkpoints/y')).toEqual({ id: 'x', checkpoint: 'y' });
  });

  it('reports unknown paths, wrong methods, HEAD on GET routes and lowercase methods as unknown', () => {
    expect(id('GET', '/')).toBeUndefined();
    expect(id('GET', '/nothing')).toBeUndefined();
    expect(id('POST', '/version')).toBeUndefined();
    expect(id('HEAD', '/version')).toBeUndefined();
    expect(id('get', '/version')).toBeUndefined();
    expect(id('GET', '/Version')).toBeUndefined();
    expect(id('GET', '/version/')).toBeUndefined();
    expect(id('GET', '/v1.41/')).toBeUndefined();
    expect(id('GET', '/v1.41')).toBeUndefined();
    expect(id('GET', '/v1.41/v1.41/version')).toBeUndefined();
  });

  it('serves debug routes unversioned only, for any method', () => {
    expect(id('GET', '/debug/vars')).toBe('debug.vars');
    expect(id('POST', '/debug/vars')).toBe('debug.vars');
    expect(id('get', '/debug/pprof/heap')).toBe('debug.pprof_named');
    expect(id('GET', '/v1.41/debug/vars')).toBeUndefined();
  });

  it('answers every OPTIONS request with system.options', () => {
    expect(id('OPTIONS', '/')).toBe('system.options');
    expect(id('OPTIONS', '/v1.41/containers/x/json')).toBe('system.options');
  });

  it('omits routes an older engine does not register', () => {
    expect(id('PUT', '/volumes/x')).toBe('volume.update');
    expect(id('PUT', '/volumes/x', '1.41')).toBeUndefined();
    expect(id('GET', '/images/a/attestations', '1.41')).toBeUndefined();
    expect(id('GET', '/images/a/attestations')).toBe('image.attestations');
    expect(id('POST', '/containers/x/copy', '1.41')).toBe('container.copy');
  });

  it('compiles a custom route list', () => {
    const m = compileMatcher(ROUTES.filter((r) => r.group === 'ping'));
    expect(m.match(normalizeTarget('GET', '/version'))?.route.id).toBe('system.version');
    expect(m.match(normalizeTarget('GET', '/info'))).toBeUndefined();
    expect(m.routes.every((r) => r.group === 'ping')).toBe(true);
  });
});

describe('exported types', () => {
  it('keeps the signatures other parts rely on', () => {
    expectTypeOf(matchRoute).returns.toEqualTypeOf<RouteMatch | undefined>();
    expectTypeOf<'container.create'>().toMatchTypeOf<RouteId>();
    expectTypeOf<'exec.start'>().toMatchTypeOf<RouteId>();
    expectTypeOf(normalizeTarget).parameter(1).toEqualTypeOf<string>();
  });
});
