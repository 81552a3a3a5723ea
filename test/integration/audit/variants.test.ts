// Red-team variants the first audit tests did not try: the Docker socket reached through --volumes-from and
// through a named volume that binds a host directory (real lab engine), and TLS files that dockerd does not use
// because --tls/--tlsverify is missing (fixture roots) — each with its safe twin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, labFromEnv } from '../../lab/index.js';
import { runAudit, type AuditResult } from '../../../src/auditor/index.js';
import type { Finding } from '../../../src/core/report/finding.js';
import { auditFixture, byId, where } from './fixture-root.js';

const lab = labFromEnv();
const PREFIX = 'pcl-auditrt-';
const CONTAINERS = ['holder', 'inherits', 'datahold', 'inheritsdata', 'bindvol', 'plainvol'].map((n) => `${PREFIX}${n}`);
const VOLUMES = [`${PREFIX}labdir`, `${PREFIX}data`];
let result: AuditResult;

function removeOurs(): void {
  for (const n of CONTAINERS) try { docker(lab, ['rm', '-f', n]); } catch { /* not there */ }
  for (const v of VOLUMES) try { docker(lab, ['volume', 'rm', '-f', v]); } catch { /* not there */ }
}

function of(name: string): Finding[] {
  return result.report.findings.filter((f) => f.target.startsWith(`container ${PREFIX}${name} (`));
}

const rules = (name: string) => [...new Set(of(name).map((f) => f.ruleId))].sort();

describe('the Docker socket reached without a bind of its own (lab engine)', () => {
  beforeAll(async () => {
    removeOurs();
    const create = (name: string, args: string[]) => docker(lab, ['create', '--name', `${PREFIX}${name}`, '--label', 'pcl-auditrt=1',
      '--network', 'none', ...args, 'alpine:latest', 'true']);
    create('holder', ['-v', `${lab.socketPath}:/var/run/docker.sock:ro`]);
    create('inherits', ['--volumes-from', `${PREFIX}holder`]);
    // The safe twin: --volumes-from a container that only has an anonymous data volume.
    create('datahold', ['-v', '/data']);
    create('inheritsdata', ['--volumes-from', `${PREFIX}datahold`]);
    // A named volume of the local driver that is a bind of the directory holding the engine socket.
    docker(lab, ['volume', 'create', '--opt', 'type=none', '--opt', 'o=bind', '--opt', `device=${lab.dir}`, `${PREFIX}labdir`]);
    docker(lab, ['volume', 'create', `${PREFIX}data`]);
    create('bindvol', ['-v', `${PREFIX}labdir:/lab`]);
    create('plainvol', ['-v', `${PREFIX}data:/data`]);
    result = await runAudit({ dockerHost: `unix://${lab.socketPath}`, env: {} });
  }, 120_000);
  afterAll(removeOurs);

  it('--volumes-from a container that has the socket is PCL-EXP-005 on the inheriting container too', () => {
    const [f] = of('inherits').filter((x) => x.ruleId === 'PCL-EXP-005');
    expect(f).toMatchObject({ severity: 'critical' });
    expect(f?.message).toMatch(/\(created\) can drive the engine: the bind source is the daemon socket .*docker\.sock, mounted at \/var\/run\/docker\.sock/);
    expect(f?.evidence[0]?.location).toMatch(/ Mounts\[0\] \(via --volumes-from pcl-auditrt-holder\)$/);
    expect(rules('holder')).toContain('PCL-EXP-005');
    // The safe twins: a data volume, and --volumes-from a container that only has one.
    for (const n of ['datahold', 'inheritsdata']) expect(rules(n)).not.toContain('PCL-EXP-005');
  });

  it('a named volume that binds the socket\'s directory is PCL-EXP-005 and PCL-CFG-018', () => {
    const exp = of('bindvol').find((x) => x.ruleId === 'PCL-EXP-005');
    expect(exp?.message).toMatch(new RegExp(`the bind source ${lab.dir} contains the daemon socket`));
    expect(exp?.evidence[0]?.location).toMatch(new RegExp(`Mounts\\[0\\] \\(volume ${PREFIX}labdir: o=bind, device=${lab.dir}\\)$`));
    const cfg = of('bindvol').find((x) => x.ruleId === 'PCL-CFG-018');
    expect(cfg?.message).toMatch(new RegExp(`volume ${PREFIX}labdir is a bind of host path ${lab.dir}, mounted at /lab`));
    // The safe twin: an ordinary named volume is neither.
    expect(rules('plainvol')).not.toContain('PCL-EXP-005');
    expect(rules('plainvol')).not.toContain('PCL-CFG-018');
  });
});

describe('TLS files that dockerd does not use (fixture roots)', () => {
  it('certificates in daemon.json but no --tls/--tlsverify: plain HTTP, and the fix is the missing flag', async () => {
    const r = await auditFixture('exp-tls-files-unused');
    expect(byId(r, 'PCL-EXP-002')).toEqual([]);
    const [f] = byId(r, 'PCL-EXP-001');
    expect(f).toMatchObject({ severity: 'critical', target: 'tcp://*:2376' });
    expect(f?.message).toMatch(/TLS files are configured \(tlscacert \/etc\/docker\/tls\/ca\.pem, tlscert .*, tlskey .*\) but neither --tls nor --tlsverify is set, so dockerd does not use them\./);
    expect(f?.remediation).toMatch(/^Add --tlsverify \(or "tlsverify": true in daemon\.json\) next to the TLS files already set in docker\.service/);
    expect(where(f)).toEqual(['/etc/systemd/system/docker.service.d/remote.conf:4', '/etc/docker/daemon.json:9',
      '/etc/docker/daemon.json:10', '/etc/docker/daemon.json:11']);
  });

  it('--tls with --tlscacert but no --tlsverify accepts any client; the CA is named as unused', async () => {
    const r = await auditFixture('exp-tls-ca-no-verify');
    const [f] = byId(r, 'PCL-EXP-002');
    expect(f?.message).toMatch(/A CA is configured \(\/etc\/docker\/tls\/ca\.pem\) but without --tlsverify it only checks certificates clients choose to send\./);
    expect(f?.remediation).toBe('Add --tlsverify (or "tlsverify": true) in docker.service: the CA file is already set; then restart dockerd.');
    expect(f?.evidence.map((e) => e.value)).toEqual(['-H tcp://0.0.0.0:2376', '--tls', '--tlscacert=/etc/docker/tls/ca.pem',
      '--tlscert=/etc/docker/tls/server-cert.pem', '--tlskey=/etc/docker/tls/server-key.pem']);
  });
});

describe('daemons under other names (fixture roots)', () => {
  it('RHEL/CentOS 7\'s dockerd-current, running with -H tcp://, is a daemon: its flag and the listener it owns', async () => {
    const r = await auditFixture('exp-process-rhel');
    const [f] = byId(r, 'PCL-EXP-001');
    expect(f).toMatchObject({ severity: 'critical', target: 'tcp://*:2375' });
    expect(f?.evidence.map((e) => `${e.kind} ${e.location} ${e.value}`)).toEqual([
      'process pid 1207 (/proc/1207/cmdline) -H tcp://0.0.0.0:2375',
      expect.stringMatching(/^endpoint 0\.0\.0\.0:2375 \(tcp, inode 4242\) listening: pid 1207 \/usr\/bin\/dockerd-current /)]);
    expect(byId(r, 'PCL-DMN-013')[0]?.target).toBe('dockerd (pid 1207)');
  });
});
