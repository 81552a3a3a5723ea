// Seeded generators of request bodies for the differential suite: valid-looking container create, exec
// create and volume create bodies, rendered through every Go-decoding trick in render.ts.
import { Bytes, Obj, Raw, render, toBody, type Rng, type Style, type Val } from './render.js';

export interface GenCase {
  readonly name: string;
  readonly version?: string;
  readonly body: Uint8Array;
  readonly tricks: readonly string[];
}

const VERSIONS = [undefined, undefined, '1.41', '1.40', '1.39', '1.30', '1.25', '1.24', '1.23', '1.18', '1.12'];

const CONFIG_FIELDS: Record<string, (r: Rng) => Val> = {
  Cmd: (r) => r.pick<Val>([['true'], ['sh', '-c', 'echo hi'], 'echo string-cmd', [], null, ['sleep', '1']]),
  Env: (r) => r.pick<Val>([['A=1', 'B=2'], ['PATH=/x'], [null, 'C=3'], [new Bytes('U=', [0xe2, 0x82], '!')], ['S=\ud83d\ude00'], null]),
  User: (r) => r.pick(['', 'nobody', '1000:1000', 'root']),
  WorkingDir: (r) => r.pick(['', '/tmp', '/']),
  Labels: (r) => r.pick<Val>([new Obj([['pcl', 'diff'], ['x', 'y']]), new Obj([['k', 'a'], ['k', 'b']]), new Obj([]), null]),
  Tty: (r) => r.chance(0.5),
  Hostname: (r) => r.pick(['', 'pcl-host']),
  Entrypoint: (r) => r.pick<Val>([null, [], ['/bin/sh', '-c'], 'env']),
};

const HOST_FIELDS: Record<string, (r: Rng) => Val> = {
  Privileged: (r) => r.chance(0.5),
  Binds: (r) => r.pick<Val>([r.subset(['/etc:/h/etc:ro', '/:/host', '/tmp:/t', '/proc:/hp:ro', '/tmp/portcullis-lab/docker.sock:/var/run/docker.sock', '//etc/./:/e2']), null, []]),
  CapAdd: (r) => r.pick<Val>([r.subset(['SYS_ADMIN', 'cap_net_admin', 'ALL', 'sys_ptrace', 'CAP_SYS_MODULE']), 'SYS_ADMIN', null]),
  CapDrop: (r) => r.pick<Val>([['NET_RAW'], 'MKNOD', null]),
  PidMode: (r) => r.pick(['', 'host']),
  NetworkMode: (r) => r.pick(['none', 'host', 'default', '']),
  IpcMode: (r) => r.pick(['', 'private', 'shareable', 'host', 'none']),
  UTSMode: (r) => r.pick(['', 'host']),
  UsernsMode: (r) => r.pick(['', 'host']),
  SecurityOpt: (r) => r.pick<Val>([r.subset(['seccomp=unconfined', 'seccomp:unconfined', 'apparmor=unconfined', 'label=disable', 'label:disable', 'no-new-privileges', 'no-new-privileges:false', 'no-new-privileges=true']), null]),
  Devices: (r) => r.pick<Val>([[new Obj([['PathOnHost', '/dev/null'], ['PathInContainer', '/dev/xnull'], ['CgroupPermissions', 'rwm']])], [new Obj([['PathOnHost', '/dev/zero'], ['PathInContainer', '/dev/zero']])], null]),
  RestartPolicy: (r) => r.pick<Val>([new Obj([['Name', 'always']]), new Obj([['Name', 'unless-stopped']]), new Obj([['Name', 'on-failure'], ['MaximumRetryCount', 3]]), new Obj([['Name', 'no']]), new Obj([['Name', 'always'], ['Name', 'no']])]),
  Memory: (r) => r.pick<Val>([0, 67108864, 134217728, new Raw('-0'), new Raw('6.7108864e7'), '67108864', new Raw('1048576')]),
  NanoCpus: (r) => r.pick<Val>([0, 500000000, new Raw('5e8')]),
  CpuShares: (r) => r.pick<Val>([0, 512]),
  PidsLimit: (r) => r.pick<Val>([null, -1, 0, 100, new Raw('100.0')]),
  ReadonlyRootfs: (r) => r.chance(0.5),
  AutoRemove: (r) => r.chance(0.3),
  Mounts: (r) => r.pick<Val>([[new Obj([['Type', 'bind'], ['Source', '/tmp'], ['Target', '/mnt/t'], ['ReadOnly', true]])], [new Obj([['Type', 'bind'], ['Source', '/etc'], ['Target', '/mnt/e'], ['BindOptions', new Obj([['Propagation', 'rprivate'], ['NonRecursive', true]])]])], null]),
  Sysctls: (r) => r.pick<Val>([new Obj([['net.ipv4.ip_forward', '1']]), null]),
  ConsoleSize: (r) => r.pick<Val>([[10, 20], [1, 2, 3], [new Raw('-1'), 2]]),
};

