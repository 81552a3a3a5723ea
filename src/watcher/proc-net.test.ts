import { describe, expect, it } from 'vitest';
import { parseProcNetTcp } from './proc-net.js';

describe('parseProcNetTcp', () => {
  it('reads established IPv4 connections with their remote port', () => {
    const text = '  sl  local_address rem_address   st tx_queue rx_queue\n'
      + '   0: 0100007F:A1B2 0200007F:0D05 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 20 4 30 10 -1\n'
      + '   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0000000000000000 100 0 0 10 0\n';
    const c = parseProcNetTcp(text, false);
    expect(c[0]).toEqual({ local: '127.0.0.1:41394', remote: '127.0.0.2:3333', remotePort: 3333, state: 'established' });
    expect(c[1]?.state).toBe('other');
  });
  it('reads IPv6 addresses', () => {
    const text = 'header\n   0: 00000000000000000000000001000000:1F90 00000000000000000000000001000000:115C 01 0 0 0 0 0 0\n';
    expect(parseProcNetTcp(text, true)[0]?.remote).toBe('0:0:0:0:0:0:0:1:4444');
  });
});
