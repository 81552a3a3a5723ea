import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalesce.js';

async function collect(r: Readable): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of r) out.push(c as Buffer);
  return out;
}

describe('Coalescer', () => {
  it('joins small pieces into large writes and loses no byte, in order', async () => {
    const pieces = Array.from({ length: 100 }, (_, i) => Buffer.alloc(16 * 1024, i));
    const c = new Coalescer();
    const done = collect(c);
    await pipeline(Readable.from(pieces), c);
    const out = await done;
    expect(Buffer.concat(out).equals(Buffer.concat(pieces))).toBe(true);
    expect(out.length).toBeLessThan(10);
  });

  it('does not hold bytes back when the source pauses', async () => {
    const src = new PassThrough();
    const c = new Coalescer();
    src.pipe(c);
    const first = new Promise<Buffer>((resolve) => c.once('data', resolve));
    src.write(Buffer.from('hello'));
    expect((await first).toString()).toBe('hello');
    src.end();
  });

  it('passes a source error on', async () => {
    const src = new PassThrough();
    const c = new Coalescer();
    const p = pipeline(src, c, new PassThrough());
    src.destroy(new Error('client went away'));
    await expect(p).rejects.toThrow('client went away');
  });
});
