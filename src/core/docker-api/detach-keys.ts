// moby/term's ToBytes as dockerd applies it to `detachKeys` (attach) and `DetachKeys` (exec create): single
// characters or `ctrl-<a-z @ [ \ ] ^ _>`, comma-separated.

const CTRL = /^ctrl-[a-z@[\\\]^_]$/;

/**
 * Whether dockerd accepts a detach-key sequence (an empty one is not checked at all).
 *
 * @example
 * [validDetachKeys('ctrl-p,ctrl-q'), validDetachKeys('ctrl-A'), validDetachKeys('bad')]; // [true, false, false]
 */
export function validDetachKeys(keys: string): boolean {
  if (keys === '') return true;
  return keys.split(',').every((k) => [...k].length === 1 || CTRL.test(k));
}
