import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGuardConfig } from './config-load.js';

describe('examples/guard/guard.yaml', () => {
  it('is a valid guard configuration', () => {
    const path = join(import.meta.dirname, '../../examples/guard/guard.yaml');
    const l = parseGuardConfig(readFileSync(path, 'utf8'), path);
    expect(l.config.listeners.map((x) => x.type)).toEqual(['mtls', 'token', 'unix']);
    expect(l.policy.grants).toHaveLength(4);
  });
});
