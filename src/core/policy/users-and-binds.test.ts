// Users judged by what a container cannot remap (numeric uids), and binds judged by their real path and
// writability: the fixes for the red team's exec-user-name-remapped and bind-through-planted-symlink.
import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile.js';
import { evaluate } from './evaluate.js';
import type { PolicyConfigInput } from './schema.js';
import { subjectOf, type PolicyRequest, type PolicyRoute, type RealPaths } from './types.js';
import { numericNonRootUser } from './user-checks.js';
import { checkBindsAtStart, hostPathSources } from './body-checks.js';

const R = (id: string): PolicyRoute => ({ id, group: 'x', risk: 'write' });
const s = subjectOf('token', 't');
const role = (container: Record<string, unknown>, exec: Record<string, unknown> = {}): PolicyConfigInput => ({
  roles: { r: { allow: ['container.*', 'exec.*'], container: { hostPaths: ['/srv/ci'], ...container }, exec } },
  grants: [{ subject: 'token:t', roles: ['r'] }],
});
const req = (id: string, body: unknown, realPaths?: RealPaths): PolicyRequest => ({
  subject: s, route: R(id), method: 'POST', apiVersion: '1.41', params: {}, query: {}, body, volumes: {}, networks: {},
  ...(realPaths ? { realPaths } : {}),
});

describe('numeric users', () => {
  it('accepts uid[:gid] other than 0 and refuses names, root and out-of-range numbers', () => {
    expect(numericNonRootUser('65534')).toEqual({ uid: 65534 });
    expect(numericNonRootUser('1000:1000')).toEqual({ uid: 1000, gid: 1000 });
    for (const u of ['nobody', '0', '00', '0:0', '1000:0', '1000:root', 'nobody:1000', '', '1000:', ' 1000', '99999999999', '2147483648']) {
      expect(numericNonRootUser(u), u).toBeUndefined();
    }
  });
});

describe('exec users', () => {
  const p = compilePolicy(role({}, { users: ['', '65534', '1000:*'] }));
  const exec = (User: string) => evaluate(p, req('exec.create', { Cmd: ['id'], User }));
  it('allows listed numeric users and the default user', () => {
    expect(exec('65534').effect).toBe('allow');
    expect(exec('1000:1000').effect).toBe('allow');
    expect(exec('').effect).toBe('allow');
  });
  it('refuses names (remappable in the container\'s /etc/passwd) naming the field and the fix', () => {
    const d = exec('nobody');
    expect(d).toMatchObject({ effect: 'deny', ruleId: 'policy.exec.user', field: 'User' });
    expect(d.reason).toMatch(/use a numeric uid/);
    expect(exec('1000:wheel')).toMatchObject({ effect: 'deny', field: 'User' });
    expect(exec('0')).toMatchObject({ effect: 'deny', field: 'User' });
    expect(exec('4242')).toMatchObject({ effect: 'deny', field: 'User' });
  });
  it('rejects a restricted exec.users list naming a user or uid 0 at compile time; "*" stays unrestricted', () => {
    expect(() => compilePolicy(role({}, { users: ['nobody'] }))).toThrow(/use a numeric uid/);
    expect(() => compilePolicy(role({}, { users: ['0'] }))).toThrow(/uid 0 is root/);
    const any = compilePolicy(role({}, { users: ['*'] }));
    expect(evaluate(any, req('exec.create', { Cmd: ['id'], User: 'root' })).effect).toBe('allow');
  });
  it('refuses the default user when the role forbids root', () => {
    const q = compilePolicy(role({ allowRoot: false }, { users: ['', '65534'] }));
    expect(evaluate(q, req('exec.create', { Cmd: ['id'], User: '' }))).toMatchObject({ effect: 'deny', field: 'User' });
    expect(evaluate(q, req('exec.create', { Cmd: ['id'], User: '65534' })).effect).toBe('allow');
  });
});

