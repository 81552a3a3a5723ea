// CPU use of running containers from the engine's statistics (`/stats?stream=false&one-shot=true`): a window
// of cumulative readings per container, turned into cores used per interval, so PCL-MIN-010 can tell a
// container that stays busy (a miner) from a burst. The arithmetic is the docker CLI's.
import type { EngineClient } from '../core/engine/index.js';
import type { DetectionCpu } from '../core/rules/index.js';
import type { ContainerInspect } from './inspect-types.js';

/** One cumulative reading: container CPU time and host CPU time (ns, all CPUs), at `readMs`. */
export interface CpuReading {
  readonly readMs: number;
  readonly totalNs: number;
  /** Host CPU time over all CPUs (system_cpu_usage); 0 when the engine does not report it. */
  readonly systemNs: number;
  readonly onlineCpus: number;
}

interface StatsBody {
  read?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null }; system_cpu_usage?: number; online_cpus?: number };
}

/** Read one reading; undefined when the engine reports no CPU statistics for the container. */
export async function readCpu(client: EngineClient, id: string): Promise<CpuReading | undefined> {
  const r = await client.request<StatsBody>(`/containers/${encodeURIComponent(id)}/stats?stream=false&one-shot=true`, { timeoutMs: 10_000 });
  return r.status === 200 ? cpuReadingOf(r.body) : undefined;
}

/** The reading in a stats document (pure). */
export function cpuReadingOf(body: StatsBody | undefined): CpuReading | undefined {
  const cpu = body?.cpu_stats;
  const total = cpu?.cpu_usage?.total_usage;
  const readMs = Date.parse(body?.read ?? '');
  if (typeof total !== 'number' || !Number.isFinite(readMs) || readMs <= 0) return undefined;
  const online = cpu?.online_cpus || cpu?.cpu_usage?.percpu_usage?.length || 1;
  return { readMs, totalNs: total, systemNs: cpu?.system_cpu_usage ?? 0, onlineCpus: online };
}

/** Cores used between two readings: the docker CLI's share of host CPU time × online CPUs, else per wall time. */
export function coresBetween(a: CpuReading, b: CpuReading): number | undefined {
  const used = b.totalNs - a.totalNs;
  if (used < 0) return undefined;
  const system = b.systemNs - a.systemNs;
  if (a.systemNs > 0 && system > 0) return (used / system) * b.onlineCpus;
  const wall = (b.readMs - a.readMs) * 1e6;
  return wall > 0 ? used / wall : undefined;
}

/** The container's CPU limit in cores (NanoCpus, else CpuQuota/CpuPeriod); undefined when unlimited. */
export function cpuLimitCores(c: ContainerInspect): number | undefined {
  const hc = c.HostConfig ?? {};
  const nano = Number(hc.NanoCpus ?? 0);
  if (nano > 0) return nano / 1e9;
  const quota = Number(hc.CpuQuota ?? 0);
  const period = Number(hc.CpuPeriod ?? 0) || 100_000;
  return quota > 0 ? quota / period : undefined;
}

/** The last `size` readings of one container; a counter that went back (a restart) starts the window over. */
export class CpuWindow {
  private readings: CpuReading[] = [];

  constructor(private readonly size: number) {}

  push(r: CpuReading): void {
    const last = this.readings[this.readings.length - 1];
    if (last && (r.totalNs < last.totalNs || r.readMs <= last.readMs)) this.readings = [];
    this.readings.push(r);
    if (this.readings.length > this.size) this.readings.shift();
  }

  /** Use over the full window, once it holds `size` readings (at least two). */
  usage(): Pick<DetectionCpu, 'minCores' | 'avgCores' | 'samples' | 'seconds'> | undefined {
    const rs = this.readings;
    if (rs.length < Math.max(2, this.size)) return undefined;
    let min = Infinity;
    for (let i = 1; i < rs.length; i++) {
      const c = coresBetween(rs[i - 1]!, rs[i]!);
      if (c === undefined) return undefined;
      min = Math.min(min, c);
    }
    const first = rs[0]!;
    const last = rs[rs.length - 1]!;
    const avg = coresBetween(first, last);
    if (avg === undefined) return undefined;
    return { minCores: min, avgCores: avg, samples: rs.length, seconds: (last.readMs - first.readMs) / 1000 };
  }
}
