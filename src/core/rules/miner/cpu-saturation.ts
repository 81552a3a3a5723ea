// PCL-MIN-010: a container kept one or more CPU cores (or its whole CPU limit) busy over the sampling window,
// with no idle interval. Miners run flat out and quietly; this catches the disguised ones no name or argument gives
// away. Medium alone (a build or a batch job does the same), high next to any other miner signal.
import { livePoolConnections, otherMinerSignal } from '../helpers.js';
import type { DetectionCpu, DetectionRule } from '../types.js';

/** Sustained use, in cores, that counts as saturation when the container has no lower limit. */
export const CPU_SATURATION_CORES = 0.8;

/** A container limited below the threshold saturates at this share of its limit. */
export const CPU_LIMIT_SHARE = 0.9;

/** No interval of the window may fall below this share of the threshold (a burst then idle is not sustained). */
export const CPU_FLOOR_SHARE = 0.5;

/** The sustained use (cores) above which `cpu` counts as saturation. */
export function saturationCores(cpu: DetectionCpu): number {
  const threshold = cpu.thresholdCores ?? CPU_SATURATION_CORES;
  return cpu.limitCores !== undefined && cpu.limitCores > 0 ? Math.min(threshold, cpu.limitCores * CPU_LIMIT_SHARE) : threshold;
}

const fmt = (n: number): string => n.toFixed(2);

export const cpuSaturation: DetectionRule = {
  id: 'PCL-MIN-010',
  title: 'Sustained CPU saturation',
  severity: 'high',
  area: 'miner',
  description: 'The engine\'s CPU statistics, sampled by the watcher, show the container using at least 0.8 of a core ' +
    '(or 90% of its CPU limit, if lower) on average over the window (3 samples by default), with no interval below half of ' +
    'that. Miners run flat out; ' +
    'a renamed miner with its pool in a config file shows nothing else. Medium alone, since builds and batch jobs do the ' +
    'same; high next to another miner signal (miner options, stratum, pool host, wallet, a live pool-port connection).',
  remediation: 'Look at which process burns the CPU (docker top CONTAINER -eo pid,pcpu,args) and where it connects; ' +
    'allow-list known busy images (--allow-image) or set a CPU limit (docker run --cpus).',
  attack: ['T1496'],
  appliesTo: ['process'],
  check(a) {
    const cpu = a.input.cpu;
    if (!cpu || cpu.samples < 2) return [];
    const limit = saturationCores(cpu);
    // Average at the threshold, and no interval idle: a busy loop sharing a loaded machine still counts.
    if (!(cpu.avgCores >= limit && cpu.minCores >= limit * CPU_FLOOR_SHARE)) return [];
    const strong = otherMinerSignal(a) || livePoolConnections(a).length > 0;
    const of = cpu.limitCores !== undefined && cpu.limitCores > 0 ? ` of a ${fmt(cpu.limitCores)}-core limit` : '';
    return [{
      severity: strong ? 'high' : 'medium',
      message: `kept ${fmt(cpu.avgCores)} cores${of} busy for ${Math.round(cpu.seconds)} s (never below ${fmt(cpu.minCores)} over ${cpu.samples} samples)`
        + (strong ? ', next to other miner evidence' : ''),
      // A stable value, so the watcher raises this once per container rather than at every sample.
      evidence: [{ kind: 'process', location: 'stats', value: `sustained CPU >= ${fmt(limit)} cores` }],
    }];
  },
};
