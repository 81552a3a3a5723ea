// executeScan's checks before any probe: sweeps far larger than meant are refused with their size and the fix.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { executeScan } from './scan.js';

const io = () => ({ stdin: new PassThrough(), out: new PassThrough(), progress: new PassThrough() });
const run = (targets: string[], extra: { yes?: boolean; ports?: string } = {}) =>
  executeScan({ targets, format: 'json', toolVersion: 'test', ...extra }, io());

describe('executeScan size guard', () => {
  it('refuses a /8 without --yes, saying how many endpoints and what to do', async () => {
    await expect(run(['10.0.0.0/8'])).rejects.toMatchObject({ code: 'PCL_ERR_SCAN_TOO_LARGE',
      message: expect.stringMatching(/33,554,432 endpoints \(2 ports per address\).*--yes/) });
  });

  it('refuses an IPv6 /64 even with --yes', async () => {
    await expect(run(['fd00::/64'], { yes: true })).rejects.toMatchObject({ code: 'PCL_ERR_SCAN_TOO_LARGE',
      message: expect.stringMatching(/more than any scan can finish/) });
  });

  it('counts duplicates once when sizing (a /12 twice on one port is not over the limit)', async () => {
    // 1,048,576 endpoints exactly: allowed; the scan is then interrupted at once, before any probe.
    const ac = new AbortController();
    ac.abort();
    const { summary } = await executeScan({ targets: ['127.64.0.0/12', '127.64.0.0/12'], ports: '2375', format: 'json', toolVersion: 'test' },
      { ...io(), signal: ac.signal });
    expect(summary).toMatchObject({ endpoints: 0, interrupted: true });
  });
});
