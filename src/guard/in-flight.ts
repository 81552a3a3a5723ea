// One request at a time per client connection, as Go's server reads them: Node's parser reads ahead and emits
// pipelined requests at once, so each is started only when the answers before it are out (a request behind
// one whose answer closes the connection is never acted on), and whatever the guard writes to the raw socket
// (a parse error's 400, a pipelined upgrade's 101 or denial) waits until every earlier answer is out.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

interface Entry {
  readonly start: () => void;
  started: boolean;
  done: boolean;
}

export class InFlight {
  private readonly queues = new WeakMap<Socket, Entry[]>();
  private readonly waiters = new WeakMap<Socket, Array<() => void>>();

  /**
   * A request was parsed on `socket`; `start` judges it and answers into `res`. It runs at once when nothing is
   * owed on the socket, else when the answer before it has finished; never once the connection has closed.
   */
  begin(socket: Socket, res: ServerResponse, start: () => void): void {
    // Parsed after an answer that closed the connection had already gone out (the bytes came in a later packet):
    // Go would never have read it, so it is dropped like the ones queued behind that answer.
    if (!socket.writable || socket.destroyed) return;
    let q = this.queues.get(socket);
    if (!q) {
      const fresh: Entry[] = [];
      q = fresh;
      this.queues.set(socket, fresh);
      // Node never ends (nor emits 'close' on) answers still queued behind the one on the wire: drop them.
      socket.once('close', () => { fresh.length = 0; this.waiters.delete(socket); });
    }
    const queue = q;
    const e: Entry = { start, started: false, done: false };
    queue.push(e);
    const end = (): void => {
      if (e.done) return;
      e.done = true;
      const i = queue.indexOf(e);
      if (i >= 0) queue.splice(i, 1);
      this.next(socket, queue);
    };
    res.once('finish', end);
    res.once('close', end);
    if (queue.length === 1) { e.started = true; start(); }
  }

  /** Answers still owed on `socket` (started or waiting). */
  pending(socket: Socket): number {
    return this.queues.get(socket)?.length ?? 0;
  }

  /** Run `fn` once every answer owed on `socket` has been handed to it (now, when none is owed). */
  afterAll(socket: Socket, fn: () => void): void {
    if (this.pending(socket) === 0) { fn(); return; }
    const w = this.waiters.get(socket) ?? [];
    w.push(fn);
    this.waiters.set(socket, w);
  }

  private next(socket: Socket, queue: Entry[]): void {
    const head = queue[0];
    // The answer just finished closes the connection (Connection: close, HTTP/1.0, a denial that closes): Go
    // would read nothing after it, so what Node parsed behind it is dropped, never acted on.
    if (head && (!socket.writable || socket.destroyed)) { queue.length = 0; return; }
    if (head) {
      if (!head.started) { head.started = true; head.start(); }
      return;
    }
    const w = this.waiters.get(socket);
    this.waiters.delete(socket);
    for (const fn of w ?? []) fn();
  }
}
