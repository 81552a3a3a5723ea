// Differential proof for container update and the legacy start-with-body (API < 1.24): seeded bodies sent
// raw to the lab engine, the stored HostConfig read back and compared with the core's prediction.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeContainerStartLegacy, decodeContainerUpdate } from '../../../src/core/docker-api/index.js';
import { labFromEnv } from '../../lab/index.js';
import { plain } from './compare.js';
import { engineRequest, removeLeftovers } from './engine.js';
import { Obj, Raw, Rng, render, toBody, type Style, type Val } from './render.js';

const lab = labFromEnv();
const SEED = 9090;
beforeAll(async () => {
  await removeLeftovers(lab.socketPath, `pcl-diff-${SEED}-`);
});
const created: string[] = [];
const enc = new TextEncoder();
type Rec = Record<string, unknown>;

async function freshContainer(name: string, extra: Rec = {}): Promise<string> {
  const body = enc.encode(JSON.stringify({ Image: 'alpine', Cmd: ['true'], HostConfig: { NetworkMode: 'none', ...extra } }));
  const r = await engineRequest(lab.socketPath, 'POST', `/containers/create?name=${name}`, body);
  expect(r.status, r.text).toBe(201);
  const id = (r.json as { Id: string }).Id;
  created.push(id);
  return id;
}

function updateBody(r: Rng): Uint8Array {
  const e: [string, Val][] = [];
  if (r.chance(0.7)) e.push(['RestartPolicy', r.pick<Val>([new Obj([['Name', 'always']]), new Obj([['Name', 'on-failure'], ['MaximumRetryCount', 2]]), new Obj([['Name', 'bogus']]), new Obj([['Name', 'unless-stopped']]), new Obj([['Name', 'no'], ['MaximumRetryCount', 1]]), null])]);
  if (r.chance(0.5)) e.push(['PidsLimit', r.pick<Val>([50, -1, 0, null, new Raw('5.5')])]);
  if (r.chance(0.5)) e.push(['CpuShares', r.pick<Val>([512, 1024, '7'])]);
  if (r.chance(0.3)) e.push(['RestartPolicy', new Obj([['MaximumRetryCount', 4]])]);
  const style: Style = { mangle: r.pick([0, 0.5, 1]), escape: r.pick([0, 0.2]), pretty: false };
  return toBody(render(new Obj(e), r, style) + (r.chance(0.1) ? ' trailing' : ''));
}

describe('container update and legacy start agree with dockerd', () => {
  afterAll(async () => {
    for (const id of created) await engineRequest(lab.socketPath, 'DELETE', `/containers/${id}?force=1`);
  });

  it('update: 60 seeded bodies', async () => {
    const r = new Rng(SEED);
    const mismatches: string[] = [];
    let applied = 0;
    for (let i = 0; i < 60; i++) {
      const id = await freshContainer(`pcl-diff-${SEED}-u${i}`);
      const body = updateBody(r);
      const version = r.pick([undefined, '1.41', '1.39']);
      const p = decodeContainerUpdate(body, { apiVersion: version ?? '1.41' });
      const reply = await engineRequest(lab.socketPath, 'POST', `${version ? `/v${version}` : ''}/containers/${id}/update`, body);
      const label = `u${i} v${version ?? '-'} ${Buffer.from(body).toString('latin1')}`;
      if (reply.status !== 200) {
        if (!p.error) mismatches.push(`${label}: dockerd ${reply.status} ${reply.text.trim()}, core predicted success`);
        continue;
      }
      if (p.error) {
        mismatches.push(`${label}: dockerd 200, core predicted ${p.error.message}`);
        continue;
      }
      applied++;
      const h = ((await engineRequest(lab.socketPath, 'GET', `/containers/${id}/json`)).json as { HostConfig: Rec }).HostConfig;
      const v = p.value!;
      const rp = v.RestartPolicy?.Name ? v.RestartPolicy : { Name: '', MaximumRetryCount: 0 };
      const want = plain({ RestartPolicy: { Name: rp.Name ?? '', MaximumRetryCount: rp.MaximumRetryCount ?? 0 }, PidsLimit: v.PidsLimit ?? null, CpuShares: v.CpuShares ?? 0 });
      const got = plain({ RestartPolicy: h.RestartPolicy, PidsLimit: h.PidsLimit ?? null, CpuShares: h.CpuShares });
      if (!isDeepStrictEqual(want, got)) mismatches.push(`${label}: stored ${JSON.stringify(got)} predicted ${JSON.stringify(want)}`);
    }
    expect({ count: mismatches.length, first: mismatches.slice(0, 4) }).toEqual({ count: 0, first: [] });
    expect(applied).toBeGreaterThan(20);
  });

  it('legacy start with a HostConfig body: 30 seeded bodies on API 1.23 (and refused on 1.24)', async () => {
    const r = new Rng(SEED + 1);
    const mismatches: string[] = [];
    for (let i = 0; i < 30; i++) {
      const id = await freshContainer(`pcl-diff-${SEED}-s${i}`);
      const fields: [string, Val][] = [['NetworkMode', 'none']];
      if (r.chance(0.6)) fields.push(['Binds', r.pick<Val>([['/tmp:/t:ro'], ['/etc:/e:ro', '/tmp:/t']])]);
      if (r.chance(0.5)) fields.push(['CapAdd', r.pick<Val>([['NET_ADMIN'], 'SYS_PTRACE'])]);
      if (r.chance(0.4)) fields.push(['ReadonlyRootfs', true]);
      const wrapped = r.chance(0.5);
      const style: Style = { mangle: r.pick([0, 0.7]), escape: 0, pretty: false };
      const text = render(new Obj(wrapped ? [['HostConfig', new Obj(fields)]] : fields), r, style);
      const version = i % 5 === 0 ? '1.24' : '1.23';
      const body = enc.encode(text);
      const p = decodeContainerStartLegacy(body, { apiVersion: version });
      const reply = await engineRequest(lab.socketPath, 'POST', `/v${version}/containers/${id}/start`, body);
      const label = `s${i} v${version} ${text}`;
      if (p.error) {
        if (reply.status < 400) mismatches.push(`${label}: dockerd ${reply.status}, core predicted ${p.error.message}`);
        continue;
      }
      // The container itself may fail to start in this sandbox; the host config is stored first either way.
      const h = ((await engineRequest(lab.socketPath, 'GET', `/containers/${id}/json`)).json as { HostConfig: Rec }).HostConfig;
      const hc = (p.value?.HostConfig ?? {}) as Rec;
      const want = plain({ Binds: hc.Binds ?? null, CapAdd: hc.CapAdd ?? null, ReadonlyRootfs: hc.ReadonlyRootfs ?? false, NetworkMode: hc.NetworkMode ?? 'none' });
      const got = plain({ Binds: h.Binds ?? null, CapAdd: h.CapAdd ?? null, ReadonlyRootfs: h.ReadonlyRootfs, NetworkMode: h.NetworkMode });
      if (!isDeepStrictEqual(want, got)) mismatches.push(`${label}: dockerd ${reply.status} stored ${JSON.stringify(got)} predicted ${JSON.stringify(want)}`);
      await engineRequest(lab.socketPath, 'POST', `/containers/${id}/kill`);
    }
    expect({ count: mismatches.length, first: mismatches.slice(0, 4) }).toEqual({ count: 0, first: [] });
  });
});