describe('container Config.User when the role forbids root', () => {
  const p = compilePolicy(role({ allowRoot: false }));
  const create = (User?: string) => evaluate(p, req('container.create', { Image: 'alpine', ...(User !== undefined ? { User } : {}) }));
  it('requires a numeric non-zero uid', () => {
    expect(create('65534').effect).toBe('allow');
    for (const u of [undefined, '', 'nobody', '0', 'root', '1000:0']) {
      expect(create(u), String(u)).toMatchObject({ effect: 'deny', ruleId: 'policy.container.user', field: 'User' });
    }
  });
  it('leaves Config.User alone by default (allowRoot: true)', () => {
    expect(evaluate(compilePolicy(role({})), req('container.create', { Image: 'alpine', User: 'nobody' })).effect).toBe('allow');
  });
});

describe('binds: real path and writability', () => {
  const p = compilePolicy(role({}));
  const w = compilePolicy(role({ allowWritableBinds: true }));
  const real = { '/srv/ci': '/srv/ci', '/srv/ci/work': '/srv/ci/work', '/srv/ci/link': '/etc', '/srv/ci/gone': '' };
  const bind = (pol = p, b = '/srv/ci/work:/w:ro', rp: RealPaths | null = real) =>
    evaluate(pol, req('container.create', { Image: 'alpine', HostConfig: { Binds: [b] } }, rp ?? undefined));
  const mount = (m: Record<string, unknown>) => evaluate(p, req('container.create', { Image: 'alpine', HostConfig: { Mounts: [m] } }, real));
  it('allows a read-only bind whose real path is under the prefix', () => {
    expect(bind().effect).toBe('allow');
    expect(mount({ Type: 'bind', Source: '/srv/ci/work', Target: '/w', ReadOnly: true }).effect).toBe('allow');
  });
  it('refuses a bind whose real path leaves the prefix through a symlink', () => {
    expect(bind(p, '/srv/ci/link:/x:ro')).toMatchObject({ effect: 'deny', ruleId: 'policy.container.host_paths', field: 'HostConfig.Binds[0]' });
    expect(mount({ Type: 'bind', Source: '/srv/ci/link', Target: '/x', ReadOnly: true })).toMatchObject({ effect: 'deny', field: 'HostConfig.Mounts[0].Source' });
  });
  it('refuses (fail closed) when the path was not or could not be resolved', () => {
    expect(bind(p, '/srv/ci/gone:/x:ro')).toMatchObject({ effect: 'deny', ruleId: 'policy.container.host_paths' });
    expect(bind(p, '/srv/ci/work:/w:ro', null)).toMatchObject({ effect: 'deny', ruleId: 'policy.container.host_paths' });
  });
  it('refuses read-write binds unless allowWritableBinds, naming the fix', () => {
    const d = bind(p, '/srv/ci/work:/w');
    expect(d).toMatchObject({ effect: 'deny', ruleId: 'policy.container.writable_binds', field: 'HostConfig.Binds[0]' });
    expect(d.reason).toMatch(/:ro/);
    expect(bind(p, '/srv/ci/work:/w:rw')).toMatchObject({ effect: 'deny', ruleId: 'policy.container.writable_binds' });
    expect(mount({ Type: 'bind', Source: '/srv/ci/work', Target: '/w' })).toMatchObject({ effect: 'deny', ruleId: 'policy.container.writable_binds' });
    expect(bind(w, '/srv/ci/work:/w').effect).toBe('allow');
    expect(bind(p, '/srv/ci/work:/w:z,ro').effect).toBe('allow');
  });
});

