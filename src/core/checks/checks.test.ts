// Unit tests of runChecks over synthetic HostFacts: no Docker at all, the socket reached through a container
// bind by path, /var/run alias, a parent directory or a renamed file with the same inode, and analyzer wiring.
import { describe, expect, it } from 'vitest';
import type { HostFacts } from './facts.js';
import { runChecks, referencedPaths } from './index.js';

const NOW = new Date('2027-01-01T00:00:00Z');
const sock = { uid: 0, gid: 998, perm: 0o660, kind: 'socket' as const, dev: 1, ino: 42 };

function facts(extra: Partial<HostFacts>): HostFacts {
  return { root: '/', live: true, files: {}, now: NOW, ...extra };
}

function container(name: string, binds: string[], mounts: object[] = []) {
  return { Id: `${name}0000000000000000`, Name: `/${name}`, State: { Status: 'exited' }, HostConfig: { Binds: binds, Mounts: mounts } };
}

describe('runChecks', () => {
  it('on a host without Docker: no findings, daemon checks not applicable', () => {
    const r = runChecks(facts({ processes: [], listeners: [], engine: { endpoint: 'unix:///var/run/docker.sock', absent: true } }));
    expect(r.findings).toEqual([]);
    expect(r.dockerPresent).toBe(false);
    expect(r.notApplicable).toEqual(expect.arrayContaining(['PCL-DMN-001', 'PCL-EXP-005', 'PCL-FIL-001']));
  });

  it('asks the collector for the files the configuration names', () => {
    const f = facts({ files: { '/etc/docker/daemon.json': { path: '/etc/docker/daemon.json', content: '{"tlscert": "/etc/x/cert.pem", "hosts": ["unix:///srv/d.sock"]}' } } });
    expect(referencedPaths(f)).toEqual(expect.arrayContaining(['/etc/x/cert.pem', '/srv/d.sock', '/root/.docker/ca.pem', '/var/run/docker.sock']));
    // Without any TLS setting the default client-cert paths are not asked for.
    const plain = facts({ files: { '/etc/docker/daemon.json': { path: '/etc/docker/daemon.json', content: '{"icc": false}' } } });
    expect(referencedPaths(plain).some((p) => p.startsWith('/root/.docker'))).toBe(false);
  });

  it('finds the docker socket bound into containers by path, alias, parent directory and inode', () => {
    const r = runChecks(facts({
      files: { '/var/run/docker.sock': { path: '/var/run/docker.sock', stat: sock } },
      engine: { endpoint: 'unix:///var/run/docker.sock', info: {}, containers: [
        container('a', ['/var/run/docker.sock:/var/run/docker.sock']),
        container('b', [], [{ Type: 'bind', Source: '/run/docker.sock', Target: '/s' }]),
        container('c', ['/run:/hostrun:ro']),
        container('d', ['/srv/renamed:/engine']),
        container('e', ['/srv/data:/data']),
      ] },
      bindSources: {
        '/srv/renamed': { source: '/srv/renamed', realpath: '/srv/renamed', stat: { ...sock } },
        '/srv/data': { source: '/srv/data', realpath: '/srv/data', stat: { ...sock, kind: 'dir', ino: 7 } },
      },
    }));
    const hits = r.findings.filter((f) => f.ruleId === 'PCL-EXP-005');
    expect(hits.map((f) => f.target)).toEqual(['container a (a00000000000)', 'container b (b00000000000)', 'container c (c00000000000)', 'container d (d00000000000)']);
    expect(hits[0]?.message).toBe('container a (a00000000000) (exited) can drive the engine: the bind source is the daemon socket /var/run/docker.sock, mounted at /var/run/docker.sock.');
    expect(hits[1]?.evidence[0]).toEqual({ kind: 'field', location: 'container b (b00000000000) HostConfig.Mounts[0]', value: '/run/docker.sock:/s' });
    expect(hits[2]?.message).toMatch(/the bind source \/run contains the daemon socket \/run\/docker\.sock/);
    expect(hits[3]?.message).toMatch(/is the same file \(inode 42\) as the daemon socket \/var\/run\/docker\.sock/);
  });

  it('finds the socket reached through --volumes-from and through a named volume that binds a host directory', () => {
    const r = runChecks(facts({
      files: { '/var/run/docker.sock': { path: '/var/run/docker.sock', stat: sock } },
      engine: { endpoint: 'unix:///var/run/docker.sock', info: {}, volumes: [
        { Name: 'runvol', Driver: 'local', Options: { type: 'none', o: 'bind', device: '/var/run' } },
        { Name: 'data', Driver: 'local', Options: null },
      ], containers: [
        // --volumes-from: the inherited bind shows only in the top-level Mounts.
        { ...container('vf', []), HostConfig: { Binds: null, VolumesFrom: ['holder'] },
          Mounts: [{ Type: 'bind', Source: '/var/run/docker.sock', Destination: '/var/run/docker.sock', RW: true }] },
        { ...container('vol', ['runvol:/hostrun']), Mounts: [{ Type: 'volume', Name: 'runvol', Source: '/var/lib/docker/volumes/runvol/_data', Destination: '/hostrun' }] },
        { ...container('plainvol', ['data:/data']), Mounts: [{ Type: 'volume', Name: 'data', Source: '/var/lib/docker/volumes/data/_data', Destination: '/data' }] },
        // Its own bind, also listed in Mounts: reported once.
        { ...container('own', ['/var/run/docker.sock:/s']), Mounts: [{ Type: 'bind', Source: '/var/run/docker.sock', Destination: '/s' }] },
      ] },
    }));
    const hits = r.findings.filter((f) => f.ruleId === 'PCL-EXP-005');
    expect(hits.map((f) => f.target)).toEqual(['container vf (vf0000000000)', 'container vol (vol000000000)', 'container own (own000000000)']);
    expect(hits[0]?.evidence).toEqual([{ kind: 'field', location: 'container vf (vf0000000000) Mounts[0] (via --volumes-from holder)', value: '/var/run/docker.sock:/var/run/docker.sock' }]);
    expect(hits[1]?.message).toMatch(/the bind source \/var\/run contains the daemon socket \/run\/docker\.sock, mounted at \/hostrun/);
    expect(hits[1]?.evidence[0]?.location).toBe('container vol (vol000000000) Mounts[0] (volume runvol: o=bind, device=/var/run)');
    expect(hits[2]?.evidence).toHaveLength(1);
  });

  it('names TLS files that dockerd does not use: no --tls/--tlsverify, or a CA without --tlsverify', () => {
    const run = (json: object) => runChecks(facts({ files: { '/etc/docker/daemon.json': { path: '/etc/docker/daemon.json', content: JSON.stringify(json, null, 2) } } }))
      .findings.filter((f) => f.ruleId === 'PCL-EXP-001' || f.ruleId === 'PCL-EXP-002');
    const files = { tlscacert: '/etc/docker/ca.pem', tlscert: '/etc/docker/cert.pem', tlskey: '/etc/docker/key.pem' };
    const [off] = run({ hosts: ['tcp://0.0.0.0:2376'], ...files });
    expect(off).toMatchObject({ ruleId: 'PCL-EXP-001', target: 'tcp://*:2376' });
    expect(off?.message).toMatch(/TLS files are configured \(tlscacert \/etc\/docker\/ca\.pem, tlscert \/etc\/docker\/cert\.pem, tlskey \/etc\/docker\/key\.pem\) but neither --tls nor --tlsverify is set/);
    expect(off?.remediation).toMatch(/^Add --tlsverify \(or "tlsverify": true in daemon\.json\) next to the TLS files/);
    expect(off?.evidence.map((e) => e.value)).toEqual(['"hosts": "tcp://0.0.0.0:2376"', '"tlscacert": "/etc/docker/ca.pem"', '"tlscert": "/etc/docker/cert.pem"', '"tlskey": "/etc/docker/key.pem"']);
    const [anyClient] = run({ hosts: ['tcp://0.0.0.0:2376'], tls: true, ...files });
    expect(anyClient).toMatchObject({ ruleId: 'PCL-EXP-002' });
    expect(anyClient?.message).toMatch(/A CA is configured \(\/etc\/docker\/ca\.pem\) but without --tlsverify/);
    // Without TLS files the rule's own text stands.
    const [bare] = run({ hosts: ['tcp://0.0.0.0:2375'] });
    expect(bare?.message).not.toMatch(/TLS files/);
    expect(run({ hosts: ['tcp://0.0.0.0:2376'], tlsverify: true, ...files })).toEqual([]);
  });

  it('says when the engine version refuses an explicit tlsverify=false on a TCP host (27.0 and later)', () => {
    const json = '{"hosts": ["tcp://0.0.0.0:2376"], "tlsverify": false}';
    const base = { files: { '/etc/docker/daemon.json': { path: '/etc/docker/daemon.json', content: json } } };
    const msg = (v: string) => runChecks(facts({ ...base, engine: { endpoint: 'x', version: { Version: v }, info: {} } }))
      .findings.find((f) => f.ruleId === 'PCL-EXP-002')?.message ?? '';
    expect(msg('27.3.1')).toMatch(/engine 27\.x refuses to start with TLS explicitly off/);
    expect(msg('20.10.24')).not.toMatch(/refuses/);
  });

  it('ties /info to the running dockerd by --data-root (also under userns-remap), and judges each daemon', () => {
    const procs = [
      { pid: 10, argv: ['dockerd', '--data-root', '/srv/a'], comm: 'dockerd', source: '/proc/10/cmdline' },
      { pid: 20, argv: ['dockerd'], comm: 'dockerd', source: '/proc/20/cmdline' },
    ];
    const r = (root: string) => runChecks(facts({ processes: procs, engine: { endpoint: 'e', info: { DockerRootDir: root, LiveRestoreEnabled: false } } }))
      .findings.filter((f) => f.ruleId === 'PCL-DMN-003').map((f) => f.target).sort();
    expect(r('/var/lib/docker/100000.100000')).toEqual(['dockerd (pid 10)', 'engine e']);
    expect(r('/srv/a')).toEqual(['dockerd (pid 20)', 'engine e']);
    expect(r('/elsewhere')).toEqual(['dockerd (pid 10)', 'dockerd (pid 20)', 'engine e']);
  });

  it('runs plugged-in analyzers per container and drops the generic socket rule where PCL-EXP-005 fired', () => {
    const r = runChecks(facts({
      files: { '/var/run/docker.sock': { path: '/var/run/docker.sock', stat: sock } },
      engine: { endpoint: 'x', info: {}, containers: [container('a', ['/var/run/docker.sock:/s'])] },
    }), { analyzers: [(c, target) => [
      { ruleId: 'PCL-CFG-015', severity: 'critical', title: 't', target, message: 'socket', evidence: [] },
      { ruleId: 'PCL-CFG-001', severity: 'critical', title: 't', target, message: `privileged ${String((c as { Name: string }).Name)}`, evidence: [] },
    ]] });
    expect(r.findings.map((f) => f.ruleId).filter((id) => id.startsWith('PCL-CFG') || id === 'PCL-EXP-005')).toEqual(['PCL-EXP-005', 'PCL-CFG-037', 'PCL-CFG-038', 'PCL-CFG-001']);
    // The synthetic container sets no user and no healthcheck: the CIS checks (cis-containers.ts) fire before the analyzers' findings.
    expect(r.findings.find((f) => f.ruleId === 'PCL-CFG-001')?.message).toBe('privileged /a (exited)');
  });
});
