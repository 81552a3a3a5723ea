// Property-based fuzz of whole requests through judge() with the real core reader (Go-compatible decoder +
// policy): dangerous fields are injected in tricky spellings (case, Unicode folding, escapes, duplicates,
// legacy placement, repeated objects). Property: never throws, and whatever is allowed, re-decoded from the
// bytes that would be forwarded, carries none of the denied effects.
import { describe, expect, it } from 'vitest';
import { decodeContainerCreate } from '../core/docker-api/index.js';
import { compilePolicy, subjectOf } from '../core/policy/index.js';
import { createCoreReader } from './core-reader.js';
import { judge } from './judge.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const policy = compilePolicy({
  roles: { runner: { allow: ['container.create'], container: { hostPaths: ['/srv/ci'], capabilities: ['CHOWN'] } } },
  grants: [{ subject: 'cert:ci', roles: ['runner'] }],
});
const reader = createCoreReader();

/** Spellings of a key that Go's decoder may map to the same field. */
function spell(key: string, r: () => number): string {
  const v = Math.floor(r() * 7);
  if (v === 0) return key.toLowerCase();
  if (v === 1) return key.toUpperCase();
  if (v === 2) return key.replace(/s/g, '\u017f').replace(/S/g, '\u017f');
  if (v === 3) return key.replace(/k/gi, '\u212a');
  if (v === 4) return key.replace(/e/, '\\u0065');
  return key;
}

const DANGER: readonly [string, string][] = [
  ['Privileged', 'true'], ['NetworkMode', '"host"'], ['PidMode', '"host"'], ['Binds', '["/:/host"]'],
  ['CapAdd', '["SYS_ADMIN"]'], ['SecurityOpt', '["seccomp=unconfined"]'], ['Binds', '["/srv/ci/../../etc:/e"]'],
];

describe('judge fuzz (real decoder + policy)', () => {
  it('never allows a forwarded body with a denied effect (5k cases)', () => {
    const r = rng(0xfeed);
    let allowed = 0;
    let allowedBinds = 0;
    const rules = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const hc: string[] = [];
      const top: string[] = [];
      for (let n = Math.floor(r() * 3); n > 0; n--) {
        const [k, v] = DANGER[Math.floor(r() * DANGER.length)]!;
        const member = `"${spell(k, r)}":${v}`;
        (r() < 0.2 ? top : hc).push(member);
        if (r() < 0.2) hc.push(`"${k}":${k === 'Privileged' ? 'false' : '[]'}`); // a benign twin
      }
      if (r() < 0.3) hc.push('"Binds":["/srv/ci/work:/w:ro"]');
      let hostConfig = `"HostConfig":{${hc.join(',')}}`;
      if (r() < 0.1) hostConfig += ',"HostConfig":{}';
      const body = `{"Image":"alpine"${top.length ? ',' + top.join(',') : ''},${hostConfig}}`;
      const j = judge(reader, policy, { subject: subjectOf('cert', 'ci'), method: 'POST', rawTarget: '/v1.41/containers/create', body: Buffer.from(body),
        realPaths: { '/srv/ci': '/srv/ci', '/srv/ci/work': '/srv/ci/work' } });
      expect(['allow', 'deny']).toContain(j.decision.effect);
      rules.add(j.decision.ruleId);
      if (j.decision.effect !== 'allow') continue;
      allowed++;
      const spec = decodeContainerCreate(j.body!, { apiVersion: '1.41' }).value!;
      const h = spec.HostConfig ?? {};
      expect(h.Privileged ?? false).toBe(false);
      expect(['host'].includes(String(h.NetworkMode ?? '')) || String(h.PidMode ?? '') === 'host').toBe(false);
      for (const b of h.Binds ?? []) { expect(b.startsWith('/srv/ci/')).toBe(true); allowedBinds++; }
      for (const c of h.CapAdd ?? []) expect(c).toBe('CHOWN');
      expect(h.SecurityOpt ?? []).toEqual([]);
    }
    expect(allowed).toBeGreaterThan(100);
    expect(allowedBinds).toBeGreaterThan(10);
    // Both layers were exercised: ambiguity refused by the decoder, effects refused by the policy.
    expect(rules).toContain('request.body');
    expect(rules).toContain('policy.container.privileged');
  });
});
