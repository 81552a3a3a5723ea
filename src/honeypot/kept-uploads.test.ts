import { describe, expect, it } from 'vitest';
import { KEEP_FILE_MAX, KEEP_TOTAL_MAX, keepUpload, keptUpload, keptUploadBytes } from './kept-uploads.js';

describe('kept uploads', () => {
  it('keeps bytes exactly, refuses files over the per-file cap, and drops the least recently used past the total', () => {
    const a = Buffer.from([0, 1, 2, 255]);
    keepUpload('c1:/tmp/a', a);
    expect(keptUpload('c1:/tmp/a')).toEqual(a);
    keepUpload('c1:/tmp/huge', Buffer.alloc(KEEP_FILE_MAX + 1));
    expect(keptUpload('c1:/tmp/huge')).toBeUndefined();
    const n = Math.ceil(KEEP_TOTAL_MAX / KEEP_FILE_MAX) + 2;
    for (let i = 0; i < n; i++) {
      keepUpload(`c2:/f${i}`, Buffer.alloc(KEEP_FILE_MAX, i));
      if (i === 1) keptUpload('c1:/tmp/a'); // recently used: survives longer than f0
    }
    expect(keptUploadBytes()).toBeLessThanOrEqual(KEEP_TOTAL_MAX);
    expect(keptUpload('c2:/f0')).toBeUndefined();
    expect(keptUpload(`c2:/f${n - 1}`)?.[0]).toBe((n - 1) & 0xff);
  });
  it('replaces what a path held before', () => {
    keepUpload('c3:/x', Buffer.from('one'));
    keepUpload('c3:/x', Buffer.from('two!'));
    expect(keptUpload('c3:/x')?.toString()).toBe('two!');
  });
});
