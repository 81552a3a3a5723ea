// --deep over a fake engine: a daemon with more containers than the byte cap lets us parse still gets its counts.
import { describe, expect, it } from 'vitest';
import type { HttpResponse } from './classify.js';
import { runDeep } from './deep.js';

const ok = (body: unknown, truncated = false): HttpResponse =>
  ({ kind: 'response', status: 200, statusText: 'OK', headers: {}, body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), truncated });
const id = (i: number) => i.toString(16).padStart(64, '0');

describe('runDeep', () => {
  it('on a daemon whose lists exceed the byte cap, still reports the counts (from /info) and says truncated', async () => {
    const seen: string[] = [];
    const deep = await runDeep(async (path) => {
      seen.push(path);
      if (path.startsWith('/containers/json')) return ok('[{"Id":"' + id(1) + '"},{"Id":"', true);
      if (path === '/images/json') return ok('[{"Id":"sha256:', true);
      if (path === '/info') return ok({ Containers: 12000, ContainersRunning: 40, Images: 3100, Warnings: ['WARNING: API is accessible on http://0.0.0.0:2375 without encryption.'] });
      return undefined;
    }, 1024, () => []);
    expect(deep).toMatchObject({ containers: 12000, images: 3100, running: 40, truncated: true, compromise: [] });
    expect(deep.warnings).toEqual(['WARNING: API is accessible on http://0.0.0.0:2375 without encryption.']);
    expect(seen.filter((p) => p.startsWith('/containers/') && p.endsWith('/json') && p !== '/containers/json?all=1')).toEqual([]);
  });
});
