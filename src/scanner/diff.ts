// "What changed since the previous scan": new, gone and changed endpoints against the last finished scan in
// the store, limited to what this scan covered (a scan of one /24 does not make the rest of the world "gone").
import type { EndpointState, ScanChanges } from './types.js';

export interface Comparable {
  readonly host: string;
  readonly port: number;
  readonly state: string;
  /** For a host name: the address probed (a name with several addresses has one result per address). */
  readonly address?: string;
}

const quiet = (s: string) => s === 'closed' || s === 'filtered';
const key = (r: Comparable) => `${r.host}|${r.port}|${r.address ?? ''}`;

/**
 * Compare this scan's reportable results with the previous run's.
 * @example diffScans(prev, now, (h, p) => specsCover(specs, ports, h, p))
 */
export function diffScans(previous: readonly Comparable[], current: readonly Comparable[], covered: (host: string, port: number) => boolean,
  previousRunId?: string): ScanChanges {
  const before = new Map(previous.filter((r) => !quiet(r.state)).map((r) => [key(r), r]));
  const now = new Map(current.filter((r) => !quiet(r.state)).map((r) => [key(r), r]));
  const added: ScanChanges['new'][number][] = [];
  const changed: ScanChanges['changed'][number][] = [];
  const gone: ScanChanges['gone'][number][] = [];
  for (const [k, r] of now) {
    const b = before.get(k);
    const where = { host: r.host, port: r.port, ...(r.address ? { address: r.address } : {}) };
    if (!b) added.push({ ...where, state: r.state as EndpointState });
    else if (b.state !== r.state) changed.push({ ...where, was: b.state, now: r.state as EndpointState });
  }
  for (const [k, b] of before) {
    if (!now.has(k) && covered(b.host, b.port)) gone.push({ host: b.host, port: b.port, ...(b.address ? { address: b.address } : {}), was: b.state });
  }
  return { new: added, gone, changed, ...(previousRunId ? { previousRunId } : {}) };
}
