// Every exposure route and host check against fixture roots (clean and misconfigured), audited offline with
// --root semantics: exact rule ids, severities and evidence file:line.
import { describe, expect, it } from 'vitest';
import { auditFixture, byId, ids, where } from './fixture-root.js';

describe('clean roots', () => {
  it('a hardened Debian-style install exposes nothing and only notes the rootful daemon', async () => {
    const r = await auditFixture('clean');
    expect(ids(r)).toEqual(['PCL-DMN-013']);
    expect(r.summary.exposures).toBe(0);
    expect(r.summary.verdict).toMatch(/^the Docker API is not exposed by any route found/);
  });

  it('a root without Docker says so and has nothing to report', async () => {
    const r = await auditFixture('empty');
    expect(r.report.findings).toEqual([]);
    expect(r.summary.dockerPresent).toBe(false);
    expect(r.summary.verdict).toMatch(/^no Docker engine found on this host \(root .*\): nothing exposed; \d+ checks not applicable$/);
    expect(r.summary.notApplicable).toContain('PCL-DMN-001');
  });

  it('mutual TLS with valid, well-kept certificates is not an exposure', async () => {
    const r = await auditFixture('tls-mtls-clean');
    expect(ids(r)).toEqual(['PCL-DMN-013']);
  });
});

