import { describe, expect, it } from 'vitest';
import { parseGuardConfig } from './config-load.js';

const ok = `upstream:
  url: unix:///var/run/docker.sock
listeners:
  - type: mtls
    address: 127.0.0.1:2376
    ca: pki/ca.pem
    cert: pki/server-cert.pem
    key: pki/server-key.pem
policy:
  grants:
    - subject: cert:ci
      roles: [ci-runner]
`;

describe('guard config validation names the line and the fix', () => {
  it('accepts a valid file and resolves relative paths against its directory', () => {
    const l = parseGuardConfig(ok, '/etc/portcullis/guard.yaml');
    const m = l.config.listeners[0]!;
    expect(m.type === 'mtls' && m.ca).toBe('/etc/portcullis/pki/ca.pem');
    expect(l.config.audit.file).toBe('/etc/portcullis/audit.jsonl');
    expect(l.policy.grants).toHaveLength(1);
  });
  it('keeps a store URL as written and resolves a store file against the config directory', () => {
    const store = (v: string) => parseGuardConfig(`${ok}audit:\n  store: "${v}"\n`, '/etc/portcullis/guard.yaml').config.audit.store;
    expect(store('postgres://pcl:secret@db.internal:5432/portcullis')).toBe('postgres://pcl:secret@db.internal:5432/portcullis');
    expect(store('postgresql://db/portcullis')).toBe('postgresql://db/portcullis');
    expect(store('sqlite::memory:')).toBe('sqlite::memory:');
    expect(store('audit.db')).toBe('/etc/portcullis/audit.db');
  });
  it('names the line of an unknown listener type and lists the choices', () => {
    expect(() => parseGuardConfig(ok.replace('type: mtls', 'type: mtsl'), 'g.yaml')).toThrow(/^g\.yaml:4: listeners\.0\.type: .*use one of: mtls, token, unix, plain/);
  });
  it('names unknown keys', () => {
    expect(() => parseGuardConfig(ok.replace('    key: pki/server-key.pem', '    key: pki/server-key.pem\n    kye: x'), 'g.yaml')).toThrow(/g\.yaml:4: listeners\.0: .*remove or rename: kye/);
  });
  it('refuses plain TCP off loopback and without allowPlaintext', () => {
    const plain = ok.replace(/ {2}- type: mtls[\s\S]*?key: pki\/server-key.pem\n/, '  - type: plain\n    address: 0.0.0.0:2375\n    allowPlaintext: true\n');
    expect(() => parseGuardConfig(plain, 'g.yaml')).toThrow(/g\.yaml:5: listeners\.0\.address: plain TCP may only listen on loopback/);
    expect(() => parseGuardConfig(plain.replace('    allowPlaintext: true\n', '').replace('0.0.0.0', '127.0.0.1'), 'g.yaml')).toThrow(/allowPlaintext: true/);
  });
  it('names the grant of an unknown role', () => {
    expect(() => parseGuardConfig(ok.replace('ci-runner', 'ci-runer'), 'g.yaml')).toThrow(/g\.yaml:10: policy: grants\[0\] names unknown role "ci-runer"/);
  });
  it('reports YAML syntax errors with a line', () => {
    expect(() => parseGuardConfig('listeners: [\n  - a\n', 'g.yaml')).toThrow(/^g\.yaml:\d+: .*fix the YAML syntax/);
  });
});
