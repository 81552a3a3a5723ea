// Upload bodies (image load, build context, archive put) arrive in small pieces (one TLS record, 16 KiB);
// writing each to the engine's socket costs a syscall and a wake-up of dockerd. This joins them into
// writes of up to 256 KiB, and never holds bytes back once the client pauses (flushed on the next turn).
import { Transform, type TransformCallback } from 'node:stream';

const TARGET = 256 * 1024;

export class Coalescer extends Transform {
  private parts: Buffer[] = [];
  private size = 0;
  private pending: NodeJS.Immediate | undefined;

  constructor() {
    super({ highWaterMark: TARGET, readableHighWaterMark: TARGET });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= TARGET) this.emitParts();
    else this.pending ??= setImmediate(() => { this.pending = undefined; this.emitParts(); });
    cb();
  }

  override _flush(cb: TransformCallback): void {
    this.emitParts();
    cb();
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    if (this.pending) clearImmediate(this.pending);
    this.pending = undefined;
    cb(err);
  }

  private emitParts(): void {
    if (this.pending) clearImmediate(this.pending);
    this.pending = undefined;
    if (this.size === 0) return;
    const out = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    this.push(out);
  }
}
