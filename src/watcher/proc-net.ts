// Host-side enrichment: a container process's TCP connections read from /proc/<pid>/net/tcp{,6}, so a
// miner started after creation is caught by talking to a pool port. Only works on the engine's own host.
import { readFileSync } from 'node:fs';

export interface Connection {
  readonly local: string;
  readonly remote: string;
  readonly remotePort: number;
  readonly state: 'established' | 'syn-sent' | 'other';
}

function hexToIpv4(hex: string): string {
  const n = parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
}

function hexToIpv6(hex: string): string {
  const words: string[] = [];
  for (let i = 0; i < 32; i += 8) {
    const w = hex.slice(i, i + 8);
    // Each 32-bit word is in host (little-endian) order.
    const le = (w.match(/../g) ?? []).reverse().join('');
    words.push(le.slice(0, 4), le.slice(4, 8));
  }
  return words.map((w) => w.replace(/^0+(?=.)/, '')).join(':').toLowerCase();
}

/** Parse the text of /proc/<pid>/net/tcp or tcp6. Pure. */
export function parseProcNetTcp(text: string, v6: boolean): Connection[] {
  const out: Connection[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4) continue;
    const [lh, lp] = (cols[1] ?? '').split(':');
    const [rh, rp] = (cols[2] ?? '').split(':');
    if (!lh || !lp || !rh || !rp) continue;
    const st = cols[3];
    const state = st === '01' ? 'established' : st === '02' ? 'syn-sent' : 'other';
    const ip = v6 ? hexToIpv6 : hexToIpv4;
    out.push({ local: `${ip(lh)}:${parseInt(lp, 16)}`, remote: `${ip(rh)}:${parseInt(rp, 16)}`, remotePort: parseInt(rp, 16), state });
  }
  return out;
}

/** Outgoing connections of the network namespace a pid lives in (empty when /proc is not readable). */
export function connectionsOf(pid: number, procRoot = '/proc'): Connection[] {
  const out: Connection[] = [];
  for (const [file, v6] of [['tcp', false], ['tcp6', true]] as const) {
    try {
      out.push(...parseProcNetTcp(readFileSync(`${procRoot}/${pid}/net/${file}`, 'utf8'), v6));
    } catch { /* not on this host, or not permitted */ }
  }
  return out.filter((c) => c.state !== 'other');
}
