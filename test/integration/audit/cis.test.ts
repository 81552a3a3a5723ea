// The CIS container controls (PCL-CFG-037..042) against the real lab engine: containers created (and two started)
// for the test, each risky one flagged with its field and value, each safe twin passing, stopped ones included.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, labFromEnv } from '../../lab/index.js';
import { runAudit, type AuditResult } from '../../../src/auditor/index.js';
import type { Finding } from '../../../src/core/report/finding.js';

const lab = labFromEnv();
const P = 'pcl-auditcis-';
const NAMES = ['root', 'user', 'rootgrp', 'named', 'nohealth', 'health', 'nohc', 'lowport', 'highport', 'cgroup', 'ulimit', 'sshd', 'sleep']
  .map((n) => `${P}${n}`);
const BASE = ['--label', 'portcullis.test=auditcis'];
const CIS = ['PCL-CFG-037', 'PCL-CFG-038', 'PCL-CFG-039', 'PCL-CFG-040', 'PCL-CFG-041', 'PCL-CFG-042'];
/** Passes every CIS control checked here except the one a test turns on. */
const SAFE = ['--user', '1000:1000', '--health-cmd', 'true'];
let result: AuditResult;
let dir: string;

function removeOurs(): void {
  for (const n of NAMES) {
    try { docker(lab, ['rm', '-f', n]); } catch { /* not there */ }
  }
}

function of(name: string): Finding[] {
  return result.report.findings.filter((f) => f.target.startsWith(`container ${P}${name} (`));
}

function cisOf(name: string): string[] {
  return [...new Set(of(name).map((f) => f.ruleId).filter((id) => CIS.includes(id)))].sort();
}

function one(name: string, id: string): Finding {
  const f = of(name).filter((x) => x.ruleId === id);
  expect(f, `${name} ${id}`).toHaveLength(1);
  return f[0] as Finding;
}

beforeAll(async () => {
  removeOurs();
  dir = mkdtempSync(join(tmpdir(), 'pcl-auditcis-'));
  const create = (name: string, args: string[], cmd: string[] = ['sleep', '600']) =>
    docker(lab, ['create', '--name', `${P}${name}`, ...BASE, '--network', 'none', ...args, 'alpine:latest', ...cmd]);
  create('root', ['--health-cmd', 'true']);
  create('rootgrp', ['--user', '0:1000', '--health-cmd', 'true']);
  create('user', SAFE);
  create('named', ['--user', 'nobody', '--health-cmd', 'true']);
  create('nohealth', ['--user', '1000']);
  create('health', SAFE);
  create('nohc', ['--user', '1000', '--no-healthcheck']);
  // Published ports need a bridge network; these two are only created (the engine binds at start).
  docker(lab, ['create', '--name', `${P}lowport`, ...BASE, ...SAFE, '-p', '127.0.0.1:80:80', 'alpine:latest', 'sleep', '600']);
  docker(lab, ['create', '--name', `${P}highport`, ...BASE, ...SAFE, '-p', '127.0.0.1:18480:80', 'alpine:latest', 'sleep', '600']);
  create('cgroup', [...SAFE, '--cgroup-parent', '/pcl-auditcis-parent']);
  create('ulimit', [...SAFE, '--ulimit', 'nofile=1024:2048']);
  // An "sshd" that really runs: the static tini shipped with the engine, copied in as /usr/sbin/sshd, keeps a
  // sleep as its child. The twin runs only the sleep. Both run as root: the lab's data root (0710 root) lets no
  // other uid reach the container filesystem, so a --user container cannot start here.
  const RUN = ['--health-cmd', 'true'];
  create('sshd', [...RUN, '--entrypoint', '/usr/sbin/sshd'], ['--', 'sleep', '600']);
  // docker cp copies a symlink as a link: give it the static binary itself.
  docker(lab, ['cp', realpathSync('/usr/bin/docker-init'), `${P}sshd:/usr/sbin/sshd`]);
  docker(lab, ['start', `${P}sshd`]);
  create('sleep', RUN);
  docker(lab, ['start', `${P}sleep`]);
  result = await runAudit({ dockerHost: `unix://${lab.socketPath}`, env: {} });
});

