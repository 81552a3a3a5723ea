// The lab itself: a real engine with the local images, reachable over plain TCP, TLS-any-client and mTLS.
import { describe, expect, it } from 'vitest';
import { docker, dockerAsync, expose, labFromEnv } from '../lab/index.js';

const lab = labFromEnv();

describe('lab engine', () => {
  it('runs containers from the local alpine:latest image', () => {
    const out = docker(lab, ['run', '--rm', '--network', 'none', 'alpine:latest', 'echo', 'hello-lab']);
    expect(out.trim()).toBe('hello-lab');
  });

  it('is reachable over plain TCP on a 127.x address', async () => {
    const e = await expose('plain', lab.socketPath, '127.0.0.1');
    try {
      const r = await dockerAsync({ DOCKER_HOST: `tcp://127.0.0.1:${e.port}` }, ['version', '--format', '{{.Server.APIVersion}}']);
      expect(r.stdout.trim()).toMatch(/^1\.\d+$/);
    } finally { await e.close(); }
  });

  it('accepts any TLS client on tls-any-client, and requires a client certificate on mtls', async () => {
    const any = await expose('tls-any-client', lab.socketPath, '127.0.0.1');
    const m = await expose('mtls', lab.socketPath, '127.0.0.1');
    try {
      const version = ['version', '--format', '{{.Server.APIVersion}}'];
      const noCert = await dockerAsync({ DOCKER_HOST: '' },
        ['--host', `tcp://127.0.0.1:${any.port}`, '--tlsverify', '--tlscacert', `${any.pki!.clientDir}/ca.pem`, ...version]);
      expect(noCert.stdout.trim()).toMatch(/^1\.\d+$/);
      const withCert = await dockerAsync({ DOCKER_HOST: `tcp://127.0.0.1:${m.port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: m.pki!.clientDir }, version);
      expect(withCert.stdout.trim()).toMatch(/^1\.\d+$/);
      const refused = await dockerAsync({ DOCKER_HOST: '' },
        ['--host', `tcp://127.0.0.1:${m.port}`, '--tlsverify', '--tlscacert', `${m.pki!.clientDir}/ca.pem`, ...version]);
      expect(refused.code).not.toBe(0);
      expect(refused.stdout.trim()).toBe('');
    } finally { await any.close(); await m.close(); }
  });
});
