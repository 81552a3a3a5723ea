// Decodes simply-encoded payloads found in split commands (echo B64 | base64 -d | sh, printf '\x..', xxd -r -p,
// rev, gunzip, URL-encoding, bare base64 blobs) so the rules can analyse what would really run. Pure; no I/O.
import { gunzipSync } from 'node:zlib';
import { progName, SHELLS, type ShellCommand } from './split.js';
import { readAnsiC } from './lex.js';

export interface DecodedPayload {
  /** Transformations applied in order, e.g. ['base64', 'gunzip']. */
  readonly encoding: readonly string[];
  /** The decoded text (capped). */
  readonly text: string;
  /** The encoded text as written (capped). */
  readonly encoded: string;
  /** Field path of the command it came from. */
  readonly source: string;
  /** The decoded text is run by a shell or eval. */
  readonly toShell: boolean;
  /** Root of an enclosing chroot, inherited by what the payload runs. */
  readonly chroot?: string;
}

export const MAX_PAYLOAD_CHARS = 64 * 1024;

const INTERPRETERS = new Set([...SHELLS, 'eval', 'source', '.', 'python', 'python3', 'perl']);

/** Mostly printable text (decoded garbage is not a payload). */
export function looksLikeText(s: string): boolean {
  if (s.length === 0) return false;
  let ok = 0;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x09 || c === 0x0d) ok++;
  }
  return ok / s.length >= 0.9;
}

function fromBase64(s: string): string | undefined {
  const clean = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(clean) || clean.length < 4) return undefined;
  const buf = Buffer.from(clean.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return buf.toString('latin1');
  return buf.toString('utf8');
}

function fromHex(s: string): string | undefined {
  const clean = s.replace(/\\x|0x|[\s:]/gi, '');
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(clean)) return undefined;
  return Buffer.from(clean, 'hex').toString('latin1');
}