afterAll(() => {
  removeOurs();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('CIS container controls against the lab engine', () => {
  it('judges every container of ours, stopped ones included', () => {
    for (const n of NAMES) {
      const inspected = result.facts.engine?.containers?.some((c) => c.Name === `/${n}`);
      expect(inspected, n).toBe(true);
    }
    // Processes were read, so the sshd control applies.
    expect(result.summary.notApplicable).not.toContain('PCL-CFG-042');
  });

  it('PCL-CFG-037: root by default (alpine sets no USER) and by 0:group; a numeric or named non-root user passes', () => {
    const f = one('root', 'PCL-CFG-037');
    expect(f).toMatchObject({ severity: 'low', cis: '4.1' });
    expect(f.evidence).toEqual([{ kind: 'field', location: expect.stringMatching(/^container pcl-auditcis-root \([0-9a-f]{12}\) Config\.User$/), value: '""' }]);
    expect(f.message).toMatch(/\(created\) runs as root: Config\.User is empty/);
    expect(f.remediation).toMatch(/^Recreate pcl-auditcis-root with --user 1000:1000 .* image alpine:latest/);
    expect(one('rootgrp', 'PCL-CFG-037').evidence[0]?.value).toBe('"0:1000"');
    expect(cisOf('root')).toEqual(['PCL-CFG-037']);
    expect(cisOf('user')).toEqual([]);
    expect(cisOf('named')).toEqual([]);
  });

  it('PCL-CFG-038: no healthcheck in the container nor its image, or disabled; --health-cmd passes', () => {
    const f = one('nohealth', 'PCL-CFG-038');
    expect(f).toMatchObject({ severity: 'info', cis: '4.6' });
    // The lab image has no HEALTHCHECK: the image inspect is shown too.
    expect(f.evidence.map((e) => [e.location.replace(/^container \S+ \([0-9a-f]+\) /, ''), e.value])).toEqual([
      ['Config.Healthcheck', 'not set'], ['image alpine:latest Config.Healthcheck', 'not set']]);
    expect(one('nohc', 'PCL-CFG-038').message).toMatch(/disabled \(Test \["NONE"\], --no-healthcheck\)/);
    expect(cisOf('nohealth')).toEqual(['PCL-CFG-038']);
    expect(cisOf('health')).toEqual([]);
  });

  it('PCL-CFG-039: host port 80 published (created, never started); 18480 passes', () => {
    const f = one('lowport', 'PCL-CFG-039');
    expect(f).toMatchObject({ severity: 'low', cis: '5.7' });
    expect(f.evidence).toEqual([{ kind: 'field', location: expect.stringMatching(/ HostConfig\.PortBindings\["80\/tcp"\]\[0\]\.HostPort$/), value: '80' }]);
    expect(f.message).toMatch(/\(created\) publishes the privileged host port 127\.0\.0\.1:80 \(container 80\/tcp\)\.$/);
    expect(cisOf('lowport')).toEqual(['PCL-CFG-039']);
    expect(cisOf('highport')).toEqual([]);
  });

  it('PCL-CFG-040 names the cgroup parent; PCL-CFG-041 lists the ulimits', () => {
    const cg = one('cgroup', 'PCL-CFG-040');
    expect(cg).toMatchObject({ severity: 'low', cis: '5.24' });
    expect(cg.evidence[0]).toMatchObject({ location: expect.stringMatching(/ HostConfig\.CgroupParent$/), value: '/pcl-auditcis-parent' });
    expect(cg.remediation).toBe('Recreate pcl-auditcis-cgroup without --cgroup-parent /pcl-auditcis-parent, or confirm /pcl-auditcis-parent is a cgroup you manage and limit.');
    const ul = one('ulimit', 'PCL-CFG-041');
    expect(ul).toMatchObject({ severity: 'info', cis: '5.18' });
    expect(ul.evidence).toEqual([{ kind: 'field', location: expect.stringMatching(/ HostConfig\.Ulimits\[0\]$/), value: 'nofile=1024:2048' }]);
    expect(cisOf('cgroup')).toEqual(['PCL-CFG-040']);
    expect(cisOf('ulimit')).toEqual(['PCL-CFG-041']);
  });

  it('PCL-CFG-042: sshd among a running container\'s processes (from /top); a running sleep passes', () => {
    const f = one('sshd', 'PCL-CFG-042');
    expect(f).toMatchObject({ severity: 'medium', cis: '5.6' });
    expect(f.message).toMatch(/\(running\) runs an SSH server: \/usr\/sbin\/sshd -- sleep 600\.$/);
    expect(f.evidence).toEqual([{ kind: 'process', location: expect.stringMatching(/ \/containers\/[0-9a-f]{12}\/top PID \d+$/), value: '/usr/sbin/sshd -- sleep 600' }]);
    expect(cisOf('sshd')).toEqual(['PCL-CFG-037', 'PCL-CFG-042']);
    expect(cisOf('sleep')).toEqual(['PCL-CFG-037']);
    expect(result.facts.engine?.top?.[String(result.facts.engine.containers?.find((c) => c.Name === `/${P}sleep`)?.Id)]?.processes?.length).toBeGreaterThan(0);
  });

  it('nothing benign rises above low: only sshd is medium among the CIS findings', () => {
    const cis = result.report.findings.filter((f) => CIS.includes(f.ruleId));
    expect(cis.filter((f) => f.severity !== 'low' && f.severity !== 'info').map((f) => f.ruleId)).toEqual(['PCL-CFG-042']);
  });
});
