import { describe, expect, it } from 'vitest';
import { coresBetween, cpuLimitCores, cpuReadingOf, CpuWindow, type CpuReading } from './cpu-usage.js';

const at = (s: number, totalCores: number, cpus = 2): CpuReading => ({
  readMs: 1_700_000_000_000 + s * 1000, totalNs: totalCores * 1e9, systemNs: 5e12 + s * cpus * 1e9, onlineCpus: cpus,
});

describe('CPU readings from the engine\'s statistics', () => {
  it('reads total usage, host usage and online CPUs (percpu length when online_cpus is absent)', () => {
    expect(cpuReadingOf({ read: '2026-11-29T05:03:24.245900429Z', cpu_stats: { cpu_usage: { total_usage: 2032024182 }, system_cpu_usage: 32932170000000, online_cpus: 2 } }))
      .toEqual({ readMs: Date.parse('2026-11-29T05:03:24.245Z'), totalNs: 2032024182, systemNs: 32932170000000, onlineCpus: 2 });
    expect(cpuReadingOf({ read: '2026-11-29T05:03:24Z', cpu_stats: { cpu_usage: { total_usage: 5, percpu_usage: [1, 2, 2, 0] } } })?.onlineCpus).toBe(4);
    // A stopped container's stats: zero time, no CPU block.
    expect(cpuReadingOf({ read: '0001-01-01T00:00:00Z', cpu_stats: {} })).toBeUndefined();
    expect(cpuReadingOf(undefined)).toBeUndefined();
  });
  it('computes cores as the docker CLI does (share of host CPU time × CPUs), else per wall time', () => {
    expect(coresBetween(at(0, 0), at(1, 1))).toBeCloseTo(1);
    expect(coresBetween(at(0, 0), at(2, 1, 4))).toBeCloseTo(0.5);
    expect(coresBetween({ ...at(0, 0), systemNs: 0 }, { ...at(4, 1), systemNs: 0 })).toBeCloseTo(0.25);
    expect(coresBetween(at(0, 5), at(1, 1))).toBeUndefined(); // counter went back: restarted
  });
  it('reads the CPU limit from NanoCpus or CpuQuota/CpuPeriod', () => {
    expect(cpuLimitCores({ Id: 'x', HostConfig: { NanoCpus: 500_000_000 } })).toBe(0.5);
    expect(cpuLimitCores({ Id: 'x', HostConfig: { CpuQuota: 25_000, CpuPeriod: 100_000 } })).toBe(0.25);
    expect(cpuLimitCores({ Id: 'x', HostConfig: { CpuQuota: 50_000, CpuPeriod: 0 } })).toBe(0.5);
    expect(cpuLimitCores({ Id: 'x', HostConfig: { NanoCpus: 0, CpuQuota: 0 } })).toBeUndefined();
  });
});

describe('CpuWindow', () => {
  it('reports nothing until the window is full, then the minimum per interval and the average', () => {
    const w = new CpuWindow(3);
    w.push(at(0, 0));
    w.push(at(1, 1));
    expect(w.usage()).toBeUndefined();
    w.push(at(2, 1.3));
    expect(w.usage()).toMatchObject({ samples: 3, seconds: 2 });
    expect(w.usage()!.minCores).toBeCloseTo(0.3);
    expect(w.usage()!.avgCores).toBeCloseTo(0.65);
    w.push(at(3, 2.3)); // slides: intervals 0.3 and 1.0
    expect(w.usage()!.minCores).toBeCloseTo(0.3);
    w.push(at(4, 3.3));
    expect(w.usage()!.minCores).toBeCloseTo(1);
  });
  it('starts over when the counter goes back (a restart) or time does not move', () => {
    const w = new CpuWindow(2);
    w.push(at(0, 10));
    w.push(at(1, 11));
    expect(w.usage()!.minCores).toBeCloseTo(1);
    w.push(at(2, 0.5));
    expect(w.usage()).toBeUndefined();
    w.push(at(2, 0.9));
    expect(w.usage()).toBeUndefined();
  });
});