function gunzip(s: string): string | undefined {
  try {
    return gunzipSync(Buffer.from(s, 'latin1'), { maxOutputLength: MAX_PAYLOAD_CHARS }).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Interpret printf/echo -e escapes (\xHH, \NNN octal, \n ...). */
export function unescapePrintf(fmt: string): string {
  return readAnsiC(fmt.replace(/'/g, "\\'") + "'", 0)[0];
}

function rot13(s: string): string {
  return s.replace(/[a-zA-Z]/g, (c) => {
    const b = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - b + 13) % 26) + b);
  });
}

/** Apply one pipeline stage as a transformation; undefined when the stage is not a known decoder. */
function transform(c: ShellCommand, text: string): { name: string; out: string | undefined } | undefined {
  const p = progName(c.argv[0]);
  const args = c.argv.slice(1);
  const has = (re: RegExp) => args.some((a) => re.test(a));
  if (p === 'base64' || p === 'base32') {
    if (!has(/^(-d|-D|--decode|-di|-id|-[a-zA-Z]*d[a-zA-Z]*)$/)) return undefined;
    return { name: p, out: p === 'base64' ? fromBase64(text) : undefined };
  }
  if (p === 'openssl' && has(/^(base64|-base64|enc)$/) && has(/^-d$/)) return { name: 'base64', out: fromBase64(text) };
  if (p === 'xxd' && has(/^-(r|rp|pr|r?p?r)$/)) return { name: 'hex', out: fromHex(text) };
  if (p === 'rev') return { name: 'rev', out: text.split('\n').map((l) => [...l].reverse().join('')).join('\n') };
  if (p === 'gunzip' || p === 'zcat' || (p === 'gzip' && has(/^-[a-z]*d/))) return { name: 'gunzip', out: gunzip(text) };
  if (p === 'tr' && args.length >= 2 && /^'?A-Za-z'?$/.test(args[0] as string) && /^N-ZA-Mn-za-m$/.test(args[1] as string)) {
    return { name: 'rot13', out: rot13(text) };
  }
  return undefined;
}

/** Literal output of a producer stage (echo, printf, a here-string or here-doc). */
function produce(c: ShellCommand): { text: string; escaped: boolean } | undefined {
  const p = progName(c.argv[0]);
  const hs = c.redirects.find((r) => r.op === '<<<' || r.body !== undefined);
  if (hs) return { text: hs.body ?? hs.target, escaped: false };
  if (p === 'echo') {
    let args = c.argv.slice(1);
    let e = false;
    while (args[0] && /^-[neE]+$/.test(args[0])) { if (args[0].includes('e')) e = true; args = args.slice(1); }
    const t = args.join(' ');
    return e && /\\(x[0-9a-fA-F]|[0-7]{3})/.test(t) ? { text: unescapePrintf(t), escaped: true } : { text: t, escaped: false };
  }
  if (p === 'printf' && c.argv.length > 1) {
    const fmt = c.argv[1] as string;
    const rest = c.argv.slice(2);
    const t = /%s/.test(fmt) && rest.length > 0 ? rest.join('') : unescapePrintf(fmt);
    return { text: t, escaped: /\\(x[0-9a-fA-F]|[0-7]{3})/.test(fmt) };
  }
  return undefined;
}

function executed(cmds: readonly ShellCommand[], stage: ShellCommand | undefined, first: ShellCommand): boolean {
  if (stage && INTERPRETERS.has(progName(stage.argv[0])) && !stage.argv.slice(1).some((a) => !a.startsWith('-'))) return true;
  if ((first.origin === 'substitution' || first.origin === 'process-substitution') && first.parent !== undefined) {
    const parent = cmds[first.parent];
    if (parent && (INTERPRETERS.has(progName(parent.argv[0])) || /^(\$\(|`)/.test(parent.argv[0] ?? ''))) return true;
  }
  return false;
}

const cap = (s: string) => (s.length > MAX_PAYLOAD_CHARS ? s.slice(0, MAX_PAYLOAD_CHARS) : s);

/**
 * Decode the encoded payloads in one split result (one level; analyse() recurses on the decoded text).
 * @example decodePayloads(splitShell('echo Y3VybCB4fHNo | base64 -d | sh'))[0].text === 'curl x|sh'
 */
export function decodePayloads(cmds: readonly ShellCommand[]): DecodedPayload[] {
  const out: DecodedPayload[] = [];
  const seen = new Set<string>();
  const push = (p: DecodedPayload) => {
    const k = `${p.encoding.join('+')}\0${p.text}`;
    if (seen.has(k) || p.text.trim() === '') return;
    seen.add(k); out.push(p);
  };
  const byPipeline = new Map<number, ShellCommand[]>();
  for (const c of cmds) {
    const list = byPipeline.get(c.pipeline) ?? [];
    list[c.stage] = c;
    byPipeline.set(c.pipeline, list);
  }
  const used = new Set<ShellCommand>();
  for (const stages of byPipeline.values()) {
    const first = stages[0];
    if (!first) continue;
    const prod = produce(first);
    if (!prod) continue;
    let text = prod.text;
    const chain: string[] = prod.escaped ? ['printf-escapes'] : [];
    let k = 1;
    // A decoder reading its own here-string is both producer and first transform.
    const selfT = first.redirects.some((r) => r.op === '<<<' || r.body !== undefined) ? transform(first, text) : undefined;
    if (selfT) { if (selfT.out === undefined) continue; text = selfT.out; chain.push(selfT.name); }
    for (; k < stages.length; k++) {
      const st = stages[k];
      if (!st) break;
      const t = transform(st, text);
      if (!t) break;
      if (t.out === undefined) { chain.length = 0; break; }
      text = t.out; chain.push(t.name);
    }
    if (chain.length === 0) continue;
    used.add(first);
    push({ encoding: chain, text: cap(text), encoded: cap(prod.text), source: first.source,
      toShell: executed(cmds, stages[k], first), ...(first.chroot ? { chroot: first.chroot } : {}) });
  }
  for (const c of cmds) {
    if (used.has(c)) continue;
    for (const w of c.argv.slice(1)) {
      // Bare base64 blobs: long, valid, decoding to readable text.
      if (w.length >= 24 && /^[A-Za-z0-9+/]+={0,2}$/.test(w) && w.length % 4 === 0) {
        const d = fromBase64(w);
        if (d && looksLikeText(d) && /[\s/.:;|]/.test(d)) {
          push({ encoding: ['base64'], text: cap(d), encoded: cap(w), source: c.source, toShell: false, ...(c.chroot ? { chroot: c.chroot } : {}) });
        }
      }
      const pct = w.match(/%[0-9a-fA-F]{2}/g);
      if (pct && pct.length >= 3) {
        try {
          const d = decodeURIComponent(w);
          if (d !== w && looksLikeText(d)) push({ encoding: ['url'], text: cap(d), encoded: cap(w), source: c.source, toShell: false });
        } catch { /* not URL-encoded after all */ }
      }
    }
    if (progName(c.argv[0]) === 'printf' && c.argv[1] && (c.argv[1].match(/\\x[0-9a-fA-F]{2}/g)?.length ?? 0) >= 4) {
      if (!out.some((p) => p.encoded === c.argv[1])) {
        push({ encoding: ['printf-escapes'], text: cap(unescapePrintf(c.argv[1])), encoded: cap(c.argv[1]), source: c.source, toShell: false });
      }
    }
  }
  return out;
}