const TRAILERS = [' trailing garbage', '}', '\n{"Image":"busybox","HostConfig":{"Privileged":true}}', ']]]', '\u0000'];

function entries(fields: Record<string, (r: Rng) => Val>, r: Rng, p: number): [string, Val][] {
  return Object.entries(fields).filter(() => r.chance(p)).map(([k, g]) => [k, g(r)] as [string, Val]);
}

/**
 * One container-create case: Config fields, HostConfig fields placed nested, at the top level (legacy), split
 * between both, or as two HostConfig objects; decoy repeated keys; optional type errors and trailing data.
 */
export function genCreate(r: Rng, i: number, seed: number): GenCase {
  const tricks: string[] = [];
  const cfg = entries(CONFIG_FIELDS, r, 0.35);
  const host = entries(HOST_FIELDS, r, 0.3);
  const top: [string, Val][] = [['Image', r.pick(['alpine', 'busybox', 'alpine:latest'])], ...cfg];
  // Repeated keys: a decoy earlier (last wins for scalars, merges for objects/arrays).
  if (host.length > 0 && r.chance(0.25)) {
    const [k] = r.pick(host);
    host.unshift([k, HOST_FIELDS[k]!(r)]);
    tricks.push(`repeat:${k}`);
  }
  const placement = r.pick(['nested', 'nested', 'nested', 'legacy', 'split', 'double', 'null-then-legacy']);
  tricks.push(placement);
  if (placement === 'nested') top.push(['HostConfig', new Obj(host)]);
  else if (placement === 'legacy') top.push(...host);
  else if (placement === 'split') {
    const half = Math.ceil(host.length / 2);
    top.push(['HostConfig', new Obj(host.slice(0, half))], ...host.slice(half));
  } else if (placement === 'double') {
    const half = Math.ceil(host.length / 2);
    top.push(['HostConfig', new Obj(host.slice(0, half))], ['HostConfig', new Obj(host.slice(half))]);
  } else top.push(['HostConfig', null], ...host);
  if (r.chance(0.1)) {
    top.push(['Cpuset', '0']);
    tricks.push('cpuset');
  }
  if (r.chance(0.1)) {
    top.push(['Image', 'busybox']);
    tricks.push('repeat:Image');
  }
  if (r.chance(0.1)) {
    top.splice(r.int(top.length), 0, ['NoSuchField', r.pick<Val>([1, 'x', new Obj([['Privileged', true]])])]);
    tricks.push('unknown');
  }
  const style: Style = { mangle: r.pick([0, 0, 0.3, 0.7, 1]), escape: r.pick([0, 0, 0.05, 0.2]), pretty: r.chance(0.2) };
  if (style.mangle) tricks.push(`mangle:${style.mangle}`);
  if (style.escape) tricks.push(`escape:${style.escape}`);
  let text = render(new Obj(top), r, style);
  if (r.chance(0.12)) {
    const t = r.pick(TRAILERS);
    text += t;
    tricks.push(`trailing:${JSON.stringify(t)}`);
  }
  const version = r.pick(VERSIONS);
  return { name: `pcl-diff-${seed}-c${i}`, ...(version ? { version } : {}), body: toBody(text), tricks };
}

