// Unit tests of the CIS container checks (PCL-CFG-037..042): each rule hit by a risky inspect document and silent on
// its safe twin, with the evidence field and value, and wired into runChecks for stopped and running containers.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../report/finding.js';
import { checkCisContainer, isRootUser, isSshd } from './cis-containers.js';
import type { EngineFacts } from './facts.js';
import { FindingSet } from './finding-set.js';
import { runChecks } from './index.js';

const ID = 'abcdef0123456789';
const TARGET = 'container web (abcdef012345)';
/** A container with every control passing: a non-root user, a healthcheck, no low ports, cgroup parent or ulimits. */
function safe(over: { Config?: object; HostConfig?: object; State?: object } = {}) {
  return {
    Id: ID, Name: '/web', Image: 'sha256:img1',
    State: { Status: 'exited', Running: false, ...over.State },
    Config: { Image: 'app:1', User: '1000:1000', Healthcheck: { Test: ['CMD', '/bin/true'] }, ...over.Config },
    HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] }, CgroupParent: '', Ulimits: null, ...over.HostConfig },
  };
}

function judge(c: Record<string, unknown>, engine: EngineFacts = { endpoint: 'unix:///x' }): Finding[] {
  const set = new FindingSet();
  checkCisContainer(c, TARGET, String((c.State as { Status?: string } | undefined)?.Status ?? 'exited'), engine, set);
  return set.list();
}

const ids = (fs: readonly Finding[]) => fs.map((f) => f.ruleId).sort();

