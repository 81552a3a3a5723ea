// The bytes of files attackers put into emulated containers with `docker cp`, kept so that copying them back out
// returns exactly what went in (zeros would give the trap away). Bounded for the whole process: each file up to
// KEEP_FILE_MAX, all of them together up to KEEP_TOTAL_MAX, least recently used dropped first (it then reads
// back as zeros of its size, as before). Nothing kept is ever run or parsed here.

/** Largest uploaded file whose bytes are kept. */
export const KEEP_FILE_MAX = 1024 * 1024;

/** Bytes kept across every session of the process. */
export const KEEP_TOTAL_MAX = 32 * 1024 * 1024;

const kept = new Map<string, Buffer>();
let total = 0;

/** Keep `bytes` under `key` (a container id and path), evicting the least recently used past the total. */
export function keepUpload(key: string, bytes: Buffer): void {
  if (bytes.length > KEEP_FILE_MAX) return;
  const old = kept.get(key);
  if (old) { total -= old.length; kept.delete(key); }
  kept.set(key, bytes);
  total += bytes.length;
  for (const [k, b] of kept) {
    if (total <= KEEP_TOTAL_MAX) break;
    kept.delete(k);
    total -= b.length;
  }
}

/** The kept bytes of `key`, marking them recently used; undefined when never kept or evicted. */
export function keptUpload(key: string): Buffer | undefined {
  const b = kept.get(key);
  if (!b) return undefined;
  kept.delete(key);
  kept.set(key, b);
  return b;
}

/** Bytes currently kept (bench and tests). */
export function keptUploadBytes(): number {
  return total;
}
