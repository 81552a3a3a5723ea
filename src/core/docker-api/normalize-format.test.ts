// Unit tests of formatTarget: canonical output that normalises back to the same reading.
import { describe, expect, it } from 'vitest';
import { normalizeTarget } from './normalize.js';
import { formatTarget, goQueryEscape } from './normalize-format.js';

describe('formatTarget', () => {
  it('writes one canonical target', () => {
    const t = normalizeTarget('GET', 'http://h/v1.41/containers/a%2Fb/json?all=1&all=0&x=a+b&f=%7B%22a%22%3A1%7D');
    expect(formatTarget(t)).toBe('/v1.41/containers/a/b/json?all=1&x=a+b&f=%7B%22a%22%3A1%7D');
    expect(formatTarget(t, { firstValueOnly: false })).toBe('/v1.41/containers/a/b/json?all=1&all=0&x=a+b&f=%7B%22a%22%3A1%7D');
    expect(formatTarget(normalizeTarget('GET', '/info'), { defaultVersion: '1.41' })).toBe('/v1.41/info');
    expect(formatTarget(normalizeTarget('GET', '/info'))).toBe('/info');
  });

  it('round-trips: the formatted target normalises to the same reading', () => {
    for (const raw of ['/v1.41/images/docker.io/x:1/json?a=%26%3D%3B&b=%2B+%20', '/containers/%C3%A9%20x/json?k%20=v&k+=w', '/_ping?']) {
      const t = normalizeTarget('GET', raw);
      const back = normalizeTarget('GET', formatTarget(t, { firstValueOnly: false }));
      expect(back).toEqual(t);
    }
  });

  it('escapes query components like url.QueryEscape', () => {
    expect(goQueryEscape('a b&c=d;e/f?g+h~é')).toBe('a+b%26c%3Dd%3Be%2Ff%3Fg%2Bh~%C3%A9');
  });
});
