import { describe, expect, it } from 'vitest';
import { WsReader, wsFrame } from './websocket.js';

function clientFrame(opcode: number, payload: Buffer, mask = Buffer.from([9, 8, 7, 6])): Buffer {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, 0x80 | n]) : Buffer.from([0x80 | opcode, 0x80 | 126, n >> 8, n & 0xff]);
  return Buffer.concat([head, mask, Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] ?? 0)))]);
}

describe('websocket framing', () => {
  it('writes unmasked server frames with 7-bit, 16-bit and 64-bit lengths', () => {
    expect(wsFrame(2, Buffer.from('hi'))).toEqual(Buffer.from([0x82, 2, 0x68, 0x69]));
    expect(wsFrame(2, Buffer.alloc(300)).subarray(0, 4)).toEqual(Buffer.from([0x82, 126, 1, 44]));
    expect(wsFrame(1, Buffer.alloc(70_000)).subarray(0, 10)).toEqual(Buffer.from([0x81, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70]));
  });

  it('unmasks client frames split across chunks and stops at a close frame', () => {
    const r = new WsReader();
    const a = clientFrame(1, Buffer.from('id\n'));
    const b = clientFrame(2, Buffer.alloc(200, 0x61));
    const all = Buffer.concat([a, b, clientFrame(8, Buffer.from([3, 0xe8]))]);
    const got = [...r.push(all.subarray(0, 5)), ...r.push(all.subarray(5, 20)), ...r.push(all.subarray(20))];
    expect(got.map((x) => x.toString())).toEqual(['id\n', 'a'.repeat(200)]);
    expect(r.closed).toBe(true);
  });

  it('refuses frames above the size cap', () => {
    const r = new WsReader();
    const head = Buffer.from([0x82, 0x80 | 127, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(r.push(head)).toEqual([]);
    expect(r.closed).toBe(true);
  });
});
