// Console plumbing without a server: HTML escaping, the login redirect target, loopback host names,
// token checks and sessions, guard filters, and time bucketing for the chart.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { Auth, loopbackHost, sameOrigin } from './auth.js';
import { bucketGuard, guardQuery } from './data.js';
import { containerLabel, esc, h } from './html.js';
import { safeNext } from './http-util.js';

const req = (headers: Record<string, string>): IncomingMessage => ({ headers, socket: {} }) as unknown as IncomingMessage;

describe('console plumbing', () => {
  it('escapes interpolated text but not trusted fragments', () => {
    expect(esc('<img src=x onerror="a">\'')).toBe('&lt;img src=x onerror=&quot;a&quot;&gt;&#39;');
    expect(h`<td>${'<b>'}</td>${h`<i>ok</i>`}`.html).toBe('<td>&lt;b&gt;</td><i>ok</i>');
  });

  it('follows only same-site paths after login', () => {
    expect(safeNext('/guard?verdict=deny')).toBe('/guard?verdict=deny');
    for (const bad of ['//evil.example/', 'https://evil.example/', '/\\evil.example', '', null]) expect(safeNext(bad)).toBe('/');
    // Browsers drop tabs and newlines from a Location: /<TAB>/evil.example would become //evil.example.
    for (const bad of ['/\t/evil.example', '/\n/evil.example', '/ /evil.example', '/\u20ac']) expect(safeNext(bad), JSON.stringify(bad)).toBe('/');
  });

  it('accepts only loopback host names when no token is set', () => {
    for (const ok of ['127.0.0.1:7375', 'localhost', '[::1]:80', '127.9.9.9']) expect(loopbackHost(ok), ok).toBe(true);
    for (const bad of ['attacker.example', '127.0.0.1.evil.example', '10.0.0.1:7375', undefined]) expect(loopbackHost(bad), String(bad)).toBe(false);
  });

  it('checks the token, issues sessions and expires them', () => {
    let now = 1_000_000;
    const auth = new Auth({ token: 'right-token', sessionTtlMs: 1000, now: () => now });
    expect(auth.checkToken('right-token')).toBe(true);
    expect(auth.checkToken('right-toke')).toBe(false);
    expect(auth.allowed(req({ authorization: 'Bearer right-token' }))).toBe(true);
    expect(auth.allowed(req({ authorization: 'Bearer wrong' }))).toBe(false);
    expect(auth.allowed(req({ authorization: 'bearer right-token' }))).toBe(true); // the scheme is case-insensitive
    expect(auth.allowed(req({ authorization: 'BEARER  right-token ' }))).toBe(true);
    expect(auth.allowed(req({ authorization: 'Basic right-token' }))).toBe(false);
    expect(auth.allowed(req({ authorization: 'Bearer right-token extra' }))).toBe(false);
    const id = auth.newSession();
    expect(auth.allowed(req({ cookie: `a=b; pcl_session=${id}` }))).toBe(true);
    expect(auth.allowed(req({ cookie: 'pcl_session=forged' }))).toBe(false);
    now += 1001;
    expect(auth.allowed(req({ cookie: `pcl_session=${id}` }))).toBe(false);
    expect(auth.cookieHeader(id, true)).toMatch(/HttpOnly; SameSite=Strict; Secure/);
  });

  it('refuses cross-site state changes (CSRF) but lets non-browser clients post', () => {
    const at = (headers: Record<string, string>): IncomingMessage => req({ host: '127.0.0.1:7375', ...headers });
    expect(sameOrigin(at({ origin: 'http://127.0.0.1:7375' }), false)).toBe(true);
    expect(sameOrigin(at({}), false)).toBe(true);
    expect(sameOrigin(at({ origin: 'http://evil.example' }), false)).toBe(false);
    expect(sameOrigin(at({ origin: 'null' }), false)).toBe(true); // Chromium's own forms under no-referrer
    expect(sameOrigin(at({ origin: 'null', 'sec-fetch-site': 'cross-site' }), false)).toBe(false);
    expect(sameOrigin(at({ origin: 'http://127.0.0.1:7375', 'sec-fetch-site': 'same-site' }), false)).toBe(false);
    expect(sameOrigin(at({ origin: 'http://127.0.0.1:7375' }), true)).toBe(false); // scheme matters
    expect(sameOrigin(at({ 'sec-fetch-site': 'cross-site' }), false)).toBe(false);
    expect(sameOrigin(at({ 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:7375' }), false)).toBe(true);
  });

  it('turns filter fields into a guard query with normalised times', () => {
    expect(guardQuery(new URLSearchParams('subject=ci&verdict=deny&route=exec.create&rule=PCL-GRD-001&since=2026-11-01T15:00&until=2026-11-02'))).toEqual({
      subject: 'ci', verdict: 'deny', routeId: 'exec.create', ruleId: 'PCL-GRD-001', since: '2026-11-01T15:00:00.000Z',
      until: '2026-11-02T00:00:00.000Z', limit: 200, order: 'desc' });
    expect(guardQuery(new URLSearchParams('verdict=maybe&limit=999999'))).toEqual({ limit: 5000, order: 'desc' });
  });

  it('buckets decisions over the span they cover', () => {
    const r = (time: string, verdict: 'allow' | 'deny') => ({ time, verdict, requestId: time, subject: 's', source: 'x', method: 'GET', path: '/', routeId: 'r' });
    const b = bucketGuard([r('2026-11-01T10:00:00.000Z', 'allow'), r('2026-11-01T10:30:00.000Z', 'deny'), r('2026-11-01T11:59:00.000Z', 'deny')], 4);
    expect(b.totals).toEqual({ allow: 1, deny: 2 });
    expect(b.allow.reduce((x, y) => x + y, 0) + b.deny.reduce((x, y) => x + y, 0)).toBe(3);
    expect(b.allow[0]).toBe(1);
    expect(b.deny[b.deny.length - 1]).toBe(1);
  });
});

describe('watch alert containers', () => {
  it('shows the name and image the watcher records, or a plain name, never [object Object]', () => {
    expect(containerLabel({ id: '7c1e2f3a4b5c6d7e', name: 'web-1', image: 'nginx:1.25' })).toBe('web-1 (nginx:1.25)');
    expect(containerLabel({ id: '7c1e2f3a4b5c6d7e', name: '', image: '' })).toBe('7c1e2f3a4b5c');
    expect(containerLabel('pcl-miner-1')).toBe('pcl-miner-1');
    expect(containerLabel(undefined)).toBe('');
    expect(h`<td>${containerLabel({ name: '<x>' })}</td>`.html).toBe('<td>&lt;x&gt;</td>');
  });
});
