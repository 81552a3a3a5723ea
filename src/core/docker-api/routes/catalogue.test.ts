// Invariants of the route catalogue: unique stable ids in one grammar, consistent flags, params declared.
import { describe, expect, it } from 'vitest';
import { ROUTES as ALL, isRouteId, routeById, type CatalogueRoute } from './index.js';

const ROUTES: readonly CatalogueRoute[] = ALL;
import { isCanonicalApiVersion } from '../versions.js';

describe('route catalogue', () => {
  it('has unique ids of the form <resource>.<action>', () => {
    const ids = ROUTES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const i of ids) expect(i).toMatch(/^[a-z]+\.[a-z][a-z0-9_]*$/);
  });

  it('has unique method+path pairs and swagger operation ids', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    const ops = ROUTES.flatMap((r) => (r.operationId ? [r.operationId] : []));
    expect(new Set(ops).size).toBe(ops.length);
    expect(ops.length).toBeGreaterThan(100);
  });

  it('declares patterns only for parameters of the path, and keeps versions canonical', () => {
    for (const r of ROUTES) {
      const names = [...r.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declared = Object.keys(r.params ?? {});
      for (const d of declared) expect(names, r.id).toContain(d);
      for (const v of [r.minVersion, r.maxVersion]) if (v !== undefined) expect(isCanonicalApiVersion(v), r.id).toBe(true);
    }
  });

  it('marks hijacked routes as exec or privilege-relevant and JSON-inspected routes with a body kind', () => {
    for (const r of ROUTES) {
      if (r.hijack) expect(['exec', 'privilege-relevant'], r.id).toContain(r.risk);
      if (r.inspectBody) expect(['json', 'tar', 'binary'], r.id).toContain(r.bodyKind);
      if (r.risk === 'privilege-relevant' && r.method !== 'GET') expect(r.inspectBody || r.hijack === true || r.id === 'plugin.enable', r.id).toBe(true);
    }
  });

  it('covers every area of the Engine API reference', () => {
    const areas = new Set(ROUTES.map((r) => r.id.split('.')[0]));
    for (const a of ['container', 'exec', 'image', 'build', 'network', 'volume', 'swarm', 'node', 'service', 'task', 'secret', 'config', 'plugin', 'system', 'distribution', 'session', 'grpc']) {
      expect(areas, a).toContain(a);
    }
  });

  it('looks routes up by id', () => {
    expect(routeById('container.create')).toMatchObject({ method: 'POST', path: '/containers/create', risk: 'privilege-relevant' });
    expect(routeById('nope.nope')).toBeUndefined();
    expect(isRouteId('exec.start')).toBe(true);
    expect(isRouteId('exec.stop')).toBe(false);
  });
});
