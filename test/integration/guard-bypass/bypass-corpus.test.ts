// Red-team corpus against the real guard in front of the real lab dockerd: raw bytes over TLS with bearer
// tokens; every attempt must be refused AND leave no forbidden effect on the engine (the ground truth).
// Attempts that currently get through are listed in KNOWN_BYPASSES and asserted to still be bypasses, so
// a fix shows up as a failing test telling you to move the attempt back into the main corpus.
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../../lab/index.js';
import { FXT, http, type Attempt, type Ctx } from './attempt.js';
import { HOST_PATHS, KEY_TRICKS, SPEC_KNOBS } from './corpus-body.js';
import { OTHER_ENDPOINTS, READ_ONLY } from './corpus-endpoints.js';
import { FRAMING, TARGET_TRICKS, UPGRADE } from './corpus-wire.js';
import { newEffects, snapshot, violations } from './ground-truth.js';
import { bindThroughPlantedSymlink, execUserRemapped } from './scenarios.js';
import { engineJson, lab, makeFixtures, P, removeOurs, send, startRig, statuses, type Rig } from './harness.js';

/** Attempt id -> why it gets through today (reported to the lead; see the final describe). */
export const KNOWN_BYPASSES: Readonly<Record<string, string>> = {
  // Fixed and moved into the main corpus (and the scenarios below now assert refusal):
  // 'exec-user-name-remapped' (exec users are numeric uids only; names resolve in the container's /etc/passwd),
  // 'bind-through-planted-symlink' (bind sources judged by their real path; binds read-only unless allowWritableBinds).
  // Found and fixed during this work (now in the main corpus): 'named-bind-volume', 'volume-existing-bind-backed'
  // (an existing local volume created with type=none,o=bind,device=<host path> mounted by name through Binds or
  // Mounts[Type=volume] without inline options).
};

const SCENARIOS: string[] = [];
const CORPUS: Attempt[] = [...KEY_TRICKS, ...HOST_PATHS, ...SPEC_KNOBS, ...TARGET_TRICKS, ...FRAMING, ...UPGRADE, ...OTHER_ENDPOINTS, ...READ_ONLY];

let rig: Rig;
let baseline: Record<string, unknown>;
let execId = '';
let imageId = '';
let n = 0;
const control: Record<string, number> = {};

const ctxFor = (who: 'maker' | 'reader', name = `${P}a${++n}`): Ctx =>
  ({ auth: `Authorization: Bearer ${rig.tokens[who]}`, A: rig.allowed, name, execId, imageId });

interface Outcome { statuses: number[]; refused: boolean; effects: string[]; violations: string[]; leaks: string[] }

async function run(a: Attempt): Promise<Outcome> {
  const before = await snapshot();
  const vBefore = new Set(await violations(before, rig.allowed, baseline));
  const resp = await send(rig, a.parts(ctxFor(a.who)));
  const after = await snapshot();
  const all = statuses(resp).filter((s) => s !== 100);
  const rest = all.slice(a.allowedFirst ?? 0);
  const refused = rest.every((s) => s >= 400);
  const effects = newEffects(before, after);
  const v = (await violations(after, rig.allowed, baseline)).filter((x) => !vBefore.has(x));
  const leaks = (a.leak ?? []).filter((l) => resp.includes(l));
  return { statuses: all, refused, effects, violations: v, leaks };
}

const bypassed = (a: Attempt, o: Outcome): boolean =>
  o.violations.length > 0 || o.leaks.length > 0 || ((a.mode ?? 'refuse') === 'refuse' && (!o.refused || o.effects.length > 0));

beforeAll(async () => {
  rig = await startRig();
  makeFixtures(rig);
  imageId = (await engineJson<{ Id: string }>('/images/alpine/json')).Id;
  const m = ctxFor('maker', `${P}ok-plain`);
  control.plain = statuses(await send(rig, [http(m, 'POST', `/v1.41/containers/create?name=${P}ok-plain`, { body: '{"Image":"alpine","Cmd":["true"]}' })]))[0] ?? 0;
  control.bind = statuses(await send(rig, [http(m, 'POST', `/v1.41/containers/create?name=${P}ok-bind`, { body: `{"Image":"alpine","Cmd":["true"],"HostConfig":{"Binds":["${rig.allowed}:/data:ro"]}}` })]))[0] ?? 0;
  const ex = await send(rig, [http(m, 'POST', `/v1.41/containers/${FXT}/exec`, { body: '{"Cmd":["true"],"User":"65534"}' })]);
  control.exec = statuses(ex)[0] ?? 0;
  execId = /"Id":"([0-9a-f]{64})"/.exec(ex)?.[1] ?? 'none';
  control.read = statuses(await send(rig, [http(ctxFor('reader'), 'GET', '/v1.41/containers/json')]))[0] ?? 0;
  baseline = (await engineJson<{ HostConfig: Record<string, unknown> }>(`/containers/${P}ok-plain/json`)).HostConfig;
});

