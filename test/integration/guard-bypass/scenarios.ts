// Multi-step scenarios the one-shot corpus cannot express: each uses only what the maker role allows, yet
// reaches an effect the role is meant to forbid (exec as root, a host path outside the allow-list).
import { http, P, type Ctx } from './attempt.js';
import { engine, send, statuses, type Rig } from './harness.js';

export interface ScenarioResult { steps: number[]; uidLine: string }

/** As the maker: create+start a container that maps "nobody" to uid 0, then exec `id -u` as User "nobody". */
export async function execUserRemapped(rig: Rig, c: Ctx): Promise<ScenarioResult> {
  const name = `${P}remap`;
  const cmd = ['sh', '-c', "sed -i 's/^nobody:x:[0-9]*:[0-9]*:/nobody:x:0:0:/' /etc/passwd; exec sleep 3600"];
  const steps: number[] = [];
  steps.push(statuses(await send(rig, [http(c, 'POST', `/v1.41/containers/create?name=${name}`, { body: JSON.stringify({ Image: 'alpine', Cmd: cmd, HostConfig: { NetworkMode: 'none' } }) })]))[0] ?? 0);
  steps.push(statuses(await send(rig, [http(c, 'POST', `/v1.41/containers/${name}/start`)]))[0] ?? 0);
  // Wait (bounded) until the container rewrote its passwd file; read through the engine, not the guard.
  for (let i = 0; i < 50; i++) {
    const r = await engine('GET', `/containers/${name}/archive?path=/etc/passwd`);
    if (r.body.includes('nobody:x:0:0:')) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  const ex = await send(rig, [http(c, 'POST', `/v1.41/containers/${name}/exec`, { body: '{"Cmd":["id","-u"],"User":"nobody","AttachStdout":true,"Tty":true}' })]);
  steps.push(statuses(ex)[0] ?? 0);
  const id = /"Id":"([0-9a-f]{64})"/.exec(ex)?.[1] ?? 'none';
  const out = await send(rig, [`POST /v1.41/exec/${id}/start HTTP/1.1\r\nHost: docker\r\n${c.auth}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n{"Detach":false,"Tty":true}`]);
  steps.push(statuses(out)[0] ?? 0);
  const body = out.slice(out.indexOf('\r\n\r\n') + 4);
  return { steps, uidLine: body.trim().split(/\r?\n/)[0] ?? '' };
}

/**
 * As the maker: bind the allowed prefix read-write, let a container plant a symlink in it pointing outside,
 * then bind `<allowed>/link`: the guard compares the path lexically, the kernel follows the link on the host.
 * Returns what the second container read through the link (the marker file in `rig.outside`).
 */
export async function bindThroughPlantedSymlink(rig: Rig, c: Ctx, marker: string): Promise<{ steps: number[]; read: string }> {
  const steps: number[] = [];
  const run = async (name: string, body: unknown): Promise<void> => {
    steps.push(statuses(await send(rig, [http(c, 'POST', `/v1.41/containers/create?name=${name}`, { body: JSON.stringify(body) })]))[0] ?? 0);
    steps.push(statuses(await send(rig, [http(c, 'POST', `/v1.41/containers/${name}/start`)]))[0] ?? 0);
    const w = await send(rig, [http(c, 'POST', `/v1.41/containers/${name}/wait`)], 30_000);
    steps.push(statuses(w)[0] ?? 0);
  };
  await run(`${P}plant`, { Image: 'alpine', Cmd: ['ln', '-s', rig.outside, '/data/link'], HostConfig: { NetworkMode: 'none', Binds: [`${rig.allowed}:/data`] } });
  await run(`${P}follow`, { Image: 'alpine', Cmd: ['cat', '/x/marker'], HostConfig: { NetworkMode: 'none', Binds: [`${rig.allowed}/link:/x`] } });
  const logs = await send(rig, [http(c, 'GET', `/v1.41/containers/${P}follow/logs?stdout=1&stderr=1`)]);
  steps.push(statuses(logs)[0] ?? 0);
  return { steps, read: logs.includes(marker) ? marker : '' };
}
