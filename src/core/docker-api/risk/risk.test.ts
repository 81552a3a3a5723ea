import { describe, expect, it } from 'vitest';
import { CONFIG_RULES } from '../../rules/catalogue/config.js';
import { decodeContainerCreate } from '../specs/container-create.js';
import { analyzeContainerCreate, analyzeHostConfig } from './container.js';
import { analyzeArchiveUpload, analyzeBuildQuery, analyzeContainerUpdate, analyzeExecCreate, analyzePluginPrivileges, analyzeServiceSpec, analyzeVolumeCreate } from './other.js';
import { classifyHostPath, cleanPath, parseBind } from './paths.js';
import { normalizeCapability, parseSecurityOpt } from './options.js';

const ids = (fs: readonly { ruleId: string }[]): string[] => [...new Set(fs.map((f) => f.ruleId))].sort();
const LIMITED = { Memory: 1 << 26, NanoCpus: 1e9, PidsLimit: 100, ReadonlyRootfs: true };

describe('paths', () => {
  it('cleans like Go path.Clean', () => {
    expect(cleanPath('//etc/./ssh/../')).toBe('/etc');
    expect(cleanPath('/../..//')).toBe('/');
    expect(cleanPath('/var/run/../lib/docker/')).toBe('/var/lib/docker');
  });
  it('classifies the Docker socket at any path, sensitive roots and their ancestors', () => {
    for (const p of ['/var/run/docker.sock', '/run/docker.sock', '/tmp/x/docker.sock', '/var/run', '//run/'] as const) expect(classifyHostPath(p), p).toBe('docker-socket');
    for (const p of ['/', '/etc/', '/proc/1/root', '/sys', '/root', '/home/u', '/var/lib/docker/volumes', '/var', '/dev/sda'] as const) expect(classifyHostPath(p), p).toBe('sensitive');
    expect(classifyHostPath('/srv/data')).toBe('host');
  });
  it('splits bind specs', () => {
    expect(parseBind('/:/host:ro,rshared')).toEqual({ source: '/', target: '/host', mode: 'ro,rshared', hostPath: true });
    expect(parseBind('vol:/data').hostPath).toBe(false);
  });
});

describe('options', () => {
  it('normalises capability spellings', () => {
    expect(['cap_sys_admin', 'SYS_ADMIN', 'Cap_Sys_Admin', ' sys_admin '].map(normalizeCapability)).toEqual(['SYS_ADMIN', 'SYS_ADMIN', 'SYS_ADMIN', 'SYS_ADMIN']);
  });
  it('parses key=value and legacy key:value security options', () => {
    expect(parseSecurityOpt('seccomp=unconfined')).toEqual({ key: 'seccomp', value: 'unconfined' });
    expect(parseSecurityOpt('apparmor:unconfined')).toEqual({ key: 'apparmor', value: 'unconfined' });
    expect(parseSecurityOpt('no-new-privileges')).toEqual({ key: 'no-new-privileges', value: 'true' });
    expect(parseSecurityOpt('bogus')).toBeUndefined();
  });
});

