import { describe, expect, it } from 'vitest';
import { encodeOutput, frame } from './frames.js';

describe('stdcopy frames', () => {
  it('matches the worked bytes of the Engine API reference', () => {
    expect(frame(1, 'hello\n').toString('hex')).toBe('01000000000000066865' + '6c6c6f0a');
    expect(frame(2, 'err: x\n').toString('hex')).toBe('0200000000000007' + Buffer.from('err: x\n').toString('hex'));
  });
  it('sends raw bytes with CRLF for TTY and nothing for empty output', () => {
    expect(encodeOutput(true, 1, 'a\nb\n').toString()).toBe('a\r\nb\r\n');
    expect(encodeOutput(false, 1, '').length).toBe(0);
  });
});
