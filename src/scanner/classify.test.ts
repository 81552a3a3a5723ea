// The pure judgement steps (ping, version, control, banners, TLS hints) and the "what changed" diff.
import { describe, expect, it } from 'vitest';
import { isTlsHint, judgeBanner, judgeControl, judgePing, judgeVersion, parseVersion, type HttpResponse } from './classify.js';
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
