// API version arithmetic exactly as dockerd does it (api/types/versions): dot-separated integers, missing
// or non-numeric parts count as 0, so `1.41.0` equals `1.41` and `.` equals `0`.
import type { RouteInfo } from './types.js';

const MAX_INT64 = (1n << 63n) - 1n;

function part(s: string | undefined): bigint {
  // strconv.Atoi: digits only here (the router admits [0-9.]); errors give 0, overflow the max value.
  if (s === undefined || s === '' || !/^[0-9]+$/.test(s)) return 0n;
  const n = BigInt(s);
  return n > MAX_INT64 ? MAX_INT64 : n;
}

/**
 * Compare two API versions as dockerd's `versions.compare` does: -1, 0 or 1.
 * @example
 * compareApiVersions('1.41', '1.9'); // 1
 * compareApiVersions('1.41.0', '1.41'); // 0
 */
export function compareApiVersions(a: string, b: string): -1 | 0 | 1 {
  const pa = a.split('.');
  const pb = b.split('.');
  const n = Math.max(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = part(pa[i]);
    const y = part(pb[i]);
    if (x > y) return 1;
    if (x < y) return -1;
  }
  return 0;
}

/**
 * True for versions written the one way the core accepts: `MAJOR.MINOR` or `MAJOR`, no leading zeros.
 * dockerd also accepts `1.41.0`, `01.41` or `.` (they compare equal to something else), so a guard refuses them.
 * @example
 * isCanonicalApiVersion('1.41'); // true
 * isCanonicalApiVersion('1.41.0'); // false
 */
export function isCanonicalApiVersion(v: string): boolean {
  return /^(0|[1-9][0-9]{0,8})(\.(0|[1-9][0-9]{0,8}))?$/.test(v);
}

/**
 * Whether a route is documented at this API version (its minVersion..maxVersion, inclusive).
 * For an unversioned request pass the engine's API version: dockerd uses its own maximum then.
 * @example
 * routeExistsIn(routeById('volume.update')!, '1.41'); // false (added in 1.42)
 */
export function routeExistsIn(route: Pick<RouteInfo, 'minVersion' | 'maxVersion'>, version: string): boolean {
  if (route.minVersion !== undefined && compareApiVersions(version, route.minVersion) < 0) return false;
  if (route.maxVersion !== undefined && compareApiVersions(version, route.maxVersion) > 0) return false;
  return true;
}

/**
 * Whether `version` lies in [min, max] (either bound optional), as dockerd's version middleware checks.
 * @example
 * apiVersionInRange('1.44', '1.12', '1.41'); // false: dockerd 20.10 answers 400 "client version 1.44 is too new"
 */
export function apiVersionInRange(version: string, min?: string, max?: string): boolean {
  if (min !== undefined && compareApiVersions(version, min) < 0) return false;
  if (max !== undefined && compareApiVersions(version, max) > 0) return false;
  return true;
}
