// Reads /proc/net/tcp, tcp6 and unix into listening sockets. Addresses are little-endian hex per 32-bit word,
// as the kernel prints them; state 0A is LISTEN for TCP, 01 (and flag 00010000) marks a listening unix socket.
import type { ListenFact } from './facts.js';

function ipv4(hex: string): string {
  const n = hex.match(/../g)?.map((b) => parseInt(b, 16)).reverse() ?? [];
  return n.join('.');
}

function ipv6(hex: string): string {
  const groups: string[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8).match(/../g)?.reverse().join('') ?? '00000000';
    groups.push(word.slice(0, 4), word.slice(4, 8));
  }
  const full = groups.map((g) => parseInt(g, 16).toString(16));
  const joined = full.join(':');
  if (joined === '0:0:0:0:0:0:0:0') return '::';
  if (joined === '0:0:0:0:0:0:0:1') return '::1';
  if (joined.startsWith('0:0:0:0:0:ffff:')) {
    const a = parseInt(groups[6] as string, 16);
    const b = parseInt(groups[7] as string, 16);
    return `::ffff:${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  return joined.replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** TCP sockets in LISTEN state from /proc/net/tcp or tcp6 text. */
export function parseProcNetTcp(text: string, proto: 'tcp' | 'tcp6'): ListenFact[] {
  const out: ListenFact[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || f[3] !== '0A') continue;
    const [addr, port] = (f[1] as string).split(':');
    if (!addr || !port) continue;
    out.push({ proto, address: proto === 'tcp' ? ipv4(addr) : ipv6(addr), port: parseInt(port, 16), inode: Number(f[9]) });
  }
  return out;
}

/** Listening unix sockets with a path from /proc/net/unix text. */
export function parseProcNetUnix(text: string): ListenFact[] {
  const out: ListenFact[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const flags = parseInt(f[3] as string, 16);
    if ((flags & 0x10000) === 0 || !f[7] || !f[7].startsWith('/')) continue;
    out.push({ proto: 'unix', address: f[7], inode: Number(f[6]) });
  }
  return out;
}

/** True for loopback listen addresses (reachable from this host only). */
export function isLoopback(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  return a === 'localhost' || a === '::1' || /^127\./.test(a) || /^::ffff:127\./.test(a);
}
