// Exposure routes beyond dockerd's own flags, against fixture roots (misconfigured and clean): rootless user units
// with rootlesskit port forwarding, relays configured in haproxy/nginx/systemd units, EnvironmentFile= options,
// and clients pointed at a plaintext TCP engine — exact rule ids, targets, severities and evidence file:line.
import { describe, expect, it } from 'vitest';
import { auditFixture, byId, ids, where } from './fixture-root.js';

const EXPOSURE = ['PCL-EXP-001', 'PCL-EXP-002', 'PCL-EXP-003', 'PCL-EXP-004', 'PCL-EXP-005', 'PCL-EXP-011', 'PCL-EXP-012'];
const exposureIds = (r: Awaited<ReturnType<typeof auditFixture>>) => ids(r).filter((i) => EXPOSURE.includes(i));

describe('rootless Docker', () => {
  it('a user unit whose rootlesskit flags forward 0.0.0.0:2375 to dockerd-rootless.sh -H tcp://0.0.0.0:2375', async () => {
    const r = await auditFixture('exp-rootless-unit');
    expect(exposureIds(r)).toEqual(['PCL-EXP-001']);
    const [f] = byId(r, 'PCL-EXP-001');
    expect(f).toMatchObject({ severity: 'critical', target: 'tcp://*:2375' });
    expect(where(f)).toEqual([
      '/home/alice/.config/systemd/user/docker.service:8',
      '/home/alice/.config/systemd/user/docker.service:7',
      '/home/alice/.config/systemd/user/docker.service.d/port-driver.conf:2',
    ]);
    expect(f?.evidence.map((e) => e.value)).toEqual(['-H tcp://0.0.0.0:2375', 'DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=-p 0.0.0.0:2375:2375/tcp',
      'DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER=slirp4netns']);
    expect(f?.message).toMatch(/runs containers as uid 1000 .*rootless user unit of alice\) through rootlesskit port forwarding \(0\.0\.0\.0:2375 -> 2375\)/);
    // Root-only daemon checks are skipped for a rootless daemon; its own daemon.json is where settings belong.
    expect(ids(r)).not.toContain('PCL-DMN-013');
    expect(ids(r)).not.toContain('PCL-DMN-002');
    expect(where(byId(r, 'PCL-DMN-001')[0])).toEqual(['/home/alice/.config/docker/daemon.json']);
  });

  it('a rootless TCP host that rootlesskit does not forward stays inside its namespace: not an exposure', async () => {
    const r = await auditFixture('rootless-unit-clean');
    expect(exposureIds(r)).toEqual([]);
    expect(r.summary.exposures).toBe(0);
    expect(r.summary.dockerPresent).toBe(true);
  });

  it('a running rootlesskit -p 127.0.0.1:2376:2376/tcp in front of a rootless dockerd --tls (no verify)', async () => {
    const r = await auditFixture('exp-rootlesskit-proc');
    expect(exposureIds(r)).toEqual(['PCL-EXP-002']);
    const [f] = byId(r, 'PCL-EXP-002');
    expect(f).toMatchObject({ severity: 'high', target: 'tcp://127.0.0.1:2376' });
    expect(f?.evidence.map((e) => `${e.location} ${e.value}`)).toEqual([
      'pid 960 (/proc/960/cmdline) -H tcp://0.0.0.0:2376',
      'pid 960 (/proc/960/cmdline) --tls',
      'pid 950 (/proc/950/cmdline) rootlesskit -p 127.0.0.1:2376:2376/tcp',
      'pid 950 (/proc/950/cmdline) rootlesskit --port-driver=builtin',
    ]);
  });
});

