// Unit tests of the relay, rootlesskit and client-environment readers: address spellings, haproxy sections,
// nginx blocks and upstreams, socat options, rootlesskit publish specs, DOCKER_HOST in profile files.
import { describe, expect, it } from 'vitest';
import type { HostFacts } from './facts.js';
import { haproxyRelays, nginxRelays, parseListenAddr, parseNginx, unitRelays } from './relays.js';
import { parsePublish, rootlesskitFlags } from './rootless.js';
import { referencedPaths, runChecks } from './index.js';

const SOCKS = ['/var/run/docker.sock'];

describe('listen addresses', () => {
  it('reads haproxy/nginx/socat spellings into one key', () => {
    expect(['*:2375', ':2375', '2375', '0.0.0.0:2375', '[::]:2375', 'ipv6@:::2375'].map((a) => parseListenAddr(a)?.key)).toEqual(
      ['*:2375', '*:2375', '*:2375', '*:2375', '*:2375', '*:2375']);
    expect(parseListenAddr('127.0.0.1:2375')).toMatchObject({ key: '127.0.0.1:2375', loopback: true });
    expect(parseListenAddr('[::1]:2375')).toMatchObject({ key: '[::1]:2375', loopback: true });
    expect(parseListenAddr('unix:/run/x.sock')).toBeUndefined();
  });
});

describe('haproxy', () => {
  it('ties frontends to backends by default_backend/use_backend, and listen sections to their own servers', () => {
    const cfg = ['frontend a', '  bind 10.0.0.1:2375,127.0.0.1:2375', '  use_backend d if TRUE', 'backend d', '  server s unix@/run/docker.sock check',
      'listen b', '  bind :4243', '  server s /var/run/docker.sock', 'listen c', '  bind :9000', '  server s 10.0.0.9:9000'].join('\n');
    expect(haproxyRelays('/h.cfg', cfg, SOCKS).map((r) => `${r.host.key} ${r.evidence.map((e) => e.line).join(',')}`)).toEqual(
      ['10.0.0.1:2375 2,5', '127.0.0.1:2375 2,5', '*:4243 7,8']);
  });

  it('skips binds that require client certificates and marks TLS without verification', () => {
    const cfg = 'frontend a\n bind :2376 ssl crt /x.pem\n bind :2377 ssl crt /x.pem ca-file /ca.pem verify required\n default_backend d\nbackend d\n server s /var/run/docker.sock\n';
    expect(haproxyRelays('/h.cfg', cfg, SOCKS).map((r) => `${r.host.key} ${r.tls}`)).toEqual(['*:2376 tls-no-verify']);
  });
});

describe('nginx', () => {
  it('parses directives, blocks, quotes and comments with their lines', () => {
    const n = parseNginx('# c\nhttp {\n  server { listen 80; # x\n    location "/a b" { return 200; }\n  }\n}\n');
    expect(n[0]).toMatchObject({ name: 'http', line: 2 });
    expect(n[0]?.children?.[0]?.children?.map((c) => [c.name, c.args, c.line])).toEqual([['listen', ['80'], 3], ['location', ['/a b'], 4]]);
  });

  it('finds stream proxies to the socket and ignores ssl_verify_client on', () => {
    const stream = 'stream {\n server {\n  listen 127.0.0.1:2375;\n  proxy_pass unix:/var/run/docker.sock;\n }\n}\n';
    expect(nginxRelays([{ path: '/n.conf', text: stream }], SOCKS).map((r) => `${r.host.key} ${r.evidence.map((e) => e.line)}`)).toEqual(['127.0.0.1:2375 3,4']);
    const mtls = 'server { listen 2376 ssl; ssl_verify_client on; location / { proxy_pass http://unix:/var/run/docker.sock:/; } }';
    expect(nginxRelays([{ path: '/n.conf', text: mtls }], SOCKS)).toEqual([]);
  });
});

