// Bind sources judged by where they really lead: symlinks in a host path (possibly planted by a container
// under the allowed prefix) are followed on the host before the policy compares prefixes. Local engines only.
import { realpathSync } from 'node:fs';
import { posix } from 'node:path';
import type { CompiledPolicy, RealPaths } from '../core/policy/index.js';

/** The real path of `p` (absolute, cleaned): the deepest existing ancestor resolved, the rest appended as is
 * (dockerd creates missing bind sources as directories). '' when resolution fails for another reason. */
export function realPathOf(p: string): string {
  let head = p;
  const tail: string[] = [];
  for (;;) {
    try {
      const r = realpathSync(head);
      return tail.length === 0 ? r : posix.join(r, ...tail.reverse());
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || head === '/') return '';
      tail.push(posix.basename(head));
      head = posix.dirname(head);
    }
  }
}

/** Real paths of the given bind sources and of every hostPaths prefix in the policy. */
export function resolveRealPaths(policy: CompiledPolicy, sources: readonly string[]): RealPaths {
  const out: Record<string, string> = {};
  for (const s of sources) out[s] = realPathOf(s);
  for (const role of policy.roles.values()) for (const h of role.container.hostPaths) out[posix.normalize(h).replace(/(.)\/$/, '$1')] ??= realPathOf(h);
  return out;
}