describe('CIS container checks', () => {
  it('the safe twin raises nothing', () => {
    expect(judge(safe())).toEqual([]);
  });

  it('PCL-CFG-037: root by empty, 0, root, 0:g, root:g; not by a numeric non-zero uid or a named user', () => {
    for (const user of ['', '0', 'root', '0:0', 'root:staff', '00', ' root ']) {
      const fs = judge(safe({ Config: { User: user } }));
      expect(ids(fs), JSON.stringify(user)).toEqual(['PCL-CFG-037']);
      expect(fs[0]).toMatchObject({ severity: 'low', cis: '4.1', evidence: [{ kind: 'field', location: `${TARGET} Config.User`, value: JSON.stringify(user) }] });
    }
    expect(judge(safe({ Config: { User: '' } }))[0]?.message).toBe(`${TARGET} (exited) runs as root: Config.User is empty (neither the image nor the create request sets a user).`);
    expect(judge(safe({ Config: { User: '' } }))[0]?.remediation).toMatch(/--user 1000:1000.*USER <uid> to its image app:1/);
    for (const user of ['1000', '1000:1000', '65534:0', 'app', 'app:root', 'nobody', '10']) expect(judge(safe({ Config: { User: user } })), user).toEqual([]);
    expect(isRootUser('0:1000')).toBe(true);
    expect(isRootUser('rootless')).toBe(false);
  });

  it('PCL-CFG-038: no healthcheck in the container nor its image; disabled with NONE; the image\'s counts', () => {
    const none = judge(safe({ Config: { Healthcheck: undefined } }), { endpoint: 'x', images: { 'sha256:img1': { Config: {} } } });
    expect(ids(none)).toEqual(['PCL-CFG-038']);
    expect(none[0]).toMatchObject({ severity: 'info', cis: '4.6' });
    expect(none[0]?.evidence).toEqual([
      { kind: 'field', location: `${TARGET} Config.Healthcheck`, value: 'not set' },
      { kind: 'field', location: 'image app:1 Config.Healthcheck', value: 'not set' },
    ]);
    const disabled = judge(safe({ Config: { Healthcheck: { Test: ['NONE'] } } }), { endpoint: 'x', images: { 'sha256:img1': { Config: { Healthcheck: { Test: ['CMD', 'x'] } } } } });
    expect(ids(disabled)).toEqual(['PCL-CFG-038']);
    expect(disabled[0]?.message).toMatch(/disabled \(Test \["NONE"\], --no-healthcheck\)/);
    expect(disabled[0]?.remediation).toMatch(/without --no-healthcheck/);
    // The image's HEALTHCHECK applies when the container has none of its own; an empty Test inherits too.
    expect(judge(safe({ Config: { Healthcheck: undefined } }), { endpoint: 'x', images: { 'sha256:img1': { Config: { Healthcheck: { Test: ['CMD-SHELL', 'wget -q localhost'] } } } } })).toEqual([]);
    expect(judge(safe({ Config: { Healthcheck: { Test: [] } } }), { endpoint: 'x', images: { 'sha256:img1': { Config: { Healthcheck: { Test: ['CMD', 'x'] } } } } })).toEqual([]);
    expect(ids(judge(safe({ Config: { Healthcheck: undefined } }), { endpoint: 'x', images: { 'sha256:img1': { Config: { Healthcheck: { Test: ['NONE'] } } } } }))).toEqual(['PCL-CFG-038']);
    // Without an image inspect the container's own config decides.
    expect(ids(judge(safe({ Config: { Healthcheck: null } })))).toEqual(['PCL-CFG-038']);
  });

  it('PCL-CFG-039: host ports 1-1023 (also a range starting low, udp); not 1024+, ephemeral or unpublished', () => {
    const hit = judge(safe({ HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '80' }], '53/udp': [{ HostIp: '127.0.0.1', HostPort: '53' }] } } }));
    expect(ids(hit)).toEqual(['PCL-CFG-039']);
    expect(hit[0]).toMatchObject({ severity: 'low', cis: '5.7' });
    expect(hit[0]?.evidence).toEqual([
      { kind: 'field', location: `${TARGET} HostConfig.PortBindings["80/tcp"][0].HostPort`, value: '80' },
      { kind: 'field', location: `${TARGET} HostConfig.PortBindings["53/udp"][0].HostPort`, value: '53' },
    ]);
    expect(hit[0]?.message).toBe(`${TARGET} (exited) publishes the privileged host port 0.0.0.0:80 (container 80/tcp).`);
    expect(hit[0]?.remediation).toMatch(/-p 8080:80/);
    expect(ids(judge(safe({ HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '1000-1030' }] } } })))).toEqual(['PCL-CFG-039']);
    expect(ids(judge(safe({ HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '1' }] } } })))).toEqual(['PCL-CFG-039']);
    for (const hp of ['1024', '8080', '', '0', '1024-1100']) {
      expect(judge(safe({ HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: hp }] } } })), hp).toEqual([]);
    }
    expect(judge(safe({ HostConfig: { PortBindings: null } }))).toEqual([]);
  });

  it('PCL-CFG-040: a cgroup parent is named; empty is the default', () => {
    const hit = judge(safe({ HostConfig: { CgroupParent: '/pcl-custom' } }));
    expect(ids(hit)).toEqual(['PCL-CFG-040']);
    expect(hit[0]).toMatchObject({ severity: 'low', cis: '5.24', evidence: [{ kind: 'field', location: `${TARGET} HostConfig.CgroupParent`, value: '/pcl-custom' }] });
    expect(hit[0]?.message).toMatch(/cgroup parent \/pcl-custom/);
    expect(hit[0]?.remediation).toBe('Recreate web without --cgroup-parent /pcl-custom, or confirm /pcl-custom is a cgroup you manage and limit.');
    expect(judge(safe({ HostConfig: { CgroupParent: '' } }))).toEqual([]);
  });

  it('PCL-CFG-041: ulimits overridden; null or [] are the defaults', () => {
    const hit = judge(safe({ HostConfig: { Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }, { Name: 'nproc', Soft: 64, Hard: 64 }] } }));
    expect(ids(hit)).toEqual(['PCL-CFG-041']);
    expect(hit[0]).toMatchObject({ severity: 'info', cis: '5.18' });
    expect(hit[0]?.evidence).toEqual([
      { kind: 'field', location: `${TARGET} HostConfig.Ulimits[0]`, value: 'nofile=1024:2048' },
      { kind: 'field', location: `${TARGET} HostConfig.Ulimits[1]`, value: 'nproc=64:64' },
    ]);
    expect(hit[0]?.remediation).toMatch(/--ulimit nofile=1024:2048 --ulimit nproc=64:64/);
    expect(judge(safe({ HostConfig: { Ulimits: [] } }))).toEqual([]);
  });

  it('PCL-CFG-042: sshd among the processes of a running container; other processes and absent top pass', () => {
    const titles = ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'];
    const run = safe({ State: { Status: 'running', Running: true } });
    const top = (cmds: string[]) => ({ endpoint: 'x', top: { [ID]: { titles, processes: cmds.map((c, i) => ['root', String(100 + i), '1', '0', '08:00', '?', '00:00:00', c]) } } });
    const hit = judge(run, top(['/usr/sbin/sshd -D', 'sleep 600']));
    expect(ids(hit)).toEqual(['PCL-CFG-042']);
    expect(hit[0]).toMatchObject({ severity: 'medium', cis: '5.6', evidence: [{ kind: 'process', location: `${TARGET} /containers/abcdef012345/top PID 100`, value: '/usr/sbin/sshd -D' }] });
    expect(hit[0]?.message).toBe(`${TARGET} (running) runs an SSH server: /usr/sbin/sshd -D.`);
    expect(ids(judge(run, top(['sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups'])))).toEqual(['PCL-CFG-042']);
    expect(judge(run, top(['sleep 600', 'sh -c echo sshd', '/usr/bin/sshd-keygen-wrapper', 'ssh user@host']))).toEqual([]);
    expect(judge(run, { endpoint: 'x', top: { [ID]: { error: 'boom' } } })).toEqual([]);
    expect(judge(run)).toEqual([]);
    expect(isSshd('sshd')).toBe(true);
    expect(isSshd('/bin/sh /usr/sbin/sshd')).toBe(false);
  });

  it('runs from runChecks for stopped containers; PCL-CFG-042 is not applicable when no processes were read', () => {
    const engine: EngineFacts = { endpoint: 'unix:///var/run/docker.sock', info: {}, containers: [safe({ Config: { User: 'root' }, State: { Status: 'created' } })] };
    const r = runChecks({ root: '/', live: true, files: {}, now: new Date(0), engine });
    expect(r.findings.filter((f) => f.ruleId === 'PCL-CFG-037').map((f) => f.message)).toEqual([`${TARGET} (created) runs as root: Config.User is "root".`]);
    expect(r.notApplicable).toContain('PCL-CFG-042');
    expect(runChecks({ root: '/', live: true, files: {}, now: new Date(0), engine: { ...engine, top: {} } }).notApplicable).not.toContain('PCL-CFG-042');
  });
});