describe('systemd unit relays', () => {
  it('socat with bind=, OPENSSL-LISTEN without verification, and a unix-only relay', () => {
    const unit = (x: string) => `[Service]\nExecStart=/usr/bin/socat ${x}\n`;
    const r = unitRelays([
      { path: '/etc/systemd/system/a.service', text: unit('TCP4-LISTEN:2375,bind=127.0.0.1,fork UNIX-CONNECT:/var/run/docker.sock') },
      { path: '/etc/systemd/system/b.service', text: unit('OPENSSL-LISTEN:2376,cert=/s.pem,verify=0,fork UNIX-CLIENT:/run/docker.sock') },
      { path: '/etc/systemd/system/c.service', text: unit('OPENSSL-LISTEN:2378,cert=/s.pem,cafile=/ca.pem,fork UNIX-CONNECT:/run/docker.sock') },
      { path: '/etc/systemd/system/d.service', text: unit('UNIX-LISTEN:/tmp/x.sock,fork UNIX-CONNECT:/run/docker.sock') },
    ], SOCKS);
    expect(r.map((x) => `${x.host.key} ${x.tls}`)).toEqual(['127.0.0.1:2375 none', '*:2376 tls-no-verify']);
  });
});

describe('rootlesskit', () => {
  it('reads publish specs with and without a parent or child address', () => {
    expect(parsePublish('0.0.0.0:2375:2375/tcp')).toEqual({ parentIp: '0.0.0.0', parentPort: 2375, childPort: 2375, proto: 'tcp' });
    expect(parsePublish('[::1]:8080:80/tcp')).toEqual({ parentIp: '::1', parentPort: 8080, childPort: 80, proto: 'tcp' });
    expect(parsePublish('127.0.0.1:12376:10.0.2.100:2376/tcp')).toMatchObject({ parentPort: 12376, childPort: 2376 });
    expect(parsePublish('8080:80/udp')).toMatchObject({ parentIp: '0.0.0.0', proto: 'udp' });
    expect(parsePublish('nonsense')).toBeUndefined();
  });

  it('reads -p, --publish=, and --port-driver in both spellings', () => {
    const r = rootlesskitFlags(['--net=slirp4netns', '--port-driver', 'slirp4netns', '-p', '0.0.0.0:2375:2375/tcp', '--publish=127.0.0.1:2376:2376/tcp'],
      (t) => ({ kind: 'flag', location: 'x', value: t }));
    expect(r.forwards.map((f) => `${f.parentIp}:${f.parentPort}->${f.childPort} ${f.evidence.value}`)).toEqual([
      '0.0.0.0:2375->2375 -p 0.0.0.0:2375:2375/tcp', '127.0.0.1:2376->2376 --publish=127.0.0.1:2376:2376/tcp']);
    expect(r.portDriver?.value).toBe('slirp4netns');
  });
});

describe('client environment', () => {
  const facts = (files: Record<string, string>): HostFacts => ({ root: '/', live: false, now: new Date('2027-01-01T00:00:00Z'),
    files: Object.fromEntries(Object.entries(files).map(([p, c]) => [p, { path: p, content: c }])) });

  it('DOCKER_HOST in a profile script and a shell rc file; DOCKER_TLS without verify is still reported', () => {
    const r = runChecks(facts({
      '/etc/profile.d/docker.sh': 'export DOCKER_HOST="tcp://10.1.2.3:2375"\n',
      '/home/a/.bashrc': '# engine\nexport DOCKER_HOST=tcp://10.1.2.4:2376\nexport DOCKER_TLS=1\n',
      '/home/b/.zshrc': 'export DOCKER_HOST=tcp://10.1.2.5:2376\nexport DOCKER_TLS_VERIFY=1\n',
      '/home/c/.bashrc': 'export DOCKER_HOST=unix:///run/user/1000/docker.sock\n',
    }));
    const f = r.findings.filter((x) => x.ruleId === 'PCL-EXP-011');
    expect(f.map((x) => `${x.target} ${x.evidence.map((e) => `${e.location}:${e.line}`).join(' ')}`)).toEqual([
      'tcp://10.1.2.3:2375 /etc/profile.d/docker.sh:1', 'tcp://10.1.2.4:2376 /home/a/.bashrc:2 /home/a/.bashrc:3']);
    expect(f[1]?.message).toMatch(/with TLS but without verifying the server/);
  });
});

