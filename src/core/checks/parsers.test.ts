// Unit tests of the pure readers: dockerd flags, daemon.json lines, systemd merging, env files, /proc/net.
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../report/finding.js';
import { parseDaemonHost, parseListenStream } from './hosts.js';
import { jsonErrorOffset } from './json-error.js';
import { parseDaemonJson } from './parse-daemon-json.js';
import { isDockerdArgv, parseDockerdArgs } from './parse-dockerd-args.js';
import { parseEnvFile, splitWords } from './parse-env-file.js';
import { isLoopback, parseProcNetTcp, parseProcNetUnix } from './parse-proc-net.js';
import { effectiveEntries, orderUnitFiles, parseUnitFile } from './parse-systemd.js';
import { tlsModeOf } from './settings.js';

const at = (t: string): Evidence => ({ kind: 'flag', location: 'test', value: t });

describe('parseDockerdArgs', () => {
  it('reads every spelling pflag accepts', () => {
    const s = parseDockerdArgs(['-H', 'fd://', '-Htcp://0.0.0.0:2375', '-H=unix:///x.sock', '--host=tcp://:2376', '--tlsverify=false',
      '--tls', '--icc=false', '--authorization-plugin', 'authz', '--config-file=/opt/d.json', 'positional'], at);
    expect(s.lists.hosts?.map((h) => h.value)).toEqual(['fd://', 'tcp://0.0.0.0:2375', 'unix:///x.sock', 'tcp://:2376']);
    expect(s.lists.hosts?.[0]?.evidence.value).toBe('-H fd://');
    expect(s.bools.tlsverify?.value).toBe(false);
    expect(s.bools.tls?.value).toBe(true);
    expect(s.bools.icc?.value).toBe(false);
    expect(s.lists['authorization-plugins']?.[0]?.value).toBe('authz');
    expect(s.strings['config-file']?.value).toBe('/opt/d.json');
  });

  it('recognises dockerd processes and the legacy docker daemon form', () => {
    expect(isDockerdArgv(['/usr/bin/dockerd'])).toBe(true);
    expect(isDockerdArgv(['docker', 'daemon', '-H', 'x'])).toBe(true);
    // RHEL/CentOS 7's docker package and docker-ce 18.09 named the daemon binary differently.
    expect(isDockerdArgv(['/usr/bin/dockerd-current', '-H', 'tcp://0.0.0.0:2375'])).toBe(true);
    expect(isDockerdArgv(['x'], 'dockerd-ce')).toBe(true);
    expect(isDockerdArgv(['/usr/bin/docker-current', 'daemon'])).toBe(true);
    expect(isDockerdArgv(['/usr/bin/dockerd-rootless.sh'])).toBe(false);
    expect(isDockerdArgv(['/usr/bin/docker', 'ps'])).toBe(false);
    expect(isDockerdArgv(['/proc/self/exe'], 'dockerd')).toBe(true);
  });
});

describe('TLS semantics', () => {
  const mode = (args: string[]) => tlsModeOf(parseDockerdArgs(args, at));
  it('--tlsverify means mutual TLS, --tls alone accepts any client, nothing means plaintext', () => {
    expect(mode(['--tlsverify'])).toBe('mtls');
    expect(mode(['--tls', '--tlsverify'])).toBe('mtls');
    expect(mode(['--tls'])).toBe('tls-no-verify');
    expect(mode(['--tlsverify=false'])).toBe('tls-no-verify');
    expect(mode([])).toBe('none');
    expect(mode(['--tls=false'])).toBe('none');
  });
  it('DOCKER_TLS_VERIFY in the daemon environment turns verification on', () => {
    expect(tlsModeOf(parseDockerdArgs([], at), { value: '1', evidence: at('DOCKER_TLS_VERIFY=1') })).toBe('mtls');
  });
});

describe('parseDaemonHost / parseListenStream', () => {
  it('reads hosts as moby opts.ParseHost does', () => {
    expect(parseDaemonHost('tcp://0.0.0.0:2375', false)).toMatchObject({ proto: 'tcp', key: '*:2375', loopback: false });
    expect(parseDaemonHost('tcp://', false)).toMatchObject({ key: '127.0.0.1:2375', loopback: true });
    expect(parseDaemonHost('tcp://:2376', true)).toMatchObject({ key: '127.0.0.1:2376' });
    expect(parseDaemonHost('tcp://10.0.0.1', true)).toMatchObject({ key: '10.0.0.1:2376' });
    expect(parseDaemonHost('0.0.0.0:4243', false)).toMatchObject({ proto: 'tcp', key: '*:4243' });
    expect(parseDaemonHost('tcp://[::]:2375', false)).toMatchObject({ key: '*:2375' });
    expect(parseDaemonHost('tcp://[::1]:2375', false)).toMatchObject({ key: '[::1]:2375', loopback: true });
    expect(parseDaemonHost('unix:///run/docker.sock', false)).toMatchObject({ proto: 'unix', address: '/run/docker.sock' });
    expect(parseDaemonHost('fd://', false).proto).toBe('fd');
    expect(parseDaemonHost('ssh://me@host', false).proto).toBe('other');
  });
  it('reads ListenStream forms', () => {
    expect(parseListenStream('2375')).toMatchObject({ proto: 'tcp', key: '*:2375', loopback: false });
    expect(parseListenStream('127.0.0.1:2375')).toMatchObject({ key: '127.0.0.1:2375', loopback: true });
    expect(parseListenStream('[::1]:2375')).toMatchObject({ loopback: true });
    expect(parseListenStream('/run/docker.sock').proto).toBe('unix');
  });
});