describe('bind-backed volume devices: real path, like binds', () => {
  const base = role({ bindVolumes: true });
  const p = compilePolicy({ ...base, roles: { r: { ...base.roles!.r!, allow: ['container.*', 'volume.*'] } } });
  const real = { '/srv/ci': '/srv/ci', '/srv/ci/data': '/srv/ci/data', '/srv/ci/link': '/etc', '/srv/ci/gone': '' };
  const opts = (device: string) => ({ type: 'none', o: 'bind', device });
  const volCreate = (device: string, rp: RealPaths | null = real) => evaluate(p, req('volume.create', { Name: 'v', DriverOpts: opts(device) }, rp ?? undefined));
  const inline = (device: string) => evaluate(p, req('container.create', { Image: 'alpine',
    HostConfig: { Mounts: [{ Type: 'volume', Target: '/x', VolumeOptions: { DriverConfig: { Options: opts(device) } } }] } }, real));
  const named = (device: string) => evaluate(p, { ...req('container.create', { Image: 'alpine', HostConfig: { Binds: ['bv:/x'] } }, real),
    volumes: { bv: { driver: 'local', options: opts(device) } } });
  it('allows a device whose real path is under the prefix (volume create, inline mount options, existing named volume)', () => {
    expect(volCreate('/srv/ci/data').effect).toBe('allow');
    expect(inline('/srv/ci/data').effect).toBe('allow');
    expect(named('/srv/ci/data').effect).toBe('allow');
  });
  it('refuses a device that leaves the prefix through a symlink, naming the device field', () => {
    expect(volCreate('/srv/ci/link')).toMatchObject({ effect: 'deny', ruleId: 'policy.container.host_paths', field: 'DriverOpts.device' });
    expect(volCreate('/srv/ci/link').reason).toMatch(/resolves \(through a symlink\) to \/etc/);
    expect(inline('/srv/ci/link')).toMatchObject({ effect: 'deny', field: 'HostConfig.Mounts[0].VolumeOptions.DriverConfig.Options.device' });
    expect(named('/srv/ci/link')).toMatchObject({ effect: 'deny', field: 'HostConfig.Binds[0].device' });
  });
  it('refuses (fail closed) a device that was not or could not be resolved', () => {
    expect(volCreate('/srv/ci/gone')).toMatchObject({ effect: 'deny', ruleId: 'policy.container.host_paths' });
    expect(volCreate('/srv/ci/data', null)).toMatchObject({ effect: 'deny', ruleId: 'policy.container.host_paths' });
  });
  it('lists every host path a create makes the engine mount, for the caller to resolve', () => {
    const body = { HostConfig: { Binds: ['/srv/ci/a:/a', 'bv:/b'], Mounts: [{ Type: 'bind', Source: '/srv/ci/b/' },
      { Type: 'volume', VolumeOptions: { DriverConfig: { Options: opts('/srv/ci/c/../d') } } }] } };
    expect(hostPathSources('container.create', body, { bv: { driver: 'local', options: opts('/srv/ci/e') }, pv: { driver: 'sshfs', options: opts('/x') } }).sort())
      .toEqual(['/srv/ci/a', '/srv/ci/b', '/srv/ci/d', '/srv/ci/e']);
    expect(hostPathSources('volume.create', { DriverOpts: opts('/srv/ci/f') })).toEqual(['/srv/ci/f']);
    expect(hostPathSources('volume.create', { DriverOpts: { device: 'relative' } })).toEqual([]);
    expect(hostPathSources('exec.create', body)).toEqual([]);
  });
});

describe('binds again at start', () => {
  const compiled = compilePolicy(role({}));
  const r = compiled.roles.get('r')!;
  it('refuses a source under the prefix that now resolves outside it, or not at all', () => {
    const d = checkBindsAtStart(r, ['/srv/ci/a'], { '/srv/ci/a': '/etc', '/srv/ci': '/srv/ci' });
    expect(d).toMatchObject({ effect: 'deny', ruleId: 'policy.container.host_paths', field: 'HostConfig.Binds' });
    expect(d?.reason).toMatch(/now resolves .* to \/etc/);
    expect(checkBindsAtStart(r, ['/srv/ci/a'], { '/srv/ci/a': '' })?.reason).toMatch(/can no longer be resolved/);
  });
  it('passes sources that still lead under the prefix, and leaves sources outside the role\'s prefixes to the grant', () => {
    expect(checkBindsAtStart(r, ['/srv/ci/a'], { '/srv/ci/a': '/srv/ci/a', '/srv/ci': '/srv/ci' })).toBeUndefined();
    expect(checkBindsAtStart(r, ['/var/lib/app'], {})).toBeUndefined();
    const open = compilePolicy(role({ hostPaths: ['/'] })).roles.get('r')!;
    expect(checkBindsAtStart(open, ['/srv/ci/a'], { '/srv/ci/a': '/etc' })).toBeUndefined();
  });
});
