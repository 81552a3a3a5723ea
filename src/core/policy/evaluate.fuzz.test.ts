// Property-based fuzz of evaluate(): random subjects, routes, versions and container bodies (including odd
// shapes). Properties: it never throws, and it never allows a body whose effect an independent oracle
// says the role forbids (privileged, host namespaces, host paths outside the prefix, capabilities, ...).
import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile.js';
import { evaluate } from './evaluate.js';
import { subjectOf } from './types.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const policy = compilePolicy({
  roles: { runner: { allow: ['container.*', 'exec.*'], container: { hostPaths: ['/srv/ci'], capabilities: ['CHOWN'], images: ['alpine:*'] } } },
  grants: [{ subject: 'cert:ci', roles: ['runner'] }, { subject: 'cert:ro', roles: ['read-only'] }],
});

// Route facts as the catalogue gives them (a route's group and risk are fixed data, not request input).
const ROUTE_FACTS: Record<string, { group: string; risk: 'read' | 'write' | 'exec' | 'privilege-relevant' }> = {
  'container.create': { group: 'create', risk: 'privilege-relevant' }, 'container.start': { group: 'lifecycle', risk: 'privilege-relevant' },
  'exec.create': { group: 'exec', risk: 'exec' }, 'container.list': { group: 'read', risk: 'read' },
};

const ODD: unknown[] = [null, 1, -1, 1n << 62n, 'x', '', true, [], {}, [null], ['/'], { a: 1 }, 'host', '/', '/srv/ci/../..', 'container:x', 'ALL'];

describe('evaluate fuzz', () => {
  it('never throws and never allows a forbidden container effect (20k cases)', () => {
    const r = rng(0x5eed);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
    const routes = ['container.create', 'container.start', 'exec.create', 'container.list', 'image.load', 'service.create', 'volume.create', 'nope', ''];
    let allowedCreates = 0;
    for (let i = 0; i < 20_000; i++) {
      const hc: Record<string, unknown> = {};
      for (const k of ['Privileged', 'NetworkMode', 'PidMode', 'IpcMode', 'UTSMode', 'UsernsMode', 'CgroupnsMode', 'CapAdd', 'Binds', 'Mounts', 'Devices', 'SecurityOpt', 'VolumesFrom', 'RestartPolicy', 'Sysctls', 'CgroupParent', 'Runtime']) {
        if (r() < 0.15) hc[k] = pick(ODD);
      }
      if (r() < 0.3) hc.Binds = [pick(['/srv/ci/x:/x', '/srv/ci/../../etc:/e', '/:/host', 'vol:/v', '/srv/cix:/y', '//srv/ci/./a:/a'])];
      if (r() < 0.2) hc.Privileged = true;
      if (r() < 0.2) hc.CapAdd = [pick(['CHOWN', 'SYS_ADMIN', 'all', 'cap_chown', 'CAP_SYS_PTRACE'])];
      const body = r() < 0.05 ? pick(ODD) : { Image: r() < 0.9 ? pick(['alpine', 'alpine:3', 'evil/x', 'docker.io/library/alpine:latest']) : pick(ODD), HostConfig: r() < 0.95 ? hc : pick(ODD) };
      const route = pick(routes);
      const req = {
        subject: subjectOf('cert', pick(['ci', 'ro', 'anon'])), route: { id: route, ...(ROUTE_FACTS[route] ?? { group: 'x', risk: 'write' as const }) },
        method: 'POST', apiVersion: pick(['1.41', '1.24', '1.23', '1.42', 'v', '1.4x']), params: {}, query: {}, body, count: { ownedContainers: 0 },
      };
      const d = evaluate(policy, req);
      expect(['allow', 'deny']).toContain(d.effect);
      if (d.effect === 'deny') expect(d.ruleId).toMatch(/^policy\./);
      if (d.effect === 'allow' && route === 'container.create') {
        allowedCreates++;
        const b = body as { HostConfig: Record<string, unknown>; Image: unknown };
        const h = (typeof b.HostConfig === 'object' && b.HostConfig !== null ? b.HostConfig : {}) as Record<string, unknown>;
        expect(h.Privileged === true).toBe(false);
        for (const k of ['NetworkMode', 'PidMode', 'IpcMode', 'UTSMode']) expect(h[k] === 'host' || String(h[k] ?? '').startsWith('container:')).toBe(false);
        for (const bind of (Array.isArray(h.Binds) ? h.Binds : []) as unknown[]) {
          const src = String(bind).split(':')[0]!;
          if (src.startsWith('/')) expect(new URL(`file://${src}`).pathname.replace(/\/+/g, '/')).toMatch(/^\/srv\/ci(\/|$)/);
        }
        for (const c of (Array.isArray(h.CapAdd) ? h.CapAdd : []) as unknown[]) expect(String(c).toUpperCase().replace(/^CAP_/, '')).toBe('CHOWN');
        expect(typeof b.Image === 'string' && b.Image.includes('evil')).toBe(false);
      }
    }
    expect(allowedCreates).toBeGreaterThan(10);
  });
});