describe('exposure routes', () => {
  it('daemon.json "hosts" with tcp://0.0.0.0:2375', async () => {
    const r = await auditFixture('exp-daemon-json-hosts');
    expect(ids(r)).toEqual(['PCL-DMN-013', 'PCL-EXP-001']);
    const [f] = byId(r, 'PCL-EXP-001');
    expect(f).toMatchObject({ severity: 'critical', target: 'tcp://*:2375', cis: '2.7' });
    expect(where(f)).toEqual(['/etc/docker/daemon.json:4']);
  });

  it('a systemd drop-in that overrides ExecStart (with a continuation line)', async () => {
    const r = await auditFixture('exp-unit-dropin');
    const [f] = byId(r, 'PCL-EXP-001');
    expect(f?.target).toBe('tcp://*:2375');
    expect(where(f)).toEqual(['/etc/systemd/system/docker.service.d/10-tcp.conf:4']);
    expect(f?.evidence[0]?.value).toBe('-H tcp://0.0.0.0:2375');
  });

  it('docker.socket ListenStream=2375 while dockerd only says -H fd://', async () => {
    const r = await auditFixture('exp-docker-socket');
    const [f] = byId(r, 'PCL-EXP-001');
    expect(f?.severity).toBe('critical');
    expect(where(f)).toEqual(['/etc/systemd/system/docker.socket.d/tcp.conf:4']);
    expect(f?.evidence[0]?.value).toBe('ListenStream=2375');
    // systemd itself holds the listening socket (pid 1 owns inode 7777 on [::]:2375).
    expect(f?.evidence[1]).toEqual({ kind: 'endpoint', location: '[::]:2375 (tcp6, inode 7777)', value: 'listening: pid 1 /sbin/init splash' });
  });

  it('/etc/default/docker DOCKER_OPTS on loopback is high, not critical', async () => {
    const r = await auditFixture('exp-default-docker');
    const [f] = byId(r, 'PCL-EXP-001');
    expect(f).toMatchObject({ severity: 'high', target: 'tcp://127.0.0.1:2375' });
    expect(where(f)).toEqual(['/etc/default/docker:4']);
  });

  it('/etc/sysconfig/docker OPTIONS with --tls but no --tlsverify accepts any client', async () => {
    const r = await auditFixture('exp-sysconfig-tls');
    expect(byId(r, 'PCL-EXP-001')).toEqual([]);
    const [f] = byId(r, 'PCL-EXP-002');
    expect(f?.target).toBe('tcp://*:2376');
    expect(f?.evidence.map((e) => e.value)).toEqual(['OPTIONS: -H tcp://0.0.0.0:2376', 'OPTIONS: --tls']);
    expect(where(f)).toEqual(['/etc/sysconfig/docker:4', '/etc/sysconfig/docker:4']);
  });

  it('"tlsverify": false in daemon.json means TLS without client verification (moby#27105)', async () => {
    const r = await auditFixture('exp-tlsverify-false');
    const [f] = byId(r, 'PCL-EXP-002');
    expect(where(f)).toEqual(['/etc/docker/daemon.json:2', '/etc/docker/daemon.json:3']);
  });

  it('a running dockerd: -H from /proc/<pid>/cmdline, the live listener it owns, and --config-file', async () => {
    const r = await auditFixture('exp-process');
    const [f] = byId(r, 'PCL-EXP-001');
    expect(f?.target).toBe('tcp://*:2375');
    expect(f?.evidence.map((e) => `${e.kind} ${e.location}`)).toEqual([
      'process pid 812 (/proc/812/cmdline)', 'endpoint 0.0.0.0:2375 (tcp, inode 4242)']);
    expect(f?.evidence[1]?.value).toMatch(/^listening: pid 812 \/usr\/bin\/dockerd /);
    // hosts both on the command line and in the --config-file: dockerd will not restart.
    const [c] = byId(r, 'PCL-EXP-006');
    expect(where(c)).toEqual(['/opt/docker/daemon.json:2']);
    // The daemon settings come from the --config-file, not /etc/docker/daemon.json.
    expect(byId(r, 'PCL-DMN-003')).toEqual([]);
  });

  it('a socat relay of the docker socket on [::]:2375', async () => {
    const r = await auditFixture('exp-relay');
    const [f] = byId(r, 'PCL-EXP-003');
    expect(f).toMatchObject({ severity: 'critical', target: 'tcp://*:2375' });
    expect(f?.message).toMatch(/^socat \(pid 700\) listens on \*:2375 and relays the Docker socket \(UNIX-CONNECT:\/var\/run\/docker\.sock\)/);
    expect(f?.evidence[0]?.location).toBe('[::]:2375 (tcp6, inode 5151)');
    expect(byId(r, 'PCL-EXP-001')).toEqual([]);
  });

  it('Docker Desktop exposeDockerAPIOnTCP2375 in settings-store.json and the legacy settings.json', async () => {
    const r = await auditFixture('exp-desktop');
    const [f] = byId(r, 'PCL-EXP-004');
    expect(where(f)).toEqual([
      '/home/alice/.docker/desktop/settings-store.json:4',
      '/Users/bob/Library/Group Containers/group.com.docker/settings.json:3',
    ]);
    expect(r.summary.verdict).toMatch(/^no Docker engine found .*: 1 exposure\(s\) found/);
  });
});

describe('TLS', () => {
  it('flags a readable key, a writable CA and a certificate that does not name the listen address', async () => {
    const r = await auditFixture('tls-bad');
    expect(ids(r)).toEqual(['PCL-DMN-013', 'PCL-EXP-009', 'PCL-FIL-004', 'PCL-FIL-005']);
    expect(byId(r, 'PCL-FIL-004')[0]?.remediation).toBe('chown root:root /etc/docker/tls/server-key.pem && chmod 400 /etc/docker/tls/server-key.pem');
    expect(byId(r, 'PCL-EXP-009')[0]?.message).toMatch(/does not name 198\.51\.100\.7/);
  });

  it('flags certificates after expiry, and shortly before it', async () => {
    const late = await auditFixture('tls-mtls-clean', { now: () => new Date('2060-01-01T00:00:00Z') });
    expect(byId(late, 'PCL-EXP-007').map((f) => f.target).sort()).toEqual(['/etc/docker/tls/ca.pem', '/etc/docker/tls/server.pem']);
    const soon = await auditFixture('tls-mtls-clean', { now: () => new Date('2056-11-10T00:00:00Z') });
    expect(byId(soon, 'PCL-EXP-008')).toHaveLength(2);
    expect(byId(soon, 'PCL-EXP-007')).toEqual([]);
  });

  it('flags --tlsverify with a CA file that does not exist', async () => {
    const r = await auditFixture('tls-no-ca');
    const [f] = byId(r, 'PCL-EXP-010');
    expect(where(f)).toEqual(['/etc/docker/daemon.json:4', '/etc/docker/tls/missing-ca.pem']);
  });
});

