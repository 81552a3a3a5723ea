// dockerd's signal handling for `POST /containers/{id}/kill?signal=`: pkg/signal's Linux SignalMap, ParseSignal
// (numbers or names, with or without SIG, any case) and ValidSignalForPlatform, with dockerd's own messages.
import { goAtoi } from './go-strconv.js';

const NAMED: Readonly<Record<string, number>> = {
  ABRT: 6, ALRM: 14, BUS: 7, CHLD: 17, CLD: 17, CONT: 18, FPE: 8, HUP: 1, ILL: 4, INT: 2, IO: 29, IOT: 6, KILL: 9, PIPE: 13, POLL: 29,
  PROF: 27, PWR: 30, QUIT: 3, SEGV: 11, STKFLT: 16, STOP: 19, SYS: 31, TERM: 15, TRAP: 5, TSTP: 20, TTIN: 21, TTOU: 22, URG: 23,
  USR1: 10, USR2: 12, VTALRM: 26, WINCH: 28, XCPU: 24, XFSZ: 25,
};
const SIGRTMIN = 34;
const SIGRTMAX = 64;

/** The Linux SignalMap of dockerd 20.10 (RTMIN..RTMIN+15, RTMAX-14..RTMAX included). */
export const LINUX_SIGNALS: ReadonlyMap<string, number> = new Map([
  ...Object.entries(NAMED),
  ['RTMIN', SIGRTMIN], ...Array.from({ length: 15 }, (_, i) => [`RTMIN+${i + 1}`, SIGRTMIN + i + 1] as [string, number]),
  ...Array.from({ length: 14 }, (_, i) => [`RTMAX-${14 - i}`, SIGRTMAX - 14 + i] as [string, number]), ['RTMAX', SIGRTMAX],
]);

/**
 * signal.ParseSignal: a number (any but 0) or a known name; else `Invalid signal: <raw>` (dockerd answers 400).
 * Numbers are returned as dockerd holds them after `uint64(sig)`, so -1 is 18446744073709551615.
 *
 * @example
 * parseSignal('sigkill'); // { ok: true, value: 9n }
 */
export function parseSignal(raw: string): { ok: true; value: bigint } | { ok: false; error: string } {
  const n = goAtoi(raw);
  if (n.ok) return n.value === 0 ? { ok: false, error: `Invalid signal: ${raw}` } : { ok: true, value: BigInt.asUintN(64, BigInt(raw)) };
  const named = LINUX_SIGNALS.get(raw.toUpperCase().replace(/^SIG/, ''));
  return named === undefined ? { ok: false, error: `Invalid signal: ${raw}` } : { ok: true, value: BigInt(named) };
}

/**
 * signal.ValidSignalForPlatform: the number is one of the map's values (1-31, 34-64). The daemon refuses others
 * with `The linux daemon does not support signal N` (500).
 *
 * @example
 * validSignalForPlatform(32n); // false
 */
export function validSignalForPlatform(sig: bigint): boolean {
  return (sig >= 1n && sig <= 31n) || (sig >= BigInt(SIGRTMIN) && sig <= BigInt(SIGRTMAX));
}