describe('analyzeHostConfig', () => {
  it('reports nothing for a locked-down container', () => {
    expect(analyzeHostConfig({ ...LIMITED, NetworkMode: 'none', PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] } })).toEqual([]);
  });
  it('reports the miner campaign shape: privileged, host root, host pid, no limits, always restart', () => {
    const spec = decodeContainerCreate('{"Image":"alpine","Binds":["/:/mnt"],"Privileged":true,"PidMode":"host","NetworkMode":"host","RestartPolicy":{"Name":"always"}}').value!;
    const fs = analyzeContainerCreate(spec, { target: 'pcl-x' });
    expect(ids(fs)).toEqual(['PCL-CFG-001', 'PCL-CFG-005', 'PCL-CFG-006', 'PCL-CFG-016', 'PCL-CFG-020', 'PCL-CFG-021', 'PCL-CFG-022', 'PCL-CFG-023', 'PCL-CFG-025']);
    const root = fs.find((f) => f.ruleId === 'PCL-CFG-016')!;
    expect(root).toMatchObject({ severity: 'critical', target: 'pcl-x', cis: '5.5', evidence: [{ kind: 'field', location: 'HostConfig.Binds[0]', value: '/:/mnt' }] });
    expect(root.remediation).toBeTruthy();
  });
  it('covers capabilities, devices, namespaces, security options, mounts and ports', () => {
    const fs = analyzeHostConfig({
      ...LIMITED,
      CapAdd: ['cap_sys_admin', 'NET_RAW', 'LEASE'], Devices: [{ PathOnHost: '/dev/mem' }], DeviceCgroupRules: ['a *:* rwm'],
      IpcMode: 'host', UTSMode: 'host', UsernsMode: 'host', CgroupnsMode: 'host',
      SecurityOpt: ['seccomp:unconfined', 'apparmor=unconfined', 'label=disable', 'no-new-privileges:false', 'systempaths=unconfined'],
      Binds: ['/var/run/docker.sock:/s', '/srv/x:/x:rshared'], Mounts: [{ Type: 'bind', Source: '/etc//', BindOptions: { Propagation: 'shared' } }, { Type: 'volume', VolumeOptions: { DriverConfig: { Options: { type: 'none', o: 'bind', device: '/' } } } }],
      VolumesFrom: ['other'], Sysctls: { 'kernel.shm_rmid_forced': '1' }, PortBindings: { '2375/tcp': [{ HostIp: '', HostPort: '2375' }] }, PublishAllPorts: true, MaskedPaths: [],
    });
    expect(ids(fs)).toEqual(['PCL-CFG-002', 'PCL-CFG-003', 'PCL-CFG-004', 'PCL-CFG-007', 'PCL-CFG-008', 'PCL-CFG-009', 'PCL-CFG-010', 'PCL-CFG-011', 'PCL-CFG-012', 'PCL-CFG-013', 'PCL-CFG-014', 'PCL-CFG-015', 'PCL-CFG-016', 'PCL-CFG-017', 'PCL-CFG-018', 'PCL-CFG-019', 'PCL-CFG-024', 'PCL-CFG-028', 'PCL-CFG-029', 'PCL-CFG-034', 'PCL-CFG-035']);
    expect(fs.filter((f) => f.ruleId === 'PCL-CFG-003').map((f) => f.message)).toEqual(['capability LEASE is added']); // NET_RAW is a default capability
  });
});

describe('other analysers', () => {
  it('exec, volume, update', () => {
    expect(ids(analyzeExecCreate({ Cmd: ['sh'], Privileged: true, User: '0:0' }))).toEqual(['PCL-CFG-026', 'PCL-CFG-027']);
    expect(analyzeVolumeCreate({ Name: 'v', DriverOpts: { type: 'none', o: 'bind', device: '/etc' } })[0]).toMatchObject({ ruleId: 'PCL-CFG-018', severity: 'critical' });
    expect(analyzeVolumeCreate({ Name: 'v', DriverOpts: { type: 'tmpfs', device: 'tmpfs' } })).toEqual([]);
    expect(ids(analyzeContainerUpdate({ PidsLimit: 0, RestartPolicy: { Name: 'unless-stopped' } }))).toEqual(['PCL-CFG-022', 'PCL-CFG-023']);
  });
  it('service, plugin, build, archive', () => {
    const svc = analyzeServiceSpec({ Name: 's', TaskTemplate: { ContainerSpec: { Mounts: [{ Type: 'bind', Source: '/run/docker.sock' }], CapabilityAdd: ['CAP_SYS_ADMIN'] }, Resources: { Limits: { MemoryBytes: 1, NanoCPUs: 1, Pids: 1 } } }, EndpointSpec: { Ports: [{ PublishedPort: 80 }] } });
    expect(ids(svc)).toEqual(['PCL-CFG-002', 'PCL-CFG-015', 'PCL-CFG-024']);
    expect(ids(analyzePluginPrivileges([{ Name: 'network', Value: ['host'] }, { Name: 'docs', Value: [] }]))).toEqual(['PCL-CFG-030']);
    const q = { tags: [], remote: 'http://127.0.0.1:9/c.tar', dockerfile: '', networkMode: 'host', extraHosts: '', isolation: '', platform: '', version: '', cgroupParent: '', memory: '', buildArgs: {}, labels: {}, ulimits: [], cacheFrom: [], pull: false };
    expect(ids(analyzeBuildQuery(q))).toEqual(['PCL-CFG-031', 'PCL-CFG-032']);
    expect(ids(analyzeArchiveUpload({ path: 'etc/../usr/bin', noOverwriteDirNonDir: false, copyUIDGID: false }))).toEqual(['PCL-CFG-033']);
    expect(analyzeArchiveUpload({ path: '/srv/app', noOverwriteDirNonDir: true, copyUIDGID: false })).toEqual([]);
  });
  it('only uses catalogued rule ids', () => {
    const known = new Set(CONFIG_RULES.map((r) => r.id));
    expect(CONFIG_RULES.every((r) => /^PCL-CFG-\d{3}$/.test(r.id))).toBe(true);
    expect(known.size).toBe(CONFIG_RULES.length);
  });
});
