// realPathOf on a real directory tree: symlinks are followed, missing tails kept, prefixes resolved too.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePolicy } from '../core/policy/index.js';
import { realPathOf, resolveRealPaths } from './real-paths.js';

const root = mkdtempSync(join(tmpdir(), 'pcl-guard-realpath-'));
const real = realPathOf(root);
mkdirSync(join(root, 'allowed'));
mkdirSync(join(root, 'outside'));
symlinkSync(join(root, 'outside'), join(root, 'allowed', 'link'));
symlinkSync(join(root, 'allowed'), join(root, 'alias'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('realPathOf', () => {
  it('follows symlinks in existing prefixes and appends the missing rest', () => {
    expect(realPathOf(join(root, 'allowed'))).toBe(join(real, 'allowed'));
    expect(realPathOf(join(root, 'allowed', 'link'))).toBe(join(real, 'outside'));
    expect(realPathOf(join(root, 'allowed', 'link', 'a', 'b'))).toBe(join(real, 'outside', 'a', 'b'));
    expect(realPathOf(join(root, 'allowed', 'new', 'dir'))).toBe(join(real, 'allowed', 'new', 'dir'));
  });
  it('returns "" when resolution fails for another reason than a missing path (a symlink loop)', () => {
    symlinkSync(join(root, 'loop'), join(root, 'loop'));
    expect(realPathOf(join(root, 'loop', 'x'))).toBe('');
  });
  it('resolves the policy prefixes as well, so an aliased prefix still matches', () => {
    const policy = compilePolicy({ roles: { r: { allow: ['*'], container: { hostPaths: [join(root, 'alias')] } } }, grants: [] });
    const m = resolveRealPaths(policy, [join(root, 'alias', 'x')]);
    expect(m[join(root, 'alias')]).toBe(join(real, 'allowed'));
    expect(m[join(root, 'alias', 'x')]).toBe(join(real, 'allowed', 'x'));
  });
});