describe('socat processes', () => {
  it('a socat command line that listens on TCP and connects to the socket is a relay even without /proc/net', () => {
    const r = runChecks({ root: '/', live: false, now: new Date('2027-01-01T00:00:00Z'), files: {},
      processes: [
        { pid: 70, comm: 'socat', source: '/proc/70/cmdline', argv: ['/usr/bin/socat', 'TCP-LISTEN:2375,reuseaddr,fork,bind=127.0.0.1', 'UNIX-CLIENT:/run/docker.sock'] },
        { pid: 71, comm: 'socat', source: '/proc/71/cmdline', argv: ['socat', 'TCP-LISTEN:8080,fork', 'TCP:10.0.0.2:80'] },
      ] });
    const f = r.findings.filter((x) => x.ruleId === 'PCL-EXP-003');
    expect(f.map((x) => `${x.severity} ${x.target} ${x.evidence[0]?.location}`)).toEqual(['high tcp://127.0.0.1:2375 pid 70 (/proc/70/cmdline)']);
  });
});

describe('more unit spellings', () => {
  it('socat inside sh -c, and a .socket that names its service with Service=', () => {
    const r = unitRelays([
      { path: '/etc/systemd/system/relay.service', text: '[Service]\nExecStart=/bin/sh -c "exec socat TCP-LISTEN:4243,fork UNIX-CONNECT:/var/run/docker.sock"\n' },
      { path: '/etc/systemd/system/api.socket', text: '[Socket]\nListenStream=0.0.0.0:2375\nService=engine-proxy.service\n' },
      { path: '/etc/systemd/system/engine-proxy.service', text: '[Service]\nExecStart=/usr/lib/systemd/systemd-socket-proxyd /run/docker.sock\n' },
    ], SOCKS);
    expect(r.map((x) => `${x.host.key} ${x.evidence.map((e) => `${e.location}:${e.line}`).join(' ')}`)).toEqual([
      '*:4243 /etc/systemd/system/relay.service:2',
      '*:2375 /etc/systemd/system/api.socket:2 /etc/systemd/system/engine-proxy.service:2']);
  });

  it('%h in a rootless user unit\'s EnvironmentFile= is the user\'s home', () => {
    const unit = '/home/carol/.config/systemd/user/docker.service';
    const files: Record<string, string> = {
      '/etc/passwd': 'carol:x:1002:1002::/home/carol:/bin/sh\n',
      [unit]: '[Service]\nEnvironmentFile=%h/.config/docker/rootless.env\nExecStart=/usr/bin/dockerd-rootless.sh -H tcp://0.0.0.0:2376 --tlsverify=false\n',
    };
    const facts = (f: Record<string, string>): HostFacts => ({ root: '/', live: false, now: new Date('2027-01-01T00:00:00Z'),
      files: Object.fromEntries(Object.entries(f).map(([p, c]) => [p, { path: p, content: c }])) });
    expect(referencedPaths(facts(files))).toContain('/home/carol/.config/docker/rootless.env');
    const r = runChecks(facts({ ...files, '/home/carol/.config/docker/rootless.env': 'DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS="-p 0.0.0.0:12376:2376/tcp"\n' }));
    const f = r.findings.find((x) => x.ruleId === 'PCL-EXP-002');
    expect(f?.target).toBe('tcp://*:12376');
    expect(f?.evidence.map((e) => `${e.location}:${e.line} ${e.value}`)).toEqual([
      `${unit}:3 -H tcp://0.0.0.0:2376`, `${unit}:3 --tlsverify=false`,
      '/home/carol/.config/docker/rootless.env:1 DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=-p 0.0.0.0:12376:2376/tcp']);
  });
});
