import { describe, expect, it } from 'vitest';
import { decodeContainerCreate, decodeContainerStartLegacy } from './container-create.js';
import { decodeArchiveUpload, decodeBuildQuery } from './query.js';
import { decodeContainerUpdate, decodeExecCreate, decodePluginPrivileges, decodeServiceSpec, decodeVolumeCreate } from './decoders.js';
import { encodeContainerCreate } from './encode.js';

describe('decodeContainerCreate (facts verified against the lab dockerd 20.10.24)', () => {
  it('applies top-level host-config keys when there is no HostConfig, on API 1.41 too', () => {
    const r = decodeContainerCreate('{"Image":"alpine","Privileged":true}', { apiVersion: '1.41' });
    expect(r.value?.HostConfig?.Privileged).toBe(true);
    expect(r.issues.map((i) => i.kind)).toEqual(['legacy-placement']);
  });
  it('prefers HostConfig but copies Memory, MemorySwap, CpuShares, CpusetCpus, VolumeDriver from the top level', () => {
    const r = decodeContainerCreate('{"Image":"a","HostConfig":{"Privileged":false},"Privileged":true,"Memory":67108864,"Cpuset":"0"}');
    expect(r.value?.HostConfig).toMatchObject({ Privileged: false, Memory: 67108864, CpusetCpus: '0' });
  });
  it('uses the top-level keys when HostConfig is null', () => {
    expect(decodeContainerCreate('{"Image":"a","HostConfig":null,"Binds":["/:/h"]}').value?.HostConfig?.Binds).toEqual(['/:/h']);
  });
  it('matches HOSTCONFIG / privileged by folding and merges repeated HostConfig objects', () => {
    expect(decodeContainerCreate('{"image":"alpine","HOSTCONFIG":{"privileged":true}}').value?.HostConfig?.Privileged).toBe(true);
    const r = decodeContainerCreate('{"Image":"a","HostConfig":{"Binds":["/:/h"]},"HostConfig":{"Privileged":true}}');
    expect(r.value?.HostConfig).toMatchObject({ Binds: ['/:/h'], Privileged: true });
  });
  it('applies the per-version adjustments of postContainersCreate', () => {
    const old = decodeContainerCreate('{"Image":"a","HostConfig":{"AutoRemove":true,"PidsLimit":-1,"Mounts":[{"Type":"bind","BindOptions":{"NonRecursive":true}}]}}', { apiVersion: '1.24', cgroup2: false });
    expect(old.value?.HostConfig).toMatchObject({ AutoRemove: false, IpcMode: 'shareable', CgroupnsMode: 'host', NetworkMode: 'default' });
    expect(old.value?.HostConfig?.PidsLimit).toBeUndefined();
    expect(old.value?.HostConfig?.Mounts?.[0]?.BindOptions?.NonRecursive).toBe(false);
    expect(decodeContainerCreate('{"Image":"a"}', { apiVersion: '1.11' }).error?.kind).toBe('invalid');
  });
  it('predicts the refusals dockerd makes before creating', () => {
    for (const body of ['', 'null', '{}', '{"Image":"a","HostConfig":{"Memory":1.5}}', '{"Image":"a","Env":[""]}', '{"Image":"a","HostConfig":{"Memory":1024}}',
      '{"Image":"a","Hostname":"h","HostConfig":{"UTSMode":"host"}}', '{"Image":"a","HostConfig":{"AutoRemove":true,"RestartPolicy":{"Name":"always"}}}'])
      expect(decodeContainerCreate(body).error, body).toBeDefined();
    expect(decodeContainerCreate('{"Image":"alpine"} trailing').error).toBeUndefined();
  });
  it('refuses ambiguity in strict mode, with fold-match allowed on request', () => {
    expect(decodeContainerCreate('{"Image":"a","Privileged":true}', { strict: true }).error?.kind).toBe('ambiguous');
    expect(decodeContainerCreate('{"image":"a"}', { strict: true }).error?.kind).toBe('ambiguous');
    expect(decodeContainerCreate('{"image":"a"}', { strict: true, allow: ['fold-match'] }).error).toBeUndefined();
  });
  it('re-encodes canonically so that decoding again gives the same spec', () => {
    const spec = decodeContainerCreate('{"image":"alpine","privileged":true,"Labels":{"b":"1","a":"<&>"}}').value!;
    const canon = encodeContainerCreate(spec);
    expect(canon).toBe('{"Image":"alpine","Labels":{"a":"\\u003c\\u0026\\u003e","b":"1"},"HostConfig":{"NetworkMode":"default","Privileged":true}}');
    expect(decodeContainerCreate(canon, { strict: true }).value).toEqual(spec);
  });
  it('reads a legacy start body only below API 1.24', () => {
    expect(decodeContainerStartLegacy('{"Binds":["/:/h"]}', { apiVersion: '1.23' }).value?.HostConfig?.Binds).toEqual(['/:/h']);
    expect(decodeContainerStartLegacy('{"Binds":["/:/h"]}', { apiVersion: '1.24' }).error?.kind).toBe('invalid');
    expect(decodeContainerStartLegacy('{}', { apiVersion: '1.41' }).value).toEqual({});
  });
});

