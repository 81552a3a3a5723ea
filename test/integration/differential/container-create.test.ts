// THE proof that the core reads container-create bodies as dockerd does: hundreds of seeded bodies (case and
// fold variants, escapes, repeats, merges, legacy placement, versions, trailing data) sent raw to the lab engine.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeContainerCreate, encodeContainerCreate } from '../../../src/core/docker-api/index.js';
import { labFromEnv } from '../../lab/index.js';
import { actualInspect, expectedInspect, plain, type ImageDefaults } from './compare.js';
import { engineRequest } from './engine.js';
import { BROKEN_CREATE_BODIES, genCreate, type GenCase } from './generate.js';
import { Rng } from './render.js';

const lab = labFromEnv();
const SEED = 20101;
const COUNT = 400;
const created: string[] = [];
const images = new Map<string, ImageDefaults>();

async function imageDefaults(name: string): Promise<ImageDefaults> {
  const hit = images.get(name);
  if (hit) return hit;
  const r = await engineRequest(lab.socketPath, 'GET', `/images/${encodeURIComponent(name)}/json`);
  const cfg = (r.json as { Config: ImageDefaults }).Config;
  images.set(name, cfg);
  return cfg;
}

/** Send one case, compare with the core's prediction; returns a mismatch description or undefined. */
async function runCase(c: GenCase): Promise<string | undefined> {
  const apiVersion = c.version ?? '1.41';
  const predicted = decodeContainerCreate(c.body, { apiVersion, cgroup2: false });
  const path = `${c.version ? `/v${c.version}` : ''}/containers/create?name=${c.name}`;
  const reply = await engineRequest(lab.socketPath, 'POST', path, c.body);
  const label = `${c.name} ${path} ${JSON.stringify(Buffer.from(c.body).toString('latin1'))} tricks=${c.tricks.join(',')}`;
  if (reply.status !== 201) {
    return predicted.error ? undefined : `${label}: dockerd ${reply.status} ${reply.text.trim()} but core predicted success`;
  }
  const id = (reply.json as { Id: string }).Id;
  created.push(id);
  if (predicted.error) return `${label}: dockerd 201 but core predicted ${predicted.error.kind}: ${predicted.error.message}`;
  const inspect = await engineRequest(lab.socketPath, 'GET', `/containers/${id}/json`);
  const spec = predicted.value!;
  const want = plain(expectedInspect(spec, await imageDefaults(String(spec.Config.Image)), apiVersion));
  const got = plain(actualInspect(inspect.json as Record<string, unknown>));
  try {
    expect(got).toEqual(want);
  } catch {
    return `${label}: stored ${JSON.stringify(got)}\n  predicted ${JSON.stringify(want)}`;
  }
  // The canonical re-encoding must decode to the same spec (what the guard forwards is what it judged).
  const again = decodeContainerCreate(encodeContainerCreate(spec), { apiVersion, cgroup2: false });
  if (!isDeepStrictEqual(plain(again.value), plain(spec))) return `${label}: canonical re-encoding decodes differently`;
  return undefined;
}

describe('container create: core prediction equals what dockerd stores', () => {
  beforeAll(async () => {
    await imageDefaults('alpine');
  });
  afterAll(async () => {
    for (const id of created) await engineRequest(lab.socketPath, 'DELETE', `/containers/${id}?force=1&v=1`);
  });

  it(`agrees on ${COUNT} generated bodies (seed ${SEED})`, async () => {
    const rng = new Rng(SEED);
    const mismatches: string[] = [];
    const kinds = { created: 0, refused: 0 };
    for (let i = 0; i < COUNT; i++) {
      const c = genCreate(rng, i, SEED);
      const m = await runCase(c);
      if (m) mismatches.push(m);
      if (decodeContainerCreate(c.body, { apiVersion: c.version ?? '1.41', cgroup2: false }).error) kinds.refused++;
      else kinds.created++;
    }
    expect({ count: mismatches.length, first: mismatches.slice(0, 4) }).toEqual({ count: 0, first: [] });
    // The generator must exercise both outcomes, or the suite proves little.
    expect(kinds.created).toBeGreaterThan(COUNT / 2);
    expect(kinds.refused).toBeGreaterThan(10);
  });

  it('agrees on hand-written malformed and refused bodies', async () => {
    const mismatches: string[] = [];
    for (const [i, text] of BROKEN_CREATE_BODIES.entries()) {
      const m = await runCase({ name: `pcl-diff-${SEED}-b${i}`, body: new TextEncoder().encode(text), tricks: ['broken'] });
      if (m) mismatches.push(m);
    }
    expect(mismatches).toEqual([]);
  });
});
