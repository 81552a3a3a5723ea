// PCL-TTP-012: sibling containers with host access started through the engine, and the CI look-alikes that are not.
import { describe, expect, it } from 'vitest';
import { detect } from '../detect.js';
import { parseDockerCli } from '../shell/docker-cli.js';
import type { DetectionInput } from '../types.js';

const SOCK = ['/var/run/docker.sock:/var/run/docker.sock'];
const run = (input: DetectionInput) => detect(input, { rules: ['PCL-TTP-012'] }).map((f) => `${f.severity}: ${f.message}`);
const sh = (script: string, binds: string[] = SOCK): DetectionInput => ({ binds, cmd: ['sh', '-c', script] });

describe('PCL-TTP-012 host-level container started through the engine', () => {
  it('is critical for docker run/create with host access through a mounted socket', () => {
    expect(run(sh('docker run -d --privileged alpine sleep 1'))).toEqual([expect.stringMatching(/^critical: .*--privileged.*through the engine socket/)]);
    expect(run(sh('docker run -v /:/host alpine chroot /host sh'))).toEqual([expect.stringMatching(/^critical: .*-v \/:\/host/)]);
    expect(run(sh('docker container create --pid=host --userns host alpine nsenter -t 1 -m sh'))).toEqual([expect.stringMatching(/^critical: .*--pid=host/)]);
    expect(run(sh('docker run --mount type=bind,source=/etc,target=/e alpine sh'))).toEqual([expect.stringMatching(/^critical: .*--mount type=bind,source=\/etc/)]);
    expect(run(sh('docker run --cap-add=SYS_ADMIN --security-opt apparmor=unconfined alpine sh'))).toEqual([expect.stringMatching(/^critical: .*SYS_ADMIN/)]);
    expect(run(sh('docker run -v /var/run/docker.sock:/var/run/docker.sock alpine sh'))).toHaveLength(1);
  });
  it('reads a create body sent with curl over the socket', () => {
    const body = '{"Image":"alpine","HostConfig":{"Binds":["/:/h"],"Privileged":true}}';
    expect(run(sh(`curl -s --unix-socket /run/docker.sock -H 'Content-Type: application/json' -d '${body}' http://x/v1.41/containers/create`, [])))
      .toEqual([expect.stringMatching(/^critical: .*"Privileged":true, Binds "\/:\/h"/)]);
  });
  it('is high when the engine is another one, or none is known to be mounted', () => {
    expect(run(sh('docker -H tcp://198.51.100.4:2375 run --privileged alpine sh'))).toEqual([expect.stringMatching(/^high: /)]);
    expect(run(sh('DOCKER_HOST=tcp://198.51.100.4:2375 docker run --privileged alpine sh'))).toEqual([expect.stringMatching(/^high: /)]);
    expect(run(sh('docker run --privileged alpine sh', []))).toEqual([expect.stringMatching(/^high: /)]);
  });
  it('leaves CI use of the socket alone', () => {
    expect(run(sh('docker build -t app . && docker run --rm -v /builds/app:/src -w /src app npm test'))).toEqual([]);
    expect(run(sh('docker ps -a; docker images; docker run --rm --network host app:ci ./smoke.sh'))).toEqual([]);
    expect(run(sh('docker run --privileged=false alpine true'))).toEqual([]);
    expect(run(sh('curl -s --unix-socket /var/run/docker.sock http://x/containers/json'))).toEqual([]);
  });
  it('docker-cli lists run options in order, values attached or separate', () => {
    expect(parseDockerCli(['docker', 'run', '--rm', '-v', '/:/h', '--pid=host', '--entrypoint', 'sh', 'alpine', '-c', 'id'])).toMatchObject({
      sub: 'run', image: 'alpine', command: ['sh', '-c', 'id'],
      options: [{ flag: '--rm' }, { flag: '-v', value: '/:/h' }, { flag: '--pid', value: 'host' }, { flag: '--entrypoint', value: 'sh' }] });
  });
});
