// API version comparison as moby's api/types/versions does it: dot-separated numeric parts, missing = 0.

/**
 * True when version `a` is lower than `b`.
 *
 * @example
 * versionLess('1.9', '1.12'); // true
 */
export function versionLess(a: string, b: string): boolean {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = Number.parseInt(pa[i] ?? '0', 10) || 0;
    const y = Number.parseInt(pb[i] ?? '0', 10) || 0;
    if (x !== y) return x < y;
  }
  return false;
}
