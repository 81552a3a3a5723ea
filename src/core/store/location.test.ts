// Unit tests of store location resolution: precedence, prefixes, XDG rules and credential redaction.
import { describe, expect, it } from 'vitest';
import { defaultStorePath, redactUrl, resolveStoreLocation } from './location.js';

describe('resolveStoreLocation', () => {
  const env = { HOME: '/home/u' };
  it('defaults to ~/.local/share/portcullis/portcullis.db, honouring an absolute XDG_DATA_HOME only', () => {
    expect(resolveStoreLocation(undefined, env)).toEqual({ kind: 'sqlite', path: '/home/u/.local/share/portcullis/portcullis.db' });
    expect(defaultStorePath({ HOME: '/home/u', XDG_DATA_HOME: '/data' })).toBe('/data/portcullis/portcullis.db');
    expect(defaultStorePath({ HOME: '/home/u', XDG_DATA_HOME: 'relative' })).toBe('/home/u/.local/share/portcullis/portcullis.db');
  });
  it('prefers the argument over $PORTCULLIS_STORE over the default', () => {
    const e = { ...env, PORTCULLIS_STORE: '/env.db' };
    expect(resolveStoreLocation('/arg.db', e)).toEqual({ kind: 'sqlite', path: '/arg.db' });
    expect(resolveStoreLocation(undefined, e)).toEqual({ kind: 'sqlite', path: '/env.db' });
    expect(resolveStoreLocation('  ', e)).toEqual({ kind: 'sqlite', path: '/env.db' });
  });
  it('reads sqlite: prefixes, ~ and :memory:', () => {
    expect(resolveStoreLocation('sqlite:/a/b.db', env)).toEqual({ kind: 'sqlite', path: '/a/b.db' });
    expect(resolveStoreLocation('sqlite:///a/b.db', env)).toEqual({ kind: 'sqlite', path: '/a/b.db' });
    expect(resolveStoreLocation('~/p.db', env)).toEqual({ kind: 'sqlite', path: '/home/u/p.db' });
    expect(resolveStoreLocation('sqlite::memory:', env)).toEqual({ kind: 'memory' });
    expect(resolveStoreLocation('rel.db', env)).toEqual({ kind: 'sqlite', path: `${process.cwd()}/rel.db` });
  });
  it('recognises postgres URLs and hides their password', () => {
    expect(resolveStoreLocation('postgresql://u:pw@db/x', env)).toEqual(
      { kind: 'postgres', url: 'postgresql://u:pw@db/x', display: 'postgresql://u:***@db/x' });
    expect(redactUrl('postgres://u@db/x')).toBe('postgres://u@db/x');
  });
});