describe('relays configured in files', () => {
  it('haproxy: a frontend on *:2375 whose backend server is /var/run/docker.sock', async () => {
    const r = await auditFixture('exp-haproxy');
    expect(exposureIds(r)).toEqual(['PCL-EXP-003']);
    const fs = byId(r, 'PCL-EXP-003');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ severity: 'critical', target: 'tcp://*:2375' });
    expect(where(fs[0])).toEqual(['/etc/haproxy/haproxy.cfg:10', '/etc/haproxy/haproxy.cfg:14']);
    expect(fs[0]?.message).toBe('haproxy frontend docker_api (/etc/haproxy/haproxy.cfg) listens on *:2375 without TLS and relays the Docker socket.');
  });

  it('nginx: proxy_pass http://unix:/var/run/docker.sock, and an upstream on /run/docker.sock behind basic auth', async () => {
    const r = await auditFixture('exp-nginx');
    const fs = byId(r, 'PCL-EXP-003');
    expect(fs.map((f) => `${f.severity} ${f.target}`)).toEqual(['critical tcp://*:2375', 'high tcp://127.0.0.1:2380']);
    expect(where(fs[0])).toEqual(['/etc/nginx/conf.d/docker.conf:3', '/etc/nginx/conf.d/docker.conf:8', '/etc/nginx/conf.d/docker.conf:4']);
    expect(where(fs[1])).toEqual(['/etc/nginx/sites-enabled/engine:6', '/etc/nginx/sites-enabled/engine:10', '/etc/nginx/sites-enabled/engine:2']);
    expect(fs[1]?.message).toMatch(/behind a password prompt only/);
  });

  it('systemd units: socat TCP-LISTEN -> UNIX-CONNECT, and systemd-socket-proxyd behind a TCP .socket unit', async () => {
    const r = await auditFixture('exp-socat-unit');
    const fs = byId(r, 'PCL-EXP-003');
    expect(fs.map((f) => `${f.severity} ${f.target}`)).toEqual(['critical tcp://*:2375', 'high tcp://127.0.0.1:2377']);
    expect(where(fs[0])).toEqual(['/etc/systemd/system/docker-tcp.service:6']);
    expect(where(fs[1])).toEqual(['/etc/systemd/system/docker-proxy.socket:2', '/etc/systemd/system/docker-proxy.service:5']);
  });

  it('Caddy: a site reverse-proxying to unix//var/run/docker.sock; Envoy: a listener routed to the socket pipe', async () => {
    const r = await auditFixture('exp-caddy-envoy');
    expect(exposureIds(r)).toEqual(['PCL-EXP-003']);
    const fs = byId(r, 'PCL-EXP-003');
    // The site that requires client certificates and the proxy of another backend are not exposures.
    expect(fs.map((f) => `${f.severity} ${f.target}`).sort()).toEqual(['critical tcp://*:2375', 'high tcp://127.0.0.1:4243']);
    const caddy = fs.find((f) => f.target === 'tcp://*:2375');
    expect(where(caddy)).toEqual(['/etc/caddy/Caddyfile:6', '/etc/caddy/Caddyfile:7']);
    expect(caddy?.message).toBe('Caddy site :2375 (/etc/caddy/Caddyfile:6) listens on *:2375 without TLS and relays the Docker socket.');
    expect(fs.find((f) => f.target === 'tcp://127.0.0.1:4243')?.message).toMatch(/^Envoy listener docker_api \(\/etc\/envoy\/envoy\.yaml\) listens on 127\.0\.0\.1:4243/);
  });

  it('Caddy JSON config (the admin API\'s autosave): servers reverse-proxying to the socket, unverified client certificates included', async () => {
    const r = await auditFixture('exp-caddy-json');
    expect(exposureIds(r)).toEqual(['PCL-EXP-003']);
    const fs = byId(r, 'PCL-EXP-003');
    // The server verifying client certificates and the proxy of another backend are not exposures.
    expect(fs.map((f) => `${f.severity} ${f.target}`).sort()).toEqual(['critical tcp://*:2375', 'critical tcp://*:2377', 'high tcp://127.0.0.1:4243']);
    const plain = fs.find((f) => f.target === 'tcp://*:2375');
    expect(where(plain)).toEqual(['/var/lib/caddy/.config/caddy/autosave.json:7', '/var/lib/caddy/.config/caddy/autosave.json:11']);
    expect(fs.find((f) => f.target === 'tcp://*:2377')?.message).toMatch(/with TLS that accepts any client/);
    expect(fs.find((f) => f.target === 'tcp://127.0.0.1:4243')?.message).toMatch(/behind a password prompt only/);
  });

  it('mTLS relays, unix-only relays and proxies of other backends are not exposures', async () => {
    const r = await auditFixture('relay-clean');
    expect(exposureIds(r)).toEqual([]);
    expect(ids(r)).toEqual(['PCL-DMN-013']);
  });
});

describe('dockerd options from the unit environment', () => {
  it('EnvironmentFile=-/etc/docker/dockerd.env with $DOCKERD_OPTS in ExecStart', async () => {
    const r = await auditFixture('exp-envfile');
    expect(exposureIds(r)).toEqual(['PCL-EXP-001']);
    const [f] = byId(r, 'PCL-EXP-001');
    expect(f).toMatchObject({ severity: 'critical', target: 'tcp://*:2375' });
    expect(where(f)).toEqual(['/etc/docker/dockerd.env:2']);
    expect(f?.evidence[0]?.value).toBe('DOCKERD_OPTS: -H tcp://0.0.0.0:2375');
    // The unit's -H fd:// and the env file's -H are both command-line hosts: no daemon.json conflict.
    expect(byId(r, 'PCL-EXP-006')).toEqual([]);
  });
});

