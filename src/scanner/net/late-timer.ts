// A deadline that yields to I/O already waiting, on the scan's shared deadline wheel (see cancel.ts). libuv
// runs expired timers before polling sockets, so on a starved event loop a deadline could fire while the
// answer (a RST, the bytes) sits unread; the wheel decides after the poll phase so only true silence times out.
import { NEVER, type Cancel } from './cancel.js';

/** Call `fn` at `deadline` (epoch ms) or when `cancel` aborts, after pending socket events. Returns a canceller. */
export function deadlineTimer(deadline: number, fn: () => void, cancel: Cancel = NEVER): () => void {
  return cancel.at(deadline, fn);
}
