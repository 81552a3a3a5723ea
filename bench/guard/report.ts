// Turns the guard benchmark's rounds into medians, ratios against the issue 5 targets (0.7x HAProxy req/s,
// at most +1 ms p99, 0.9x direct on streams) and markdown tables. Pure: data in, data and text out.
import type { SmallResult, Tool } from './small.js';

export const PATHS = ['/_ping', '/v1.41/containers/json'] as const;
export type BenchPath = (typeof PATHS)[number];
export const TARGETS = { rpsRatio: 0.7, p99AddedMs: 1, streamRatio: 0.9 } as const;

/** small[tool][target][path] = one result per round; a string says why the tool cannot reach the target. */
export type SmallRounds = Record<Tool, Record<string, Record<BenchPath, SmallResult[]> | string>>;
export interface StreamRounds { createRemovePerSec: number[]; saveMBps: number[]; loadMBps: number[]; failures: string[] }

export interface Median { readonly rps: number; readonly p50ms: number; readonly p99ms: number; readonly clean: boolean }

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Per-metric median over rounds; clean is false when any round saw a non-2xx answer or an error. */
export function medianOf(rs: readonly SmallResult[]): Median {
  return {
    rps: Math.round(median(rs.map((r) => r.rps))), p50ms: +median(rs.map((r) => r.p50ms)).toFixed(3),
    p99ms: +median(rs.map((r) => r.p99ms)).toFixed(3), clean: rs.every((r) => r.non2xx === 0 && r.errors === 0),
  };
}

export interface SmallRatio { readonly rpsRatio: number; readonly p99AddedMs: number; readonly pass: boolean }

export interface Summary {
  small: Record<Tool, Record<string, Record<BenchPath, Median> | string>>;
  ratiosVsHaproxy: Record<Tool, Record<string, Record<BenchPath, SmallRatio> & { pass: boolean }>>;
  streams: Record<string, { createRemovePerSec: number; saveMBps: number; loadMBps: number;
    vsDirect: { createRemove: number; save: number; load: number }; pass: boolean; failures: string[] }>;
}

const r2 = (x: number): number => +x.toFixed(2);

export function summarize(small: SmallRounds, streams: Record<string, StreamRounds> | undefined): Summary {
  const out: Summary = { small: { autocannon: {}, wrk: {} }, ratiosVsHaproxy: { autocannon: {}, wrk: {} }, streams: {} };
  for (const tool of ['autocannon', 'wrk'] as const) {
    for (const [name, byPath] of Object.entries(small[tool])) {
      out.small[tool][name] = typeof byPath === 'string' ? byPath
        : Object.fromEntries(PATHS.map((p) => [p, medianOf(byPath[p])])) as Record<BenchPath, Median>;
    }
    const hp = out.small[tool].haproxy;
    if (!hp || typeof hp === 'string') continue;
    for (const [name, m] of Object.entries(out.small[tool])) {
      if (name === 'haproxy' || typeof m === 'string') continue;
      const per = Object.fromEntries(PATHS.map((p) => {
        const rpsRatio = r2(m[p].rps / hp[p].rps);
        const p99AddedMs = +(m[p].p99ms - hp[p].p99ms).toFixed(3);
        return [p, { rpsRatio, p99AddedMs, pass: m[p].clean && rpsRatio >= TARGETS.rpsRatio && p99AddedMs <= TARGETS.p99AddedMs }];
      })) as Record<BenchPath, SmallRatio>;
      out.ratiosVsHaproxy[tool][name] = { ...per, pass: PATHS.every((p) => per[p].pass) };
    }
  }
  if (streams) {
    const med = Object.fromEntries(Object.entries(streams).map(([n, s]) => [n, {
      createRemovePerSec: r2(median(s.createRemovePerSec)), saveMBps: +median(s.saveMBps).toFixed(1), loadMBps: +median(s.loadMBps).toFixed(1),
      failures: s.failures }]));
    const d = med.direct;
    for (const [n, m] of Object.entries(med)) {
      const vs = d ? { createRemove: r2(m.createRemovePerSec / d.createRemovePerSec), save: r2(m.saveMBps / d.saveMBps), load: r2(m.loadMBps / d.loadMBps) }
        : { createRemove: NaN, save: NaN, load: NaN };
      // A failed save/load (e.g. over the time limit) fails the target even if other rounds were fast.
      out.streams[n] = { ...m, vsDirect: vs, pass: m.failures.length === 0 && vs.save >= TARGETS.streamRatio && vs.load >= TARGETS.streamRatio };
    }
  }
  return out;
}

const num = (x: number): string => x.toLocaleString('en-US');
const verdict = (name: string, pass: boolean): string => (name.startsWith('guard') ? (pass ? 'PASS' : 'FAIL') : '—');

export function markdown(s: Summary): string {
  const lines: string[] = [];
  lines.push('Small requests, 32 connections, pipelining 1, medians over rounds (! = a round saw non-2xx or errors):', '',
    '| tool | target | `_ping` req/s | p50 ms | p99 ms | `containers/json` req/s | p50 ms | p99 ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const tool of ['autocannon', 'wrk'] as const) {
    for (const [name, m] of Object.entries(s.small[tool])) {
      if (typeof m === 'string') { lines.push(`| ${tool} | ${name} | n/a: ${m} | | | | | |`); continue; }
      const cell = (p: BenchPath): string => `${num(m[p].rps)}${m[p].clean ? '' : ' !'} | ${m[p].p50ms} | ${m[p].p99ms}`;
      lines.push(`| ${tool} | ${name} | ${cell('/_ping')} | ${cell('/v1.41/containers/json')} |`);
    }
  }
  lines.push('', `Against HAProxy, same tool (target: ≥ ${TARGETS.rpsRatio}× req/s and ≤ +${TARGETS.p99AddedMs} ms p99 on both paths):`, '',
    '| tool | target | `_ping` × HAProxy | p99 added ms | `containers/json` × HAProxy | p99 added ms | verdict |',
    '| --- | --- | --- | --- | --- | --- | --- |');
  for (const tool of ['autocannon', 'wrk'] as const) {
    for (const [name, r] of Object.entries(s.ratiosVsHaproxy[tool])) {
      const cell = (p: BenchPath): string => `${r[p].rpsRatio} | ${r[p].p99AddedMs >= 0 ? '+' : ''}${r[p].p99AddedMs}`;
      lines.push(`| ${tool} | ${name} | ${cell('/_ping')} | ${cell('/v1.41/containers/json')} | ${verdict(name, r.pass)} |`);
    }
  }
  if (Object.keys(s.streams).length) {
    lines.push('', `Writes and streams, medians over rounds (! = a round failed, listed below; target: save and load ≥ ${TARGETS.streamRatio}× direct):`, '',
      '| target | create+rm/s | × direct | save MB/s | × direct | load MB/s | × direct | verdict |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const [name, m] of Object.entries(s.streams)) {
      lines.push(`| ${name}${m.failures.length ? ' !' : ''} | ${m.createRemovePerSec} | ${m.vsDirect.createRemove} | ${m.saveMBps} | ${m.vsDirect.save} | ${m.loadMBps} | ${m.vsDirect.load} | ${verdict(name, m.pass)} |`);
    }
  }
  const failed = Object.values(s.streams).flatMap((m) => m.failures);
  if (failed.length) lines.push('', '! failed and left out of the medians:', ...failed.map((f) => `- ${f}`));
  return lines.join('\n') + '\n';
}
