// THE proof that the core reads container-create bodies as dockerd does: hundreds of seeded bodies (case and
// fold variants, escapes, repeats, merges, legacy placement, versions, trailing data) sent raw to the lab engine.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeContainerCreate, analyzeHostConfig, decodeContainerCreate, encodeContainerCreate, type HostConfig } from '../../../src/core/docker-api/index.js';
import { labFromEnv } from '../../lab/index.js';
import { actualInspect, expectedInspect, plain, type ImageDefaults } from './compare.js';
import { engineRequest, removeLeftovers } from './engine.js';
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
  // Risk analysis before creation (guard) and after (watcher/auditor, on inspect) must agree, except for what
  // the daemon adds by default: label=disable (PCL-CFG-013) next to privileged/host pid/host ipc, and the
  // cgroup v1 default CgroupnsMode=host (PCL-CFG-010).
  const before = new Set(analyzeContainerCreate(spec).map((f) => f.ruleId));
  const after = new Set(analyzeHostConfig((inspect.json as { HostConfig: HostConfig }).HostConfig).map((f) => f.ruleId));
  const hc = spec.HostConfig ?? {};
  const drop = (id: string): void => void (before.delete(id), after.delete(id));
  if (hc.Privileged || hc.PidMode === 'host' || hc.IpcMode === 'host') drop('PCL-CFG-013');
  if (!hc.CgroupnsMode) drop('PCL-CFG-010');
  if (!isDeepStrictEqual([...before].sort(), [...after].sort())) return `${label}: findings before create ${[...before].sort().join(',')} but on inspect ${[...after].sort().join(',')}`;
  // The canonical re-encoding must decode to the same spec (what the guard forwards is what it judged).
  const again = decodeContainerCreate(encodeContainerCreate(spec), { apiVersion, cgroup2: false });
  if (!isDeepStrictEqual(plain(again.value), plain(spec))) return `${label}: canonical re-encoding decodes differently`;
  return undefined;
}

describe('container create: core prediction equals what dockerd stores', () => {
  beforeAll(async () => {
    await removeLeftovers(lab.socketPath, `pcl-diff-${SEED}-`);
    await imageDefaults('alpine');
  });
  afterAll(async () => {
    for (const id of created) await engineRequest(lab.socketPath, 'DELETE', `/containers/${id}?force=1&v=1`);
  });

  it(`agrees on ${COUNT} generated bodies (seed ${SEED})`, async () => {
    const rng = new Rng(SEED);
    const mismatches: string[] = [];
    const kinds = { created: 0, refused: 0 };
    const tricks = new Map<string, number>();
    for (let i = 0; i < COUNT; i++) {
      const c = genCreate(rng, i, SEED);
      for (const t of c.tricks) tricks.set(t.split(':')[0]!, (tricks.get(t.split(':')[0]!) ?? 0) + 1);
      if (c.version && Number(c.version.split('.')[1]) < 24) tricks.set('old-version', (tricks.get('old-version') ?? 0) + 1);
      const m = await runCase(c);
      if (m) mismatches.push(m);
      if (decodeContainerCreate(c.body, { apiVersion: c.version ?? '1.41', cgroup2: false }).error) kinds.refused++;
      else kinds.created++;
    }
    expect({ count: mismatches.length, first: mismatches.slice(0, 4) }).toEqual({ count: 0, first: [] });
    // The generator must exercise both outcomes, or the suite proves little.
    expect(kinds.created).toBeGreaterThan(COUNT / 2);
    expect(kinds.refused).toBeGreaterThan(10);
    for (const t of ['nested', 'legacy', 'split', 'double', 'null-then-legacy', 'repeat', 'mangle', 'escape', 'trailing', 'unknown', 'cpuset', 'old-version'])
      expect(tricks.get(t) ?? 0, t).toBeGreaterThan(8);
  });

  it('sees every known filter-bypass spelling as dockerd does (each one is privileged or mounts / on the lab)', async () => {
    const BYPASSES = [
      '{"Image":"alpine","Privileged":true}',
      '{"Image":"alpine","HostConfig":null,"Binds":["/:/h"]}',
      '{"Image":"alpine","HostConfig":{"Privileged":false},"hostconfig":{"privileged":true}}',
      '{"Image":"alpine","HostConfig":{"Privileged":false,"PRIVILEGED":true}}',
      '{"Image":"alpine","HostConfig":{"Privil\\u0065ged":true}}',
      '{"Image":"alpine","HostConfig":{"Bind\u017f":["/:/h"]}}',
      '{"Image":"alpine","HOSTCONFIG":{"binds":["//:/h"]}}',
      '{"Image":"alpine","HostConfig":{"Binds":["/tmp:/t"]},"HostConfig":{"Binds":["/:/h"]}}',
      '{"Image":"alpine","HostConfig":{"Mounts":[{"Type":"bind","Source":"/tmp"}],"Mounts":[{"Source":"/","Target":"/h"}]}}',
    ];
    for (const [i, text] of BYPASSES.entries()) {
      const name = `pcl-diff-${SEED}-x${i}`;
      const body = new TextEncoder().encode(text);
      const reply = await engineRequest(lab.socketPath, 'POST', `/containers/create?name=${name}`, body);
      expect(reply.status, `${text}: ${reply.text}`).toBe(201);
      created.push((reply.json as { Id: string }).Id);
      const h = ((await engineRequest(lab.socketPath, 'GET', `/containers/${name}/json`)).json as { HostConfig: HostConfig }).HostConfig;
      const rootMounted = (h.Binds ?? []).some((b) => b.startsWith('/:') || b.startsWith('//:')) || (h.Mounts ?? []).some((m) => m?.Source === '/');
      expect(h.Privileged === true || rootMounted, text).toBe(true);
      const r = decodeContainerCreate(body);
      const ids = analyzeContainerCreate(r.value!).map((f) => f.ruleId);
      expect(ids.includes('PCL-CFG-001') || ids.includes('PCL-CFG-016'), text).toBe(true);
      expect(decodeContainerCreate(body, { strict: true }).error?.kind, text).toBe('ambiguous');
    }
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
