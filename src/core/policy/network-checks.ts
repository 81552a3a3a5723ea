// network.create judged: drivers that attach containers to the host's own interfaces (macvlan, ipvlan, host)
// or options that hand a host bridge to the engine are the host network in disguise; plugin drivers are unjudged.
import type { CompiledRole } from './compile.js';
import { deny, type Decision } from './types.js';
import { type Obj, obj, str } from './values.js';

/** Built-in drivers that stay inside the engine's own bridges and overlays. */
const CONTAINED = new Set(['', 'bridge', 'overlay', 'null']);
/** Built-in drivers whose networks sit on a host interface (a container on them is on the host's link). */
const HOST_LINKED = new Set(['host', 'macvlan', 'ipvlan']);
/** Options naming a host interface: bridge driver's bridge name (an existing host bridge is taken over), parents. */
const HOST_OPTIONS = ['com.docker.network.bridge.name', 'parent', 'macvlan_mode', 'ipvlan_mode'];

export function checkNetworkCreate(role: CompiledRole, body: unknown): Decision | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return deny('policy.body.shape', 'network create body is not a JSON object', '');
  const b = body as Obj;
  const hostOk = role.container.hostNamespaces.includes('network');
  const driver = str(b.Driver);
  if (HOST_LINKED.has(driver)) {
    if (!hostOk) return deny('policy.network.driver', `network driver ${driver} attaches containers to a host interface; this role needs hostNamespaces: [network]`, 'Driver');
  } else if (!CONTAINED.has(driver) && !role.unjudged) {
    return deny('policy.network.driver', `network driver ${driver} (a plugin) cannot be judged; only roles with unjudged: true may use it`, 'Driver');
  }
  const ipam = str(obj(b.IPAM).Driver);
  if (ipam !== '' && ipam !== 'default' && ipam !== 'null' && !role.unjudged) {
    return deny('policy.network.driver', `IPAM driver ${ipam} (a plugin) cannot be judged`, 'IPAM.Driver');
  }
  for (const k of Object.keys(obj(b.Options))) {
    if (HOST_OPTIONS.includes(k) && !hostOk) {
      return deny('policy.network.options', `network option ${k} names a host interface; this role needs hostNamespaces: [network]`, `Options.${k}`);
    }
  }
  return undefined;
}
