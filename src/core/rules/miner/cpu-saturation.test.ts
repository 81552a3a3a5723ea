import { describe, expect, it } from 'vitest';
import { detect } from '../detect.js';
import { saturationCores } from './cpu-saturation.js';
import type { DetectionCpu } from '../types.js';

const cpu = (minCores: number, more: Partial<DetectionCpu> = {}): DetectionCpu => ({ minCores, avgCores: minCores + 0.05, samples: 3, seconds: 10, ...more });
const run = (input: Parameters<typeof detect>[0]) => detect(input, { rules: ['PCL-MIN-010'] });

describe('PCL-MIN-010 sustained CPU saturation', () => {
  it('fires medium on sustained use alone, high next to another miner signal or a live pool-port connection', () => {
    expect(run({ name: 'web', cmd: ['python3', 'app.py'], cpu: cpu(0.95) })).toMatchObject([{ severity: 'medium', evidence: [{ location: 'stats' }] }]);
    expect(run({ name: 'x', env: ['POOL=stratum+tcp://pool.example.invalid:3333'], cpu: cpu(0.95) })).toMatchObject([{ severity: 'high' }]);
    expect(run({ name: 'x', connections: [{ remote: '192.0.2.7:3333', remotePort: 3333 }], cpu: cpu(0.95) })).toMatchObject([{ severity: 'high' }]);
    expect(run({ name: 'x', connections: [{ remote: '127.0.0.1:3333', remotePort: 3333 }], cpu: cpu(0.95) })).toMatchObject([{ severity: 'medium' }]);
  });
  it('needs the average at the threshold and no idle interval: a burst, an idle container or too short a window do not count', () => {
    expect(run({ name: 'x', cpu: cpu(0.3, { avgCores: 1.5 }) })).toEqual([]); // a burst then nearly idle
    expect(run({ name: 'x', cpu: cpu(0.5, { avgCores: 0.85 }) })).toMatchObject([{ severity: 'medium' }]); // a loaded machine's jitter
    expect(run({ name: 'x', cpu: cpu(0.7, { avgCores: 0.75 }) })).toEqual([]);
    expect(run({ name: 'x', cpu: cpu(0) })).toEqual([]);
    expect(run({ name: 'x', cpu: cpu(1, { samples: 1 }) })).toEqual([]);
    expect(run({ name: 'x' })).toEqual([]);
  });
  it('saturates a limited container at 90% of its limit, and honours a configured threshold', () => {
    expect(saturationCores(cpu(0, { limitCores: 0.5 }))).toBeCloseTo(0.45);
    expect(saturationCores(cpu(0, { limitCores: 4 }))).toBe(0.8);
    expect(saturationCores(cpu(0, { thresholdCores: 1.5 }))).toBe(1.5);
    expect(run({ name: 'x', cpu: cpu(0.46, { limitCores: 0.5 }) })[0]?.message).toMatch(/of a 0\.50-core limit/);
    expect(run({ name: 'x', cpu: cpu(0.9, { thresholdCores: 1.5 }) })).toEqual([]);
  });
});
