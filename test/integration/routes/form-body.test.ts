// Proves the Go quirk formBodyOverridesQuery() warns about, on the real engine: a urlencoded POST body
// supplies handler parameters that the query never showed, and wins over the query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, labFromEnv, type Lab } from '../../lab/index.js';
import { formBodyOverridesQuery, matchRoute, normalizeTarget } from '../../../src/core/docker-api/index.js';
import { rawRequest } from './raw-http.js';

const base = `pcl-routes-form-${process.pid}`;
const names = [base, `${base}-body`, `${base}-query`, `${base}-body2`];
const FORM = 'application/x-www-form-urlencoded';
let lab: Lab;

function currentName(): string {
  return docker(lab, ['ps', '-a', '--filter', `label=pcl-form=${base}`, '--format', '{{.Names}}']).trim();
}

describe('urlencoded bodies feed dockerd handlers as if they were query parameters', () => {
  beforeAll(() => {
    lab = labFromEnv();
    docker(lab, ['create', '--name', base, '--label', 'pcl-area=routes', '--label', `pcl-form=${base}`, '--network', 'none', 'alpine:latest', 'true']);
  });
  afterAll(() => {
    for (const n of names) try { docker(lab, ['rm', '-f', n]); } catch { /* not this name */ }
  });

  it('renames a container from a body the query never mentioned, and prefers the body over the query', async () => {
    const target = `/v1.41/containers/${base}/rename`;
    const m = matchRoute(normalizeTarget('POST', target));
    expect(m?.route.id).toBe('container.rename');
    expect(m?.target.query).toEqual({});
    expect(formBodyOverridesQuery('POST', FORM)).toBe(true);

    const r1 = await rawRequest(lab.socketPath, 'POST', target, { 'Content-Type': FORM }, `name=${base}-body`);
    expect(r1.status).toBe(204);
    expect(currentName()).toBe(`${base}-body`);

    const r2 = await rawRequest(lab.socketPath, 'POST', `/v1.41/containers/${base}-body/rename?name=${base}-query`, { 'Content-Type': FORM }, `name=${base}-body2`);
    expect(r2.status).toBe(204);
    expect(currentName()).toBe(`${base}-body2`);

    // Without the form content type the body is ignored and the (empty) query decides.
    expect(formBodyOverridesQuery('POST', 'text/plain')).toBe(false);
    const r3 = await rawRequest(lab.socketPath, 'POST', `/v1.41/containers/${base}-body2/rename`, { 'Content-Type': 'text/plain' }, `name=${base}`);
    expect(r3.status).toBe(400);
    expect(currentName()).toBe(`${base}-body2`);
  });
});