afterAll(async () => {
  // Bounded wait: a guard that cannot close must not keep the shared engine dirty (cleaned first, then asserted).
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([rig?.guard.close().then(() => true), new Promise<boolean>((r) => { timer = setTimeout(() => r(false), 15_000); })]);
  clearTimeout(timer);
  if (!closed) console.warn('guard-bypass: guard.close() did not finish within 15 s');
  removeOurs();
  if (rig) for (const d of [dirname(rig.allowed), rig.outside]) rmSync(d, { recursive: true, force: true });
  expect(closed, 'guard.close() must end hijacked tunnels and keep-alive sockets').toBe(true);
});

describe('the rig works (so refusals below are not vacuous)', () => {
  it('the maker creates a plain container, binds the allowed prefix read-only, execs as 65534; the reader lists', () => {
    expect(control).toEqual({ plain: 201, bind: 201, exec: 201, read: 200 });
    expect(execId).toMatch(/^[0-9a-f]{64}$/);
  });
  it('the corpus has unique ids and covers every class', () => {
    expect(new Set(CORPUS.map((a) => a.id)).size).toBe(CORPUS.length);
    expect(CORPUS.length).toBeGreaterThan(200);
  });
});

describe.each([...new Set(CORPUS.map((a) => a.cls))])('bypass class %s', (cls) => {
  const attempts = CORPUS.filter((a) => a.cls === cls && !(a.id in KNOWN_BYPASSES));
  it.each(attempts.map((a) => [a.id, a] as const))('%s', async (_id, a) => {
    const o = await run(a);
    const expected: Outcome = { ...o, violations: [], leaks: [], ...((a.mode ?? 'refuse') === 'refuse' ? { refused: true, effects: [] } : {}) };
    expect(o).toEqual(expected);
    expect(bypassed(a, o)).toBe(false);
  });
});

describe('ground truth after the whole corpus', () => {
  it('no container, exec, volume or image of ours carries a forbidden effect; the fixtures are untouched', async () => {
    expect(await violations(await snapshot(), rig.allowed, baseline)).toEqual([]);
    const secret = docker(lab, ['exec', FXT, 'cat', '/pcl-secret']).trim();
    expect(secret).toBe('PCLBYPFILEMARKER');
  });
});

describe('KNOWN_BYPASSES (documented; each must still get through, else move it back into the corpus)', () => {
  const known = CORPUS.filter((a) => a.id in KNOWN_BYPASSES);
  it('lists only attempts that exist', () => {
    expect(Object.keys(KNOWN_BYPASSES).filter((id) => !CORPUS.some((a) => a.id === id) && !SCENARIOS.includes(id))).toEqual([]);
  });
  for (const a of known) {
    it(a.id, async () => {
      const before = await snapshot();
      const o = await run(a);
      // Undo what got through so the shared engine is left clean.
      const after = await snapshot();
      const ids = [...after.containers.keys()].filter((id) => !before.containers.has(id));
      if (ids.length) docker(lab, ['rm', '-f', ...ids]);
      expect(bypassed(a, o), `${a.id} no longer gets through: ${JSON.stringify(o)}`).toBe(true);
    });
  }
});

describe('former bypasses, replayed step by step (must stay refused)', () => {
  it('exec-user-name-remapped: an exec as "nobody" is refused, so the remapped name never runs as uid 0', async () => {
    const r = await execUserRemapped(rig, ctxFor('maker'));
    expect(r.steps.slice(0, 3)).toEqual([201, 204, 403]);
    expect(r.uidLine).not.toBe('0');
  });
  it('bind-through-planted-symlink: the writable bind that plants the link is refused, the link is never followed', async () => {
    writeFileSync(join(rig.outside, 'marker'), 'PCLBYPOUTSIDEMARKER\n');
    const r = await bindThroughPlantedSymlink(rig, ctxFor('maker'), 'PCLBYPOUTSIDEMARKER');
    expect(r.steps[0]).toBe(403);
    expect(r.steps[3]).toBe(403);
    expect(r.read).toBe('');
  });
});
