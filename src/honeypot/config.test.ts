import { describe, expect, it } from 'vitest';
import { isPortcullisError } from '../core/errors/index.js';
import { apiLess, parseTrapConfig, parseTrapConfigYaml } from './config.js';
import { buildProfile } from './profile.js';

describe('trap config', () => {
  it('defaults to a loopback listener and a Docker 24.0.7 / API 1.43 engine', () => {
    const c = parseTrapConfig({});
    expect(c.listen).toBe('127.0.0.1:2375');
    expect(c.engine).toMatchObject({ version: '24.0.7', apiVersion: '1.43' });
    const p = buildProfile(c);
    expect(p.server).toBe('Docker/24.0.7 (linux)');
    expect(p.versionBody()).toMatchObject({ Version: '24.0.7', ApiVersion: '1.43', MinAPIVersion: '1.12' });
  });

  it('reads YAML with decoys and engine overrides', () => {
    const c = parseTrapConfigYaml('engine:\n  version: 20.10.24\n  ncpu: 32\ndecoys:\n  containers:\n    - name: miner\n      image: rival/xmrig\n');
    expect(c.engine).toMatchObject({ apiVersion: '1.41', ncpu: 32 });
    expect(c.decoys.containers[0]).toMatchObject({ name: 'miner', running: true });
  });

  it('refuses unknown engine versions without an API version, APIs clients refuse, and typos', () => {
    for (const bad of [{ engine: { version: '99.0.0' } }, { engine: { version: '99.0.0', apiVersion: '1.20' } }, { listenn: 'x' }]) {
      try {
        parseTrapConfig(bad);
        expect.unreachable();
      } catch (err) {
        expect(isPortcullisError(err) && err.code).toBe('PCL_ERR_CONFIG_INVALID');
      }
    }
    expect(parseTrapConfig({ engine: { version: '99.0.0', apiVersion: '1.45' } }).engine.apiVersion).toBe('1.45');
  });

  it('compares API versions numerically', () => {
    expect(apiLess('1.9', '1.24')).toBe(true);
    expect(apiLess('1.43', '1.43')).toBe(false);
  });
});
