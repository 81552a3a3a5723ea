// Capped body reading: the trap hashes and keeps at most `cap` bytes of any body, so an endless or huge body
// costs bounded memory; the caller then answers and closes the connection.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Socket } from 'node:net';

export interface ReadBody {
  readonly body: Buffer;
  readonly size: number;
  readonly sha256: string;
  /** The body was larger than the cap (reading stopped there). */
  readonly overflow: boolean;
  /** The connection went away (or timed out) before the body ended. */
  readonly aborted: boolean;
}

/** Read a request body up to `cap` bytes. */
export function readCapped(src: Readable, cap: number): Promise<ReadBody> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    const hash = createHash('sha256');
    let size = 0;
    let done = false;
    const finish = (overflow: boolean, aborted = false) => {
      if (done) return;
      done = true;
      src.removeListener('data', onData);
      resolve({ body: Buffer.concat(parts), size, sha256: hash.digest('hex'), overflow, aborted });
    };
    const onData = (c: Buffer) => {
      if (size + c.length > cap) {
        const room = cap - size;
        if (room > 0) { parts.push(c.subarray(0, room)); hash.update(c.subarray(0, room)); }
        size += c.length;
        src.pause();
        finish(true);
        return;
      }
      parts.push(c);
      hash.update(c);
      size += c.length;
    };
    src.on('data', onData);
    src.once('end', () => finish(false));
    src.once('error', () => finish(false, true));
    src.once('close', () => finish(false, true));
  });
}

/** Read `length` body bytes of an upgraded request from `head` then the socket; the rest is stdin. */
export function readUpgradeBody(sock: Socket, head: Buffer, length: number, cap: number): Promise<{ body: Buffer; rest: Buffer; overflow: boolean }> {
  if (length > cap) return Promise.resolve({ body: Buffer.alloc(0), rest: Buffer.alloc(0), overflow: true });
  if (head.length >= length) return Promise.resolve({ body: head.subarray(0, length), rest: head.subarray(length), overflow: false });
  return new Promise((resolve) => {
    let buf = head;
    const onData = (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      if (buf.length >= length) {
        cleanup();
        sock.pause();
        resolve({ body: buf.subarray(0, length), rest: buf.subarray(length), overflow: false });
      }
    };
    const onEnd = () => { cleanup(); resolve({ body: buf, rest: Buffer.alloc(0), overflow: false }); };
    const cleanup = () => { sock.removeListener('data', onData); sock.removeListener('end', onEnd); sock.removeListener('close', onEnd); };
    sock.on('data', onData);
    sock.once('end', onEnd);
    sock.once('close', onEnd);
  });
}
