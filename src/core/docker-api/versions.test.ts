// Unit tests of API version arithmetic (Go's versions.compare semantics).
import { describe, expect, it } from 'vitest';
import { apiVersionInRange, compareApiVersions, isCanonicalApiVersion, routeExistsIn } from './versions.js';
import { routeById } from './routes/index.js';

describe('versions', () => {
  it('compares numerically part by part, missing or empty parts as 0', () => {
    expect(compareApiVersions('1.41', '1.9')).toBe(1);
    expect(compareApiVersions('1.9', '1.41')).toBe(-1);
    expect(compareApiVersions('1.41.0', '1.41')).toBe(0);
    expect(compareApiVersions('01.41', '1.41')).toBe(0);
    expect(compareApiVersions('.', '0')).toBe(0);
    expect(compareApiVersions('2', '1.99')).toBe(1);
    expect(compareApiVersions('1.99999999999999999999999', '1.9223372036854775807')).toBe(0);
  });

  it('knows the canonical spelling', () => {
    for (const v of ['1.41', '1.24', '2', '0', '1.0']) expect(isCanonicalApiVersion(v)).toBe(true);
    for (const v of ['1.41.0', '01.41', '1.041', '.', '1.', '.41', '', '1..41']) expect(isCanonicalApiVersion(v)).toBe(false);
  });

  it('checks route availability and ranges', () => {
    const vu = routeById('volume.update');
    const copy = routeById('container.copy');
    expect(vu && routeExistsIn(vu, '1.41')).toBe(false);
    expect(vu && routeExistsIn(vu, '1.42')).toBe(true);
    expect(copy && routeExistsIn(copy, '1.23')).toBe(true);
    expect(copy && routeExistsIn(copy, '1.24')).toBe(false);
    expect(apiVersionInRange('1.44', '1.12', '1.41')).toBe(false);
    expect(apiVersionInRange('1.4', '1.12', '1.41')).toBe(false);
    expect(apiVersionInRange('1.41', '1.12', '1.41')).toBe(true);
    expect(apiVersionInRange('9')).toBe(true);
  });
});
