// Differential proof for exec create and volume create: seeded bodies sent raw to the lab engine, then
// `GET /exec/{id}/json` and `GET /volumes/{name}` compared with the core's prediction.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeExecCreate, decodeVolumeCreate } from '../../../src/core/docker-api/index.js';
import { labFromEnv } from '../../lab/index.js';
import { plain } from './compare.js';
import { engineRequest, removeLeftovers } from './engine.js';
import { genExec, genVolume } from './generate.js';
import { Rng } from './render.js';

const lab = labFromEnv();
const SEED = 4242;
beforeAll(async () => {
  await removeLeftovers(lab.socketPath, `pcl-diff-${SEED}-`);
});
const HOST = `pcl-diff-${SEED}-exechost`;
let hostId = '';
const volumes: string[] = [];

type Rec = Record<string, unknown>;

describe('exec create: core prediction equals the stored exec instance', () => {
  beforeAll(async () => {
    const body = new TextEncoder().encode(JSON.stringify({ Image: 'alpine', Cmd: ['sleep', '3600'], HostConfig: { NetworkMode: 'none' } }));
    const c = await engineRequest(lab.socketPath, 'POST', `/containers/create?name=${HOST}`, body);
    expect(c.status).toBe(201);
    hostId = (c.json as { Id: string }).Id;
    const s = await engineRequest(lab.socketPath, 'POST', `/containers/${hostId}/start`);
    expect(s.status).toBe(204);
  });
  afterAll(async () => {
    if (hostId) await engineRequest(lab.socketPath, 'DELETE', `/containers/${hostId}?force=1`);
  });

  it('agrees on 150 generated exec bodies', async () => {
    const rng = new Rng(SEED);
    const mismatches: string[] = [];
    let ok = 0;
    for (let i = 0; i < 150; i++) {
      const c = genExec(rng, i);
      const predicted = decodeExecCreate(c.body);
      const reply = await engineRequest(lab.socketPath, 'POST', `/containers/${hostId}/exec`, c.body);
      const label = `${c.name} ${Buffer.from(c.body).toString('latin1')}`;
      if (reply.status !== 201) {
        if (!predicted.error) mismatches.push(`${label}: dockerd ${reply.status} ${reply.text.trim()}, core predicted success`);
        continue;
      }
      if (predicted.error) {
        mismatches.push(`${label}: dockerd 201, core predicted ${predicted.error.message}`);
        continue;
      }
      ok++;
      const id = (reply.json as { Id: string }).Id;
      const got = (await engineRequest(lab.socketPath, 'GET', `/exec/${id}/json`)).json as Rec;
      const v = predicted.value!;
      const cmd = v.Cmd ?? [];
      const want = { privileged: v.Privileged ?? false, user: v.User ?? '', tty: v.Tty ?? false, entrypoint: cmd[0], arguments: cmd.slice(1) };
      const pc = got.ProcessConfig as Rec;
      const have = { privileged: pc.privileged, user: pc.user ?? '', tty: pc.tty, entrypoint: pc.entrypoint, arguments: pc.arguments ?? [] };
      if (JSON.stringify(plain(want)) !== JSON.stringify(plain(have))) mismatches.push(`${label}: stored ${JSON.stringify(have)} predicted ${JSON.stringify(want)}`);
    }
    expect({ count: mismatches.length, first: mismatches.slice(0, 4) }).toEqual({ count: 0, first: [] });
    expect(ok).toBeGreaterThan(60);
  });
});

describe('volume create: core prediction equals the stored volume', () => {
  afterAll(async () => {
    for (const v of volumes) await engineRequest(lab.socketPath, 'DELETE', `/volumes/${v}?force=1`);
  });

  it('agrees on 80 generated volume bodies', async () => {
    const rng = new Rng(SEED + 1);
    const mismatches: string[] = [];
    for (let i = 0; i < 80; i++) {
      const c = genVolume(rng, i, SEED);
      const predicted = decodeVolumeCreate(c.body);
      const reply = await engineRequest(lab.socketPath, 'POST', '/volumes/create', c.body);
      const label = `${c.name} ${Buffer.from(c.body).toString('latin1')}`;
      if (reply.status !== 201) {
        if (!predicted.error) mismatches.push(`${label}: dockerd ${reply.status} ${reply.text.trim()}, core predicted success`);
        continue;
      }
      const got = reply.json as Rec;
      volumes.push(String(got.Name));
      if (predicted.error) {
        mismatches.push(`${label}: dockerd 201, core predicted ${predicted.error.message}`);
        continue;
      }
      const v = predicted.value!;
      const inspect = (await engineRequest(lab.socketPath, 'GET', `/volumes/${String(got.Name)}`)).json as Rec;
      const want = { Name: v.Name, Driver: v.Driver || 'local', Options: v.DriverOpts ?? null, Labels: v.Labels ?? null };
      const have = { Name: inspect.Name, Driver: inspect.Driver, Options: inspect.Options ?? null, Labels: inspect.Labels ?? null };
      const norm = (x: Rec): unknown => plain({ ...x, Options: x.Options && Object.keys(x.Options).length ? x.Options : null, Labels: x.Labels && Object.keys(x.Labels).length ? x.Labels : null });
      if (!isDeepStrictEqual(norm(want), norm(have))) mismatches.push(`${label}: stored ${JSON.stringify(have)} predicted ${JSON.stringify(want)}`);
    }
    expect({ count: mismatches.length, first: mismatches.slice(0, 4) }).toEqual({ count: 0, first: [] });
    expect(volumes.length).toBeGreaterThan(30); // many bodies are refused: mangled option keys are exact map keys
  });
});
