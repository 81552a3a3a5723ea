// Byte-level mutations of generated create bodies: whatever dockerd's decoder refuses, the core must refuse
// at the decode layer too (and vice versa); whatever dockerd stores, the core must predict.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeContainerCreate } from '../../../src/core/docker-api/index.js';
import { labFromEnv } from '../../lab/index.js';
import { actualInspect, expectedInspect, plain } from './compare.js';
import { engineRequest, removeLeftovers } from './engine.js';
import { genCreate } from './generate.js';
import { Rng } from './render.js';

const lab = labFromEnv();
const SEED = 777;
beforeAll(async () => {
  await removeLeftovers(lab.socketPath, `pcl-diff-${SEED}-`);
});
const created: string[] = [];
const INSERTS = [...'{}[],:"\\ \t\nxX01-.eE'].map((c) => c.charCodeAt(0)).concat([0x00, 0x80, 0xc5, 0xe2, 0xff]);

/** dockerd error messages that come from encoding/json itself (decode layer), not from later validation. */
const DECODE_ERROR = /^(json: |invalid character|unexpected EOF|EOF$|unexpected end of JSON input|exceeded max depth)/;

function mutate(body: Uint8Array, r: Rng): Uint8Array {
  const b = [...body];
  const edits = 1 + r.int(2);
  for (let e = 0; e < edits; e++) {
    const at = r.int(b.length + 1);
    const op = r.int(3);
    if (op === 0) b.splice(at, 1);
    else if (op === 1) b.splice(at, 0, r.pick(INSERTS));
    else {
      const len = 1 + r.int(12);
      b.splice(at, 0, ...b.slice(at, at + len));
    }
  }
  return Uint8Array.from(b);
}

describe('mutated create bodies: decode-layer agreement with dockerd', () => {
  afterAll(async () => {
    for (const id of created) await engineRequest(lab.socketPath, 'DELETE', `/containers/${id}?force=1&v=1`);
  });

  it('agrees on 300 seeded mutations', async () => {
    const r = new Rng(SEED);
    const mismatches: string[] = [];
    const seen = { stored: 0, decodeRefused: 0, laterRefused: 0 };
    for (let i = 0; i < 300; i++) {
      const base = genCreate(r, i, SEED);
      const body = mutate(base.body, r);
      const apiVersion = base.version ?? '1.41';
      const p = decodeContainerCreate(body, { apiVersion, cgroup2: false });
      const name = `pcl-diff-${SEED}-m${i}`;
      const reply = await engineRequest(lab.socketPath, 'POST', `${base.version ? `/v${base.version}` : ''}/containers/create?name=${name}`, body);
      const label = `${name} v${apiVersion} ${JSON.stringify(Buffer.from(body).toString('latin1'))}`;
      const coreDecodeError = p.error !== undefined && p.error.kind !== 'invalid';
      if (reply.status === 201) {
        created.push((reply.json as { Id: string }).Id);
        seen.stored++;
        if (p.error) {
          mismatches.push(`${label}: dockerd stored it, core predicted ${p.error.kind}: ${p.error.message}`);
          continue;
        }
        const inspect = (await engineRequest(lab.socketPath, 'GET', `/containers/${name}/json`)).json as Record<string, unknown>;
        const img = ((await engineRequest(lab.socketPath, 'GET', `/images/${encodeURIComponent(String(p.value!.Config.Image))}/json`)).json as { Config: { Cmd: string[]; Env: string[] } }).Config;
        const want = plain(expectedInspect(p.value!, img, apiVersion));
        const got = plain(actualInspect(inspect));
        if (!isDeepStrictEqual(want, got)) mismatches.push(`${label}: stored ${JSON.stringify(got)}\n predicted ${JSON.stringify(want)}`);
        continue;
      }
      const message = String((reply.json as { message?: string } | undefined)?.message ?? reply.text).trim();
      const dockerDecodeError = DECODE_ERROR.test(message);
      if (dockerDecodeError) seen.decodeRefused++;
      else seen.laterRefused++;
      if (dockerDecodeError !== coreDecodeError) mismatches.push(`${label}: dockerd ${reply.status} ${message}; core ${p.error ? `${p.error.kind}: ${p.error.message}` : 'success'}`);
    }
    expect({ count: mismatches.length, first: mismatches.slice(0, 4) }).toEqual({ count: 0, first: [] });
    expect(seen.stored).toBeGreaterThan(50);
    expect(seen.decodeRefused).toBeGreaterThan(50);
  });
});