describe('other bodies and queries', () => {
  it('exec create needs a Cmd array', () => {
    expect(decodeExecCreate('{"cmd":["id"],"PRIVILEGED":true,"user":"root"}').value).toMatchObject({ Cmd: ['id'], Privileged: true, User: 'root' });
    expect(decodeExecCreate('{"Cmd":"id"}').error?.kind).toBe('type');
    expect(decodeExecCreate('{"Cmd":[]}').error?.kind).toBe('invalid');
  });
  it('volume create keeps exact option keys and merges repeated DriverOpts', () => {
    expect(decodeVolumeCreate('{"name":"v","DriverOpts":{"type":"none","device":"/"},"driveropts":{"o":"bind"}}').value?.DriverOpts).toEqual({ type: 'none', device: '/', o: 'bind' });
    expect(decodeVolumeCreate('{"DriverOpts":{"TYPE":"none"}}').error?.message).toMatch(/invalid option/);
  });
  it('container update drops PidsLimit below 1.40 and maps non-positive to 0', () => {
    expect(decodeContainerUpdate('{"PidsLimit":-5}').value?.PidsLimit).toBe(0);
    expect(decodeContainerUpdate('{"PidsLimit":5}', { apiVersion: '1.39' }).value?.PidsLimit).toBeUndefined();
  });
  it('service spec and plugin privileges', () => {
    const s = decodeServiceSpec('{"Name":"x","TaskTemplate":{"ContainerSpec":{"Image":"a","Mounts":[{"Type":"bind","Source":"/"}],"capabilityadd":["ALL"]}}}');
    expect(s.value).toMatchObject({ Name: 'x', TaskTemplate: { ContainerSpec: { CapabilityAdd: ['ALL'] } } });
    expect(decodePluginPrivileges('[{"name":"network","value":["host"]}]').value).toEqual([{ Name: 'network', Value: ['host'] }]);
    expect(decodePluginPrivileges('null').value).toEqual([]);
  });
  it('build query: first value wins, JSON params need a single document', () => {
    const b = decodeBuildQuery({ networkmode: ['host', 'none'], buildargs: '{"A":"1","B":null}', remote: 'http://127.0.0.1/x.tar' });
    expect(b.value).toMatchObject({ networkMode: 'host', buildArgs: { A: '1', B: null }, remote: 'http://127.0.0.1/x.tar' });
    expect(b.issues.map((i) => i.kind)).toEqual(['duplicate-key']);
    expect(decodeBuildQuery({ buildargs: '{"A":"1"} x' }).error?.kind).toBe('syntax');
  });
  it('archive upload requires path and reads Go booleans', () => {
    expect(decodeArchiveUpload({ path: '/etc', noOverwriteDirNonDir: 'TRUE', copyUIDGID: 'none' }).value).toEqual({ path: '/etc', noOverwriteDirNonDir: true, copyUIDGID: false });
    expect(decodeArchiveUpload({}).error?.kind).toBe('invalid');
  });
});