describe('parseDaemonJson', () => {
  it('keeps the line of each key and each list element', () => {
    const p = parseDaemonJson('/d.json', '{\n  "icc": false,\n  "hosts": [\n    "fd://",\n    "tcp://0.0.0.0:2375"\n  ]\n}\n');
    expect(p.settings.bools.icc?.evidence.line).toBe(2);
    expect(p.settings.lists.hosts?.map((h) => h.evidence.line)).toEqual([4, 5]);
  });
  it('reports the line of a syntax error instead of throwing', () => {
    const p = parseDaemonJson('/d.json', '{\n  "a": 1,\n  "b": [1,],\n}');
    expect(p.error?.line).toBe(3);
  });
  it('finds JSON error offsets', () => {
    expect(jsonErrorOffset('{"a": [1, 2]}')).toBeUndefined();
    expect(jsonErrorOffset('{"a": [1, 2],}')).toBe(13);
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('{} x')).toBe(3);
  });
});

describe('systemd units', () => {
  it('joins continuation lines and keeps the first line number', () => {
    const e = parseUnitFile('/u', '[Service]\n# c\nExecStart=/usr/bin/dockerd \\\n  -H fd://\n');
    expect(e).toEqual([{ section: 'Service', key: 'ExecStart', value: '/usr/bin/dockerd -H fd://', path: '/u', line: 3 }]);
  });
  it('applies drop-ins in name order, higher-priority directories masking lower ones, with resets', () => {
    const order = orderUnitFiles('docker.socket', ['/lib/systemd/system/docker.socket', '/etc/systemd/system/docker.socket.d/b.conf',
      '/lib/systemd/system/docker.socket.d/b.conf', '/lib/systemd/system/docker.socket.d/a.conf']);
    expect(order).toEqual({ main: '/lib/systemd/system/docker.socket',
      dropIns: ['/lib/systemd/system/docker.socket.d/a.conf', '/etc/systemd/system/docker.socket.d/b.conf'] });
    const m = effectiveEntries([
      { path: 'main', text: '[Socket]\nListenStream=/run/docker.sock\n' },
      { path: 'a', text: '[Socket]\nListenStream=\nListenStream=2375\n' },
    ], 'Socket');
    expect(m.get('ListenStream')?.map((x) => `${x.path}:${x.line} ${x.value}`)).toEqual(['a:3 2375']);
  });
});

describe('env files', () => {
  it('reads quoted assignments and drops variable references', () => {
    expect(parseEnvFile('# x\nexport DOCKER_OPTS="-H tcp://0.0.0.0:2375 --tls"\nOPTIONS=\'a b\'\n')).toEqual([
      { name: 'DOCKER_OPTS', value: '-H tcp://0.0.0.0:2375 --tls', line: 2 }, { name: 'OPTIONS', value: 'a b', line: 3 }]);
    expect(splitWords('/usr/bin/dockerd -H fd:// $DOCKER_OPTS ${X}')).toEqual(['/usr/bin/dockerd', '-H', 'fd://']);
  });
});

describe('/proc/net', () => {
  const HDR = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
  it('reads LISTEN sockets of tcp and tcp6 with their inodes', () => {
    const t = `${HDR}   0: 0100007F:0947 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0\n`
      + `   1: 0100007F:0947 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 222 1 0\n`;
    expect(parseProcNetTcp(t, 'tcp')).toEqual([{ proto: 'tcp', address: '127.0.0.1', port: 2375, inode: 111 }]);
    const t6 = `${HDR}   0: 00000000000000000000000001000000:0948 00000000000000000000000000000000:0000 0A 0 0 0 0 0 333 1\n`
      + `   1: 0000000000000000FFFF00000100007F:0947 00000000000000000000000000000000:0000 0A 0 0 0 0 0 444 1\n`;
    expect(parseProcNetTcp(t6, 'tcp6').map((l) => `${l.address}:${l.port}`)).toEqual(['::1:2376', '::ffff:127.0.0.1:2375']);
  });
  it('reads listening unix sockets with a path', () => {
    const u = 'Num       RefCount Protocol Flags    Type St Inode Path\n'
      + '0000000000000000: 00000002 00000000 00010000 0001 01 5555 /run/docker.sock\n'
      + '0000000000000000: 00000003 00000000 00000000 0001 03 6666 /run/docker.sock\n';
    expect(parseProcNetUnix(u)).toEqual([{ proto: 'unix', address: '/run/docker.sock', inode: 5555 }]);
  });
  it('knows loopback addresses', () => {
    expect(['127.0.0.2', '::1', 'localhost', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1'].some(isLoopback)).toBe(false);
  });
});
