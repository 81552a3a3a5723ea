// --ports: numbers, a-b ranges and named sets (the ports attackers sweep for Docker and its neighbours).
import { PortcullisError } from '../core/errors/index.js';

/** Named port sets. `docker-all` is the wider list seen in sweeps for Docker, Swarm and container tooling. */
export const PORT_SETS: Readonly<Record<string, readonly number[]>> = {
  docker: [2375, 2376],
  // 2377 swarm manager, 4243/4244 old Docker defaults (still in tutorials), 2378/2379 neighbours scanned
  // by the same bots, 5555 and 6666-6667 seen in campaign scanners, 8375/8376 alternative TLS/plain ports.
  'docker-all': [2375, 2376, 2377, 2378, 2379, 4243, 4244, 5555, 6666, 6667, 8375, 8376],
};

export const DEFAULT_PORTS: readonly number[] = PORT_SETS.docker!;

/**
 * Parse a --ports value into a sorted, de-duplicated list.
 * @example parsePorts('2375,2376,4240-4244,docker-all')
 */
export function parsePorts(text: string): number[] {
  const set = new Set<number>();
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const named = PORT_SETS[part];
    if (named) { named.forEach((p) => set.add(p)); continue; }
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    const a = m ? Number(m[1]) : NaN, b = m?.[2] !== undefined ? Number(m[2]) : a;
    if (!m || a < 1 || b > 65535 || b < a) {
      throw new PortcullisError('PCL_ERR_SCAN_PORTS_INVALID',
        `--ports "${part}" is not valid: use port numbers 1-65535, ranges like 2375-2377, or a named set (${Object.keys(PORT_SETS).join(', ')})`);
    }
    for (let p = a; p <= b; p++) set.add(p);
  }
  if (set.size === 0) throw new PortcullisError('PCL_ERR_SCAN_PORTS_INVALID', '--ports is empty: give at least one port');
  return [...set].sort((x, y) => x - y);
}
