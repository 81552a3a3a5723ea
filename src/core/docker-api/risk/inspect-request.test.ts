import { describe, expect, it } from 'vitest';
import { inspectRequest } from './inspect-request.js';

describe('inspectRequest', () => {
  it('judges a create body and returns canonical bytes that judge the same', () => {
    const r = inspectRequest({ routeId: 'container.create', body: '{"image":"alpine","hostconfig":{"binds":["/var/run/docker.sock:/s"]}}', allow: ['fold-match'], strict: true });
    expect(r.error).toBeUndefined();
    expect(r.findings.map((f) => f.ruleId)).toContain('PCL-CFG-015');
    const again = inspectRequest({ routeId: 'container.create', body: r.canonicalBody!, strict: true });
    expect(again.issues).toEqual([]);
    expect(again.findings).toEqual(r.findings);
  });
  it('refuses ambiguity in strict mode and predicts dockerd refusals', () => {
    expect(inspectRequest({ routeId: 'container.create', body: '{"Image":"a","Privileged":true}', strict: true }).error?.kind).toBe('ambiguous');
    expect(inspectRequest({ routeId: 'exec.create', body: '{"Cmd":"id"}' }).error?.kind).toBe('type');
    expect(inspectRequest({ routeId: 'container.start', body: '{"HostConfig":{"Privileged":true}}', apiVersion: '1.41' }).error?.kind).toBe('invalid');
  });
  it('handles query-judged routes and leaves unknown routes to policy', () => {
    expect(inspectRequest({ routeId: 'container.archive_put', query: { path: '/etc' } }).findings[0]?.ruleId).toBe('PCL-CFG-033');
    expect(inspectRequest({ routeId: 'build.run', query: { networkmode: 'host' } }).findings[0]?.ruleId).toBe('PCL-CFG-031');
    expect(inspectRequest({ routeId: 'service.create', body: '{"TaskTemplate":{"ContainerSpec":{"Image":"a"}}}' }).canonicalBody).toBeUndefined();
    expect(inspectRequest({ routeId: 'container.list' }).handled).toBe(false);
  });
});
