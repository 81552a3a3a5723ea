// A deadline that yields to I/O already waiting. libuv runs expired timers before polling sockets, so on a
// starved event loop a deadline can fire while the answer (a RST, the bytes) sits unread; deciding in a
// setImmediate after the poll phase lets that answer win, and only true silence becomes a timeout.

/** Call `fn` at `deadline` (epoch ms), after any socket events that are already pending. Returns a canceller. */
export function deadlineTimer(deadline: number, fn: () => void): () => void {
  let immediate: NodeJS.Immediate | undefined;
  const timer = setTimeout(() => { immediate = setImmediate(fn); }, Math.max(0, deadline - Date.now()));
  return () => { clearTimeout(timer); if (immediate) clearImmediate(immediate); };
}
