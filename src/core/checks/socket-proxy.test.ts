// Unit tests of socket proxies in containers: a container with the Docker socket that publishes a port exposes the
// API; docker-socket-proxy images are judged by their environment switches (POST/EXEC vs read-only sections).
import { describe, expect, it } from 'vitest';
import type { HostFacts } from './facts.js';
import { runChecks } from './index.js';

function proxy(name: string, image: string, env: string[], hc: object, exposed: object = {}) {
  return { Id: `${name}00000000000000`, Name: `/${name}`, State: { Status: 'running' }, Config: { Image: image, Env: env, ExposedPorts: exposed },
    HostConfig: { Binds: ['/var/run/docker.sock:/var/run/docker.sock:ro'], ...hc } };
}

function run(containers: object[]) {
  const facts: HostFacts = { root: '/', live: false, now: new Date('2027-01-01T00:00:00Z'), files: {},
    engine: { endpoint: 'unix:///var/run/docker.sock', info: {}, containers: containers as Record<string, unknown>[] } };
  return runChecks(facts).findings.filter((f) => f.ruleId === 'PCL-EXP-003');
}

const pb = (ip: string, port: string) => ({ PortBindings: { '2375/tcp': [{ HostIp: ip, HostPort: port }] } });

describe('socket proxies in containers', () => {
  it('tecnativa with POST=1 published on all interfaces is critical; read-only sections are high; defaults low', () => {
    const f = run([
      proxy('rw', 'tecnativa/docker-socket-proxy:0.3', ['CONTAINERS=1', 'POST=1', 'PATH=/usr/bin'], pb('', '2375')),
      proxy('ro', 'tecnativa/docker-socket-proxy', ['CONTAINERS=1', 'IMAGES=1'], pb('0.0.0.0', '2376')),
      proxy('def', 'lscr.io/linuxserver/socket-proxy:latest', [], pb('0.0.0.0', '2377')),
    ]);
    expect(f.map((x) => `${x.severity} ${x.target}`)).toEqual(['critical tcp://*:2375', 'high tcp://*:2376', 'low tcp://*:2377']);
    expect(f[0]?.message).toMatch(/^container rw \(rw0000000000\) \(running, image tecnativa\/docker-socket-proxy:0\.3\) has the Docker socket \(\/var\/run\/docker\.sock\) and publishes \*:2375: it allows POST/);
    expect(f[0]?.evidence.map((e) => `${e.location} = ${e.value}`)).toEqual([
      'container rw (rw0000000000) HostConfig.Binds[0] = /var/run/docker.sock:/var/run/docker.sock',
      'container rw (rw0000000000) HostConfig.PortBindings["2375/tcp"] = {"HostIp":"","HostPort":"2375"}',
      'container rw (rw0000000000) Config.Env = CONTAINERS=1 POST=1',
    ]);
  });

  it('any container with the socket on the host network exposes its ports; loopback bindings are high', () => {
    const f = run([
      proxy('hostnet', 'alpine', [], { NetworkMode: 'host' }, { '2375/tcp': {} }),
      proxy('local', 'alpine', [], pb('127.0.0.1', '12375')),
    ]);
    expect(f.map((x) => `${x.severity} ${x.target}`)).toEqual(['critical tcp://*:2375', 'high tcp://127.0.0.1:12375']);
    expect(f[0]?.message).toMatch(/it forwards the whole API\.$/);
  });

  it('a socket mount without a published port is PCL-EXP-005 only', () => {
    const r = run([proxy('quiet', 'tecnativa/docker-socket-proxy', ['POST=1'], {})]);
    expect(r).toEqual([]);
  });
});

describe('docker-in-docker containers', () => {
  const dind = (name: string, env: string[], hc: object) => ({ Id: `${name}00000000000000`, Name: `/${name}`, State: { Status: 'exited' },
    Config: { Image: 'docker:27-dind', Env: env, Entrypoint: ['dockerd-entrypoint.sh'] }, HostConfig: { Privileged: true, ...hc } });
  const run = (cs: object[]) => runChecks({ root: '/', live: false, now: new Date('2027-01-01T00:00:00Z'), files: {},
    engine: { endpoint: 'unix:///var/run/docker.sock', info: {}, containers: cs as Record<string, unknown>[] } }).findings.filter((f) => f.ruleId === 'PCL-EXP-001');

  it('DOCKER_TLS_CERTDIR="" publishing 2375 is the API without TLS; the TLS default on 2376 is not reported', () => {
    const f = run([dind('ci', ['DOCKER_TLS_CERTDIR='], pb('0.0.0.0', '2375')), dind('tls', ['DOCKER_TLS_CERTDIR=/certs'],
      { PortBindings: { '2376/tcp': [{ HostIp: '', HostPort: '2376' }] } }),
    dind('web', ['DOCKER_TLS_CERTDIR='], { PortBindings: { '8080/tcp': [{ HostIp: '', HostPort: '8080' }] } }),
    dind('mapped', ['DOCKER_TLS_CERTDIR=/certs'], pb('127.0.0.1', '12375'))]);
    expect(f.map((x) => `${x.severity} ${x.target}`)).toEqual(['critical tcp://*:2375']);
    expect(f[0]?.message).toMatch(/^container ci \(ci0000000000\) \(exited, image docker:27-dind\) runs a Docker daemon and publishes it without TLS at \*:2375 \(DOCKER_TLS_CERTDIR is empty\)/);
    expect(f[0]?.evidence.map((e) => e.value)).toEqual(['{"HostIp":"0.0.0.0","HostPort":"2375"}', 'DOCKER_TLS_CERTDIR=']);
  });
});