describe('daemon settings', () => {
  it('reports each risky daemon.json key at its line', async () => {
    const r = await auditFixture('dmn-risky');
    expect(ids(r)).toEqual(['PCL-DMN-001', 'PCL-DMN-002', 'PCL-DMN-003', 'PCL-DMN-004', 'PCL-DMN-005', 'PCL-DMN-006',
      'PCL-DMN-007', 'PCL-DMN-008', 'PCL-DMN-009', 'PCL-DMN-010', 'PCL-DMN-013', 'PCL-DMN-014', 'PCL-DMN-015']);
    expect(where(byId(r, 'PCL-DMN-015')[0])).toEqual(['/etc/docker/daemon.json:8']);
    expect(where(byId(r, 'PCL-DMN-006')[0])).toEqual(['/etc/docker/daemon.json:2']);
    expect(byId(r, 'PCL-DMN-006')[0]?.message).toBe('Images are pulled without TLS verification from: registry.internal.test:5000.');
    expect(where(byId(r, 'PCL-DMN-010')[0])).toEqual(['/etc/docker/daemon.json:4']);
    expect(where(byId(r, 'PCL-DMN-005')[0])).toEqual(['/etc/docker/daemon.json:6']);
  });

  it('reports invalid daemon.json at the line of the syntax error', async () => {
    const r = await auditFixture('dmn-invalid-json');
    expect(where(byId(r, 'PCL-DMN-012')[0])).toEqual(['/etc/docker/daemon.json:4']);
  });
});

describe('files and groups', () => {
  it('flags the socket, daemon.json, unit, env file, /etc/docker and docker group members', async () => {
    const r = await auditFixture('fil-perms');
    expect(ids(r)).toEqual(['PCL-DMN-013', 'PCL-FIL-001', 'PCL-FIL-002', 'PCL-FIL-003', 'PCL-FIL-006', 'PCL-FIL-007', 'PCL-FIL-008']);
    expect(byId(r, 'PCL-FIL-001').map((f) => `${f.severity} ${f.target}`)).toEqual(['critical /var/run/docker.sock', 'critical docker.socket']);
    expect(where(byId(r, 'PCL-FIL-001')[1])).toEqual(['/etc/systemd/system/docker.socket.d/mode.conf:2']);
    expect(byId(r, 'PCL-FIL-003')[0]?.target).toBe('/lib/systemd/system/docker.service');
    const g = byId(r, 'PCL-FIL-008')[0];
    expect(g?.message).toBe('3 user(s) in the docker group are root-equivalent: alice, bob, ci.');
    expect(where(g)).toEqual(['/etc/group:3', '/etc/passwd']);
  });
});

describe('rootless daemons', () => {
  it('reads a rootless dockerd\'s own daemon.json and socket, and skips root-only checks', async () => {
    const r = await auditFixture('exp-rootless');
    expect(ids(r)).toEqual(['PCL-DMN-001', 'PCL-DMN-008', 'PCL-DMN-009', 'PCL-EXP-002']);
    const [f] = byId(r, 'PCL-EXP-002');
    expect(f?.message).toMatch(/anyone who reaches the port runs containers as uid 1000 with that user's access\); set by dockerd \(pid 900, rootless uid 1000\)/);
    // live-restore and no-new-privileges come from /home/alice/.config/docker/daemon.json.
    expect(where(byId(r, 'PCL-DMN-001')[0])).toEqual(['/home/alice/.config/docker/daemon.json']);
  });
});
