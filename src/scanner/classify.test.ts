// The pure judgement steps (ping, version, control, banners, TLS hints) and the "what changed" diff.
import { describe, expect, it } from 'vitest';
import { foreignService, isTlsHint, judgeBanner, judgeControl, judgePing, judgeVersion, parseVersion, type HttpResponse } from './classify.js';
import { diffScans } from './diff.js';

const res = (status: number, body: string, headers: Record<string, string> = {}): HttpResponse =>
  ({ kind: 'response', status, statusText: '', headers, body: Buffer.from(body), truncated: false });
const DOCKER = { server: 'Docker/24.0.7 (linux)', 'api-version': '1.43' };
const VERSION = JSON.stringify({ Version: '24.0.7', ApiVersion: '1.43', Os: 'linux', Arch: 'amd64' });

describe('classify', () => {
  it('reads the ping: Docker continues, 401/403 are protected, anything else is not Docker', () => {
    expect(judgePing('GET /_ping', res(200, 'OK')).next).toBe(true);
    expect(judgePing('HEAD /_ping', res(200, '', DOCKER)).next).toBe(true);
    const auth = judgePing('GET /_ping', res(401, 'no', { 'www-authenticate': 'Basic realm="x"' }));
    expect(auth.next === false && auth.verdict).toMatchObject({ state: 'protected', refusal: { by: 'auth', challenge: 'Basic realm="x"' } });
    const web = judgePing('GET /_ping', res(200, '<html>hi</html>', { server: 'nginx' }));
    expect(web.next === false && web.verdict.state).toBe('not-docker');
  });

  it('checks /version against the ping headers (impostors) and recognises Podman', () => {
    expect(judgeVersion('GET /version', res(200, VERSION, DOCKER), DOCKER).next).toBe(true);
    const mismatch = judgeVersion('GET /version', res(200, VERSION), { ...DOCKER, 'api-version': '1.41' });
    expect(mismatch.next === false && mismatch.verdict).toMatchObject({ state: 'not-docker', impostor: true });
    const banner = judgeVersion('GET /version', res(200, VERSION), { server: 'Docker/20.10.0 (linux)' });
    expect(banner.next === false && banner.verdict.impostor).toBe(true);
    const notFound = judgeVersion('GET /version', res(404, '{"message":"page not found"}'), DOCKER);
    expect(notFound.next === false && notFound.verdict.state).toBe('not-docker');
    expect(parseVersion(Buffer.from(JSON.stringify({ Version: '4.3.1', ApiVersion: '1.41', Components: [{ Name: 'Podman Engine' }] })))?.product).toBe('podman');
  });

  it('decides control: list = exposed, plugin/proxy refusals = protected, canned lists = impostor', () => {
    expect(judgeControl('GET c', res(200, '[]'), false).state).toBe('exposed');
    expect(judgeControl('GET c', res(200, `[{"Id":"${'a'.repeat(64)}"}]`), true).reason).toMatch(/TLS/);
    expect(judgeControl('GET c', res(403, '{"message":"authorization denied by plugin x: no"}', DOCKER), false).refusal?.by).toBe('authz-plugin');
    expect(judgeControl('GET c', res(403, '<h1>403 Forbidden</h1>'), false)).toMatchObject({ state: 'protected', socketProxy: true });
    expect(judgeControl('GET c', res(200, '[{"Id":"a"},{"Id":"b"}]'), false)).toMatchObject({ state: 'not-docker', impostor: true });
    expect(judgeControl('GET c', res(200, '{"nope":1}'), false).state).toBe('not-docker');
  });

  it('names Kubernetes and registries that refuse us instead of calling them protected Docker', () => {
    const k8s = judgePing('GET /_ping', res(403, JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403 })));
    expect(k8s.next === false && k8s.verdict).toMatchObject({ state: 'not-docker', reason: expect.stringMatching(/^a Kubernetes API server \(HTTP 403, Forbidden\) answered GET \/_ping: not a Docker engine$/) });
    expect(foreignService(res(401, 'Unauthorized', { 'x-kubernetes-pf-flowschema-uid': 'x' }))).toMatch(/Kubernetes/);
    const reg = judgePing('GET /_ping', res(401, '{}', { 'docker-distribution-api-version': 'registry/2.0', 'www-authenticate': 'Basic realm="r"' }));
    expect(reg.next === false && reg.verdict.state).toBe('not-docker');
    // An engine's own answer (Api-Version / Server: Docker) is never "foreign", whatever its body says.
    expect(foreignService(res(403, '{"kind":"Status","apiVersion":"v1"}', DOCKER))).toBeUndefined();
    const proxy = judgePing('GET /_ping', res(403, '<h1>403 Forbidden</h1>'));
    expect(proxy.next === false && proxy.verdict.state).toBe('protected');
  });

  it('reads nginx\'s "No required SSL certificate was sent" page as mutual TLS', () => {
    const page = '<html><head><title>400 No required SSL certificate was sent</title></head><body><center>No required SSL certificate was sent</center></body></html>';
    const p = judgePing('GET /_ping', res(400, page, { server: 'nginx' }));
    expect(p.next === false && p.verdict).toMatchObject({ state: 'protected', refusal: { by: 'mtls', status: 400, message: 'No required SSL certificate was sent' } });
    const other = judgePing('GET /_ping', res(400, '<h1>400 Bad Request</h1>', { server: 'nginx' }));
    expect(other.next === false && other.verdict.state).toBe('not-docker');
  });

  it('reads banners and TLS hints', () => {
    expect(judgeBanner(Buffer.from('SSH-2.0-OpenSSH_9\r\n')).reason).toMatch(/SSH/);
    expect(judgeBanner(Buffer.from([0, 1, 2])).banner).toBe('...');
    expect(isTlsHint({ kind: 'empty' })).toBe(true);
    expect(isTlsHint({ kind: 'non-http', bytes: Buffer.from([0x15, 0x03, 0x01, 0, 2]) })).toBe(true);
    expect(isTlsHint(res(400, 'Client sent an HTTP request to an HTTPS server.\n'))).toBe(true);
    expect(isTlsHint(res(400, 'bad'))).toBe(false);
  });
});

describe('diffScans', () => {
  it('reports new, gone (only where this scan looked) and changed', () => {
    const prev = [{ host: 'a', port: 1, state: 'exposed' }, { host: 'b', port: 1, state: 'exposed' }, { host: 'z', port: 1, state: 'exposed' }, { host: 'c', port: 1, state: 'closed' }];
    const now = [{ host: 'a', port: 1, state: 'protected' }, { host: 'c', port: 1, state: 'exposed' }];
    const d = diffScans(prev, now, (h) => h !== 'z', 'run-1');
    expect(d).toEqual({ new: [{ host: 'c', port: 1, state: 'exposed' }], gone: [{ host: 'b', port: 1, was: 'exposed' }],
      changed: [{ host: 'a', port: 1, was: 'exposed', now: 'protected' }], previousRunId: 'run-1' });
  });
});