describe('clients pointed at a TCP engine', () => {
  it('DOCKER_HOST in /etc/environment and a docker context without TLS; verified ones are fine', async () => {
    const r = await auditFixture('exp-client-env');
    const fs = byId(r, 'PCL-EXP-011');
    expect(fs.map((f) => `${f.severity} ${f.target}`)).toEqual(['high tcp://192.0.2.20:2375', 'high tcp://198.51.100.9:2375']);
    expect(where(fs[0])).toEqual(['/etc/environment:2']);
    expect(where(fs[1])).toEqual(['/home/bob/.docker/contexts/meta/0a1b2c/meta.json:6']);
    // /etc/profile.d/docker.sh sets DOCKER_TLS_VERIFY=1; the "prod" context has TLS files.
    expect(fs.some((f) => /build\.example|203\.0\.113/.test(f.target))).toBe(false);
    expect(r.summary.exposures).toBe(2);
  });
});

describe('TLS that does not really require client authentication', () => {
  it('--tlsverify with tlscacert = the system CA bundle trusts every public CA as a client issuer', async () => {
    const r = await auditFixture('tls-ca-bundle');
    expect(exposureIds(r)).toEqual(['PCL-EXP-012']);
    const [f] = byId(r, 'PCL-EXP-012');
    expect(f).toMatchObject({ severity: 'high', target: 'docker.service' });
    expect(where(f)).toEqual(['/etc/docker/daemon.json:4', '/etc/ssl/certs/ca-certificates.crt']);
    expect(r.summary.exposures).toBe(1);
  });
});

describe('unit override conflicts', () => {
  it('a drop-in ExecStart without the "ExecStart=" reset: systemd refuses the unit; daemon.json hosts still expose', async () => {
    const r = await auditFixture('exp-override-conflict');
    expect(ids(r)).toEqual(['PCL-DMN-013', 'PCL-EXP-001', 'PCL-EXP-013']);
    const [c] = byId(r, 'PCL-EXP-013');
    expect(where(c)).toEqual(['/lib/systemd/system/docker.service:10', '/etc/systemd/system/docker.service.d/override.conf:2']);
    expect(c?.remediation).toBe('Add an empty "ExecStart=" line before ExecStart= in /etc/systemd/system/docker.service.d/override.conf, then systemctl daemon-reload && systemctl restart docker.');
    expect(where(byId(r, 'PCL-EXP-001')[0])).toEqual(['/etc/docker/daemon.json:4']);
  });
});

describe('listeners in other network namespaces', () => {
  it('a docker-in-docker dockerd -H fd:// listening on 2375 in its own namespace, and a socat relay in a third one', async () => {
    const r = await auditFixture('exp-netns');
    expect(exposureIds(r)).toEqual(['PCL-EXP-001', 'PCL-EXP-003']);
    const [d] = byId(r, 'PCL-EXP-001');
    expect(d).toMatchObject({ severity: 'high', target: 'tcp://*:2375' });
    expect(d?.message).toMatch(/set by dockerd \(pid 2100\), observed listening in another network namespace \(net:\[4026532555\]\)\.$/);
    expect(d?.evidence[0]).toEqual({ kind: 'endpoint', location: '0.0.0.0:2375 (tcp, inode 8888, net:[4026532555])', value: 'listening: pid 2100 dockerd -H fd://' });
    const [s] = byId(r, 'PCL-EXP-003');
    expect(s).toMatchObject({ severity: 'high', target: 'tcp://*:2376' });
    expect(s?.evidence.map((e) => e.location)).toEqual(['0.0.0.0:2376 (tcp, inode 9999, net:[4026532777])', 'pid 2200 (/proc/2200/cmdline)']);
  });
});

describe('options files the unit does not read', () => {
  it('DOCKER_OPTS -H tcp:// in /etc/default/docker with docker-ce\'s unit (no EnvironmentFile=): dormant, not an exposure', async () => {
    const r = await auditFixture('exp-default-dormant');
    expect(exposureIds(r)).toEqual([]);
    expect(r.summary.exposures).toBe(0);
    const [d] = byId(r, 'PCL-EXP-014');
    expect(d).toMatchObject({ severity: 'low', target: 'tcp://*:2375' });
    expect(where(d)).toEqual(['/etc/default/docker:4', '/lib/systemd/system/docker.service:9']);
    expect(d?.evidence[0]?.value).toBe('DOCKER_OPTS: -H tcp://0.0.0.0:2375');
  });
});
