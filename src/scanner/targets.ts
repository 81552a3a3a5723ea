// Target specs (addresses, CIDRs, a-b ranges, host names, host:port) parsed once into intervals, then
// expanded lazily so a /8 never becomes an array in memory; --exclude is an interval set checked per address.
import { isIP } from 'node:net';
import { PortcullisError } from '../core/errors/index.js';

export type TargetSpec =
  | { readonly kind: 'range'; readonly family: 4 | 6; readonly start: bigint; readonly end: bigint; readonly port?: number; readonly text: string }
  | { readonly kind: 'name'; readonly name: string; readonly port?: number; readonly text: string };

const MAX4 = (1n << 32n) - 1n;
const MAX6 = (1n << 128n) - 1n;

export function ipToBigInt(ip: string): { family: 4 | 6; value: bigint } | undefined {
  const fam = isIP(ip);
  if (fam === 4) {
    const parts = ip.split('.').map(Number);
    return { family: 4, value: BigInt(((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!) };
  }
  if (fam === 6) {
    let s = ip.toLowerCase();
    // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
    if (v4) {
      const n = ipToBigInt(v4[1]!)!.value;
      s = s.slice(0, -v4[1]!.length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
    }
    const [head, tail] = s.includes('::') ? s.split('::') as [string, string] : [s, undefined];
    const h = head ? head.split(':') : [];
    const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
    const fill = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
    const all = [...h, ...fill, ...t];
    let v = 0n;
    for (const x of all) v = (v << 16n) + BigInt(parseInt(x || '0', 16));
    return { family: 6, value: v };
  }
  return undefined;
}

export function bigIntToIp(family: 4 | 6, v: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
  const parts: string[] = [];
  for (let i = 7; i >= 0; i--) parts.push(((v >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero hextets, as RFC 5952 prints it.
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (parts[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && parts[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return parts.join(':');
  return `${parts.slice(0, best).join(':')}::${parts.slice(best + bestLen).join(':')}`;
}

function bad(text: string, why: string): PortcullisError {
  return new PortcullisError('PCL_ERR_SCAN_TARGET_INVALID',
    `target "${text}" is not valid: ${why}. Use an address, a CIDR (10.0.0.0/24), a range (10.0.0.1-10.0.0.9 or 10.0.0.1-9), a host name, or host:port`);
}

function parsePort(text: string, p: string): number {
  const n = Number(p);
  if (!/^\d+$/.test(p) || n < 1 || n > 65535) throw bad(text, `port "${p}" is not 1-65535`);
  return n;
}

const NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i;

/**
 * Parse one target spec.
 * @example parseTarget('127.0.0.0/30') // { kind: 'range', family: 4, start: 2130706432n, end: 2130706435n, ... }
 */
export function parseTarget(raw: string): TargetSpec {
  const text = raw.trim();
  if (!text) throw bad(raw, 'it is empty');
  // DOCKER_HOST and URL forms (tcp://host:2376, http://host:2375/) are accepted as host[:port]: the transport
  // is found by handshake anyway. A unix socket is not a network target.
  const url = /^(tcp|http|https):\/\/([^/]+)\/?$/i.exec(text);
  if (url) return { ...parseTarget(url[2]!), text };
  if (/^(unix|npipe|ssh|fd):/i.test(text)) {
    throw new PortcullisError('PCL_ERR_SCAN_TARGET_INVALID', `target "${text}" is not a network address: scan finds daemons on TCP; `
      + 'to check a local socket or an SSH-reached engine use `portcullis audit`');
  }
  let hostPart = text;
  let port: number | undefined;
  // [v6]:port, v4:port, name:port — a bare v6 address has several colons and no brackets.
  const br = /^\[([^\]]+)\](?::(\d+))?(\/\d+)?$/.exec(text);
  if (br) {
    hostPart = br[1]! + (br[3] ?? '');
    if (br[2] !== undefined) port = parsePort(text, br[2]);
  } else if ((text.match(/:/g) ?? []).length === 1) {
    const i = text.lastIndexOf(':');
    hostPart = text.slice(0, i);
    port = parsePort(text, text.slice(i + 1));
  }
  const withPort = <T extends object>(o: T) => (port === undefined ? o : { ...o, port });
  const slash = hostPart.indexOf('/');
  if (slash >= 0) {
    const ip = ipToBigInt(hostPart.slice(0, slash));
    const bitsText = hostPart.slice(slash + 1);
    if (!ip) throw bad(text, 'a CIDR needs an IP address before the /');
    const bits = Number(bitsText);
    const width = ip.family === 4 ? 32 : 128;
    if (!/^\d+$/.test(bitsText) || bits > width) throw bad(text, `prefix length must be 0-${width}`);
    const hostBits = BigInt(width - bits);
    const mask = ((ip.family === 4 ? MAX4 : MAX6) >> hostBits) << hostBits;
    const start = ip.value & mask;
    return withPort({ kind: 'range', family: ip.family, start, end: start + (1n << hostBits) - 1n, text }) as TargetSpec;
  }
  const single = ipToBigInt(hostPart);
  if (single) return withPort({ kind: 'range', family: single.family, start: single.value, end: single.value, text }) as TargetSpec;
  const dash = hostPart.indexOf('-', 1);
  if (dash > 0) {
    const a = ipToBigInt(hostPart.slice(0, dash));
    let bText = hostPart.slice(dash + 1);
    if (a) {
      // 10.0.0.1-9 means 10.0.0.1-10.0.0.9 (the nmap and masscan short form).
      if (a.family === 4 && /^\d{1,3}$/.test(bText)) bText = hostPart.slice(0, hostPart.lastIndexOf('.', dash) + 1) + bText;
      const b = ipToBigInt(bText);
      if (!b || b.family !== a.family) throw bad(text, 'both ends of a range must be addresses of the same family');
      if (b.value < a.value) throw bad(text, 'the range ends before it starts');
      return withPort({ kind: 'range', family: a.family, start: a.value, end: b.value, text }) as TargetSpec;
    }
  }
  if (NAME.test(hostPart) && !/^[\d.]+$/.test(hostPart)) return withPort({ kind: 'name', name: hostPart.toLowerCase(), text }) as TargetSpec;
  throw bad(text, 'it is neither an address, a CIDR, a range nor a host name');
}

/** Number of addresses (or 1 for a name) a spec covers. */
export function specSize(s: TargetSpec): bigint {
  return s.kind === 'range' ? s.end - s.start + 1n : 1n;
}

/** A set of excluded addresses and names, as merged intervals per family. */
export class ExcludeSet {
  private readonly v4: [bigint, bigint][] = [];
  private readonly v6: [bigint, bigint][] = [];
  private readonly names = new Set<string>();

  constructor(specs: readonly TargetSpec[]) {
    for (const s of specs) {
      if (s.kind === 'name') this.names.add(s.name);
      else (s.family === 4 ? this.v4 : this.v6).push([s.start, s.end]);
    }
    for (const list of [this.v4, this.v6]) {
      list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (let i = 1; i < list.length;) {
        const prev = list[i - 1]!, cur = list[i]!;
        if (cur[0] <= prev[1] + 1n) { if (cur[1] > prev[1]) prev[1] = cur[1]; list.splice(i, 1); } else i++;
      }
    }
  }

  hasAddress(family: 4 | 6, v: bigint): boolean {
    const list = family === 4 ? this.v4 : this.v6;
    let lo = 0, hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = list[mid]!;
      if (v < a) hi = mid - 1; else if (v > b) lo = mid + 1; else return true;
    }
    return false;
  }

  isEmpty(): boolean {
    return this.v4.length === 0 && this.v6.length === 0 && this.names.size === 0;
  }

  hasName(name: string): boolean {
    return this.names.has(name.toLowerCase());
  }

  /** How many addresses of [start, end] are excluded (for progress totals without expanding). */
  overlap(family: 4 | 6, start: bigint, end: bigint): bigint {
    let n = 0n;
    for (const [a, b] of family === 4 ? this.v4 : this.v6) {
      const lo = a > start ? a : start, hi = b < end ? b : end;
      if (hi >= lo) n += hi - lo + 1n;
    }
    return n;
  }
}

/** Total endpoints a set of specs expands to (for the progress bar); never iterates the ranges. */
export function countEndpoints(specs: readonly TargetSpec[], ports: readonly number[], exclude: ExcludeSet): number {
  let n = 0n;
  for (const s of specs) {
    const perHost = BigInt(s.port === undefined ? ports.length : 1);
    if (s.kind === 'name') n += exclude.hasName(s.name) ? 0n : perHost;
    else n += (specSize(s) - exclude.overlap(s.family, s.start, s.end)) * perHost;
  }
  return Number(n);
}

function* expandSpec(s: TargetSpec, ports: readonly number[], exclude: ExcludeSet): Generator<{ host: string; port: number }> {
  const ps = s.port === undefined ? ports : [s.port];
  if (s.kind === 'name') {
    if (!exclude.hasName(s.name)) for (const port of ps) yield { host: s.name, port };
    return;
  }
  if (s.family === 4 && exclude.isEmpty()) {
    // Hot path for big IPv4 sweeps: plain numbers instead of BigInt arithmetic per address.
    for (let v = Number(s.start); v <= Number(s.end); v++) {
      const host = `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
      for (const port of ps) yield { host, port };
    }
    return;
  }
  for (let v = s.start; v <= s.end; v++) {
    if (exclude.hasAddress(s.family, v)) continue;
    const host = bigIntToIp(s.family, v);
    for (const port of ps) yield { host, port };
  }
}

/**
 * Expand specs into endpoints lazily, host by host, each host on every port (or on its own :port). Specs are
 * interleaved round-robin, so a large silent range does not wait behind a large refusing one (its timeouts
 * overlap with the other range's work instead of adding to it).
 * @example for (const ep of expandTargets([parseTarget('127.0.0.1')], [2375], new ExcludeSet([]))) ...
 */
export function* expandTargets(specs: readonly TargetSpec[], ports: readonly number[], exclude: ExcludeSet): Generator<{ host: string; port: number }> {
  let live = specs.map((s) => expandSpec(s, ports, exclude));
  while (live.length > 0) {
    const next: typeof live = [];
    for (const g of live) {
      const r = g.next();
      if (!r.done) { yield r.value; next.push(g); }
    }
    live = next;
  }
}

/** True when host:port belongs to what the specs cover (used to decide what "gone" means for a diff). */
export function specsCover(specs: readonly TargetSpec[], ports: readonly number[], host: string, port: number): boolean {
  const ip = ipToBigInt(host);
  for (const s of specs) {
    const ps = s.port === undefined ? ports : [s.port];
    if (!ps.includes(port)) continue;
    if (s.kind === 'name' ? s.name === host.toLowerCase() : ip !== undefined && ip.family === s.family && ip.value >= s.start && ip.value <= s.end) return true;
  }
  return false;
}

/** Split target text (a file or stdin) into specs: one or more per line, `#` comments, commas or spaces between. */
export function splitTargetText(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const body = line.replace(/#.*/, '').trim();
    if (!body) continue;
    for (const t of body.split(/[\s,]+/)) if (t) out.push(t);
  }
  return out;
}

/** Subtract merged, sorted intervals from [start, end]; returns what is left, in order. */
function subtract(start: bigint, end: bigint, covered: readonly (readonly [bigint, bigint])[]): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  let from = start;
  for (const [a, b] of covered) {
    if (b < from) continue;
    if (a > end) break;
    if (a > from) out.push([from, a - 1n]);
    from = b + 1n;
    if (from > end) return out;
  }
  if (from <= end) out.push([from, end]);
  return out;
}

function addInterval(list: [bigint, bigint][], a: bigint, b: bigint): void {
  list.push([a, b]);
  list.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  for (let i = 1; i < list.length;) {
    const prev = list[i - 1]!, cur = list[i]!;
    if (cur[0] <= prev[1] + 1n) { if (cur[1] > prev[1]) prev[1] = cur[1]; list.splice(i, 1); } else i++;
  }
}

/**
 * Drop endpoints that several specs cover, so each is probed (and reported) once: `10.0.0.0/24 10.0.0.5`,
 * the same name twice, or `10.0.0.5:2375` next to `10.0.0.5` with 2375 in --ports. Overlaps are cut out of
 * the later spec (a spec may become several); a spec without its own port wins over an explicit one.
 * @example dedupeSpecs(['10.0.0.0/30', '10.0.0.2-9'].map(parseTarget), [2375]) // 10.0.0.0/30, 10.0.0.4-9
 */
export function dedupeSpecs(specs: readonly TargetSpec[], ports: readonly number[]): TargetSpec[] {
  const portless = new Map<string, [bigint, bigint][]>();
  const portlessNames = new Set<string>();
  for (const s of specs) {
    if (s.port !== undefined) continue;
    if (s.kind === 'name') portlessNames.add(s.name);
  }
  const seenExplicit = new Map<string, [bigint, bigint][]>();
  const seenNames = new Set<string>();
  const out: TargetSpec[] = [];
  const allPortless = new Map<number, [bigint, bigint][]>();
  for (const s of specs) if (s.kind === 'range' && s.port === undefined) addInterval(allPortless.get(s.family) ?? allPortless.set(s.family, []).get(s.family)!, s.start, s.end);
  for (const s of specs) {
    if (s.kind === 'name') {
      const key = `${s.name}|${s.port ?? ''}`;
      if (seenNames.has(key) || (s.port !== undefined && ports.includes(s.port) && portlessNames.has(s.name))) continue;
      seenNames.add(key);
      out.push(s);
      continue;
    }
    let pieces: [bigint, bigint][];
    if (s.port === undefined) {
      const key = String(s.family);
      const covered = portless.get(key) ?? [];
      pieces = subtract(s.start, s.end, covered);
      for (const [a, b] of pieces) addInterval(covered, a, b);
      portless.set(key, covered);
    } else {
      const key = `${s.family}|${s.port}`;
      const covered = seenExplicit.get(key) ?? [];
      pieces = subtract(s.start, s.end, covered);
      if (ports.includes(s.port)) {
        const wider = allPortless.get(s.family) ?? [];
        pieces = pieces.flatMap(([a, b]) => subtract(a, b, wider));
      }
      for (const [a, b] of pieces) addInterval(covered, a, b);
      seenExplicit.set(key, covered);
    }
    for (const [a, b] of pieces) out.push({ ...s, start: a, end: b });
  }
  return out;
}