/** Bodies that must fail to decode (or be refused) the same way on both sides. */
export const BROKEN_CREATE_BODIES: readonly string[] = [
  '', ' ', 'null', '{}', '[]', '"x"', '{"Image":', '{"Image":"alpine",}', '{"Image":"alpine"', "{'Image':'alpine'}",
  '{"Image":"alpine","HostConfig":"x"}', '{"Image":"alpine","HostConfig":{"Privileged":1}}', '{"Image":"alpine","Cmd":[1]}',
  '{"Image":"alpine","HostConfig":{"Memory":9223372036854775808}}', '{"Image":"alpine","HostConfig":{"ConsoleSize":[-1,1]}}',
  '{"Image":"alpine","HostConfig":{"Memory":01}}', '{"Image":"alpine","Env":["a\u0001"]}'.replace('\u0001', '\u0001'),
  '{"Image":"alpine","Labels":{"a":1}}', '{"Image":"alpine","HostConfig":{"Binds":"/:/h"}}', '{"Image":"alpine","HostConfig":{"Memory":1e2}}',
  '{"Image":"alpine","Tty":"true"}', '{"Image":"alpine","HostConfig":{"PidsLimit":1.0}}', '{"Image":"alpine"}x', '{"Image":"alpine","Cmd":"a","Cmd":{}}',
  '{"Image":"alpine","HostConfig":{"RestartPolicy":{"Name":"always","MaximumRetryCount":2}}}',
  '{"Image":"alpine","HostConfig":{"AutoRemove":true,"RestartPolicy":{"Name":"always"}}}', '{"Image":"alpine","HostConfig":{"Memory":1024}}',
  '{"Image":"alpine","Hostname":"h","HostConfig":{"UTSMode":"host"}}', '{"Image":"alpine","HostConfig":{"Isolation":"hyperv"}}',
  '{"Image":"alpine","HostConfig":{"IOMaximumIOps":5}}', '\ufeff{"Image":"alpine"}', '{"Image":"alpine","HostConfig":{"Privileged":tru}}',
];

const EXEC_FIELDS: Record<string, (r: Rng) => Val> = {
  Privileged: (r) => r.chance(0.5),
  User: (r) => r.pick(['', 'root', 'nobody', '0', '1000:1000']),
  Tty: (r) => r.chance(0.5),
  Env: (r) => r.pick<Val>([['A=1'], null]),
  WorkingDir: (r) => r.pick(['', '/tmp']),
  AttachStdout: (r) => r.chance(0.5),
  DetachKeys: (r) => r.pick(['', 'ctrl-x']),
};

export function genExec(r: Rng, i: number): GenCase {
  const tricks: string[] = [];
  const e: [string, Val][] = entries(EXEC_FIELDS, r, 0.5);
  const cmd = r.pick<Val>([['id'], ['sh', '-c', 'echo x'], [], 'id', null, ['true', new Bytes('a', [0xff], 'b')]]);
  e.splice(r.int(e.length + 1), 0, ['Cmd', cmd]);
  if (r.chance(0.3)) {
    const k = r.pick(['Privileged', 'User', 'Cmd']);
    e.push([k, k === 'Privileged' ? r.chance(0.5) : k === 'User' ? r.pick(['root', 'nobody']) : ['echo', 'again']]);
    tricks.push(`repeat:${k}`);
  }
  const style: Style = { mangle: r.pick([0, 0.5, 1]), escape: r.pick([0, 0.1]), pretty: false };
  let text = render(new Obj(e), r, style);
  if (r.chance(0.1)) text += ' {"Privileged":true}';
  return { name: `exec-${i}`, body: toBody(text), tricks };
}

export function genVolume(r: Rng, i: number, seed: number): GenCase {
  const name = `pcl-diff-${seed}-v${i}`;
  const e: [string, Val][] = [['Name', name]];
  const opts = r.pick<Val>([
    new Obj([['type', 'none'], ['o', 'bind'], ['device', '/tmp']]),
    new Obj([['type', 'tmpfs'], ['device', 'tmpfs'], ['o', 'size=1m']]),
    new Obj([['type', 'none'], ['o', 'bind'], ['device', '/etc'], ['device', '/tmp']]),
    new Obj([]),
    null,
  ]);
  if (opts !== null || r.chance(0.5)) e.push(['DriverOpts', opts]);
  if (r.chance(0.5)) e.push(['Driver', r.pick(['local', 'local'])]);
  if (r.chance(0.5)) e.push(['Labels', new Obj([['pcl', 'diff'], ['n', String(i)]])]);
  if (r.chance(0.2)) e.push(['DriverOpts', new Obj([['o', 'ro']])]);
  const style: Style = { mangle: r.pick([0, 0.5, 1]), escape: r.pick([0, 0.1]), pretty: false };
  return { name, body: toBody(render(new Obj(e), r, style)), tricks: [] };
}
