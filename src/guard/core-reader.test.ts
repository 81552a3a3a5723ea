import { describe, expect, it } from 'vitest';
import { createCoreReader } from './core-reader.js';
import { forwardTarget } from './forward-util.js';

describe('core reader cache', () => {
  it('shares one frozen read per identical method and target, and keeps methods apart', () => {
    const r = createCoreReader();
    const a = r.read('GET', '/v1.41/containers/json?all=1&all=0');
    const b = r.read('GET', '/v1.41/containers/json?all=1&all=0');
    expect(a).toBe(b);
    expect(a.ok && Object.isFrozen(a.match.target.query)).toBe(true);
    const post = r.read('POST', '/v1.41/containers/json?all=1&all=0');
    expect(post.ok).toBe(false);
    expect(a.ok).toBe(true);
  });

  it('stays correct past its bound, and for targets too long to remember', () => {
    const r = createCoreReader();
    for (let i = 0; i < 3000; i++) {
      const x = r.read('GET', `/v1.41/containers/c${i}/json`);
      expect(x.ok && x.match.params.id).toBe(`c${i}`);
    }
    const long = `/v1.41/containers/${'a'.repeat(600)}/json`;
    const l = r.read('GET', long);
    expect(l.ok && l.match.params.id).toBe('a'.repeat(600));
    expect(r.read('GET', '/v1.41/../containers/json').ok).toBe(false);
  });

  it('formats the forwarded target once per read and version', () => {
    const r = createCoreReader();
    const a = r.read('GET', '/containers/json?all=1&all=0');
    if (!a.ok) throw new Error('read failed');
    expect(forwardTarget(a.match, '1.41')).toBe('/v1.41/containers/json?all=1');
    expect(forwardTarget(a.match, '1.40')).toBe('/v1.40/containers/json?all=1');
  });
});
