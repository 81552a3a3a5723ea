// The shared engine client: reaches the lab engine over a unix socket, plain TCP and mutual TLS addressed by IP,
// the way the docker CLI resolves DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineClient, resolveDockerHost } from '../../src/core/engine/index.js';
import { expose, labFromEnv } from '../lab/index.js';

const lab = labFromEnv();

describe('EngineClient', () => {
  it('talks to the engine over unix, TCP and mutual TLS by IP', async () => {
    const unix = new EngineClient(resolveDockerHost(lab.dockerHost));
    expect((await unix.json<{ ApiVersion: string }>('/version')).ApiVersion).toMatch(/^1\.\d+$/);
    const plain = await expose('plain', lab.socketPath, '127.0.0.1');
    const mtls = await expose('mtls', lab.socketPath, '127.0.0.1');
    try {
      const tcp = new EngineClient(resolveDockerHost(`tcp://127.0.0.1:${plain.port}`, {}));
      expect((await tcp.request('/_ping')).body).toBe('OK');
      const tls = new EngineClient(resolveDockerHost(`tcp://127.0.0.1:${mtls.port}`,
        { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: mtls.pki!.clientDir }));
      expect((await tls.json<{ ApiVersion: string }>('/version')).ApiVersion).toMatch(/^1\.\d+$/);
      // With the CA but without a client certificate the mutual-TLS endpoint refuses.
      const caOnly = mkdtempSync(join(tmpdir(), 'pcl-ca-only-'));
      copyFileSync(join(mtls.pki!.clientDir, 'ca.pem'), join(caOnly, 'ca.pem'));
      const noCert = new EngineClient(resolveDockerHost(`tcp://127.0.0.1:${mtls.port}`, { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: caOnly }));
      await expect(noCert.request('/_ping')).rejects.toMatchObject({ code: 'PCL_ERR_DOCKER_UNREACHABLE' });
    } finally {
      await plain.close();
      await mtls.close();
    }
  });

  it('refuses unreadable docker hosts with the fix', () => {
    expect(() => resolveDockerHost('ftp://x')).toThrow(/use unix:\/\/\/path\/to\/docker.sock or tcp:\/\/HOST:PORT/);
  });
});
