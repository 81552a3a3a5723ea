// One-at-a-time sections per key (a subject's container creates): a check that counts what exists must see
// the result of the previous request, or parallel requests all pass the same count.
import type { GuardRuntime } from './runtime.js';

const queues = new WeakMap<GuardRuntime, Map<string, Promise<void>>>();

/** Wait for the previous holder of `key` to release, then hold it; returns the release function (idempotent). */
export function serialize(rt: GuardRuntime, key: string): Promise<() => void> {
  let m = queues.get(rt);
  if (!m) { m = new Map(); queues.set(rt, m); }
  const map = m;
  const prev = map.get(key) ?? Promise.resolve();
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  const tail = prev.then(() => held);
  map.set(key, tail);
  void tail.then(() => { if (map.get(key) === tail) map.delete(key); });
  return prev.then(() => release);
}
