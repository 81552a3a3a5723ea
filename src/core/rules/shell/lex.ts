// A small POSIX-shell lexer for detection: words (quotes, escapes, $'...' decoded), operators, redirections,
// here-documents and the text of $(...), `...` and <(...) kept for recursion. shell-quote drops substitution
// bodies and here-docs, which is exactly where campaign payloads hide, so this is hand-written.

export interface Sub {
  readonly kind: 'cmd' | 'proc';
  readonly text: string;
}

export interface WordToken {
  readonly kind: 'word';
  readonly value: string;
  readonly subs: readonly Sub[];
  /** Any part of the word was quoted (disables brace expansion). */
  readonly quoted: boolean;
  /** The word used $'...' ANSI-C quoting (an obfuscation tell when it hides letters). */
  readonly ansiC: boolean;
}

export interface OpToken {
  readonly kind: 'op';
  readonly value: string;
  /** Here-document body for `<<` / `<<-`. */
  body?: string;
}

export type Token = WordToken | OpToken;

const OPS = ['&&', '||', ';;', '|&', '&>>', '&>', '>>', '<<<', '<<-', '<<', '>&', '<&', '>|', '<>',
  ';', '&', '|', '(', ')', '<', '>'];

/** Index of the `)` closing the `(` at `open`, skipping quotes; src.length when unbalanced. */
export function matchParen(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') { i++; continue; }
    if (c === "'") { const j = src.indexOf("'", i + 1); i = j < 0 ? src.length : j; continue; }
    if (c === '"') { i = skipDouble(src, i + 1); continue; }
    if (c === '(') depth++;
    else if (c === ')') { depth--; if (depth === 0) return i; }
  }
  return src.length;
}

function skipDouble(src: string, from: number): number {
  for (let i = from; i < src.length; i++) {
    if (src[i] === '\\') { i++; continue; }
    if (src[i] === '"') return i;
  }
  return src.length;
}

function findBacktick(src: string, from: number): number {
  for (let i = from; i < src.length; i++) {
    if (src[i] === '\\') { i++; continue; }
    if (src[i] === '`') return i;
  }
  return src.length;
}

/** Decode the body of $'...' starting after the quote; returns text and the index after the closing quote. */
export function readAnsiC(src: string, from: number): [string, number] {
  let out = '';
  let i = from;
  while (i < src.length && src[i] !== "'") {
    if (src[i] !== '\\') { out += src[i]; i++; continue; }
    const e = src[i + 1] ?? '';
    i += 2;
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b',
      f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
    if (e in simple) { out += simple[e]; continue; }
    if (e === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(src.slice(i));
      if (m) { out += String.fromCharCode(parseInt(m[0], 16)); i += m[0].length; } else out += '\\x';
      continue;
    }
    if (e === 'u' || e === 'U') {
      const m = (e === 'u' ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(src.slice(i));
      if (m) { out += String.fromCodePoint(Math.min(parseInt(m[0], 16), 0x10ffff)); i += m[0].length; } else out += `\\${e}`;
      continue;
    }
    if (/[0-7]/.test(e)) {
      const m = /^[0-7]{0,2}/.exec(src.slice(i));
      const digits = e + (m ? m[0] : '');
      out += String.fromCharCode(parseInt(digits, 8) & 0xff); i += digits.length - 1;
      continue;
    }
    out += `\\${e}`;
  }
  return [out, i + 1];
}

/** Split shell text into tokens the way sh reads it (no expansion except $'...' and quote removal). */
export function lex(src: string): Token[] {
  const tokens: Token[] = [];
  const n = src.length;
  let word: string | null = null;
  let subs: Sub[] = [];
  let quoted = false;
  let ansiC = false;
  let awaitingDelim: OpToken | null = null;
  const heredocs: { op: OpToken; delim: string; strip: boolean }[] = [];
  const append = (s: string) => { word = (word ?? '') + s; };
  const flush = () => {
    if (word === null) return;
    const t: WordToken = { kind: 'word', value: word, subs, quoted, ansiC };
    if (awaitingDelim) { heredocs.push({ op: awaitingDelim, delim: word, strip: awaitingDelim.value.endsWith('-') }); awaitingDelim = null; }
    else tokens.push(t);
    word = null; subs = []; quoted = false; ansiC = false;
  };
  let i = 0;
  while (i < n) {
    const c = src[i] as string;
    if (c === '\\') {
      if (src[i + 1] === '\n') { i += 2; continue; }
      append(src[i + 1] ?? ''); quoted = true; i += 2; continue;
    }
    if (c === "'") {
      let j = src.indexOf("'", i + 1); if (j < 0) j = n;
      append(src.slice(i + 1, j)); quoted = true; i = j + 1; continue;
    }
    if (c === '"') {
      quoted = true; if (word === null) word = '';
      i++;
      while (i < n && src[i] !== '"') {
        const d = src[i] as string;
        if (d === '\\' && i + 1 < n && '$`"\\\n'.includes(src[i + 1] as string)) {
          if (src[i + 1] !== '\n') append(src[i + 1] as string);
          i += 2; continue;
        }
        if (d === '$' && src[i + 1] === '(') {
          const j = matchParen(src, i + 1);
          const inner = src.slice(i + 2, j);
          if (!inner.startsWith('(')) subs.push({ kind: 'cmd', text: inner });
          append(src.slice(i, j + 1)); i = j + 1; continue;
        }
        if (d === '`') {
          const j = findBacktick(src, i + 1);
          subs.push({ kind: 'cmd', text: src.slice(i + 1, j).replace(/\\`/g, '`') });
          append(src.slice(i, j + 1)); i = j + 1; continue;
        }
        append(d); i++;
      }
      i++; continue;
    }
    if (c === '$') {
      const d = src[i + 1];
      if (d === "'") { const [t, j] = readAnsiC(src, i + 2); append(t); quoted = true; ansiC = true; i = j; continue; }
      if (d === '(') {
        const j = matchParen(src, i + 1);
        const inner = src.slice(i + 2, j);
        if (!inner.startsWith('(')) subs.push({ kind: 'cmd', text: inner });
        append(src.slice(i, j + 1)); i = j + 1; continue;
      }
      if (d === '{') { let j = src.indexOf('}', i + 2); if (j < 0) j = n - 1; append(src.slice(i, j + 1)); i = j + 1; continue; }
      append('$'); i++; continue;
    }
    if (c === '`') {
      const j = findBacktick(src, i + 1);
      subs.push({ kind: 'cmd', text: src.slice(i + 1, j).replace(/\\`/g, '`') });
      append(src.slice(i, j + 1)); i = j + 1; continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') { flush(); i++; continue; }
    if (c === '\n') {
      flush(); tokens.push({ kind: 'op', value: '\n' }); i++;
      while (heredocs.length > 0) {
        const h = heredocs.shift()!;
        const lines: string[] = [];
        while (i < n) {
          let e = src.indexOf('\n', i); if (e < 0) e = n;
          const line = src.slice(i, e); i = e + 1;
          if ((h.strip ? line.replace(/^\t+/, '') : line) === h.delim) break;
          lines.push(line);
        }
        h.op.body = lines.join('\n');
      }
      continue;
    }
    if (c === '#' && word === null) { const e = src.indexOf('\n', i); i = e < 0 ? n : e; continue; }
    if ((c === '<' || c === '>') && src[i + 1] === '(') {
      const j = matchParen(src, i + 1);
      subs.push({ kind: 'proc', text: src.slice(i + 2, j) });
      append(src.slice(i, j + 1)); i = j + 1; continue;
    }
    if (';&|()<>'.includes(c)) {
      const op = OPS.find((o) => src.startsWith(o, i)) ?? c;
      let value = op;
      const w = word as string | null;
      if (w !== null && /^\d+$/.test(w) && !quoted && (op.startsWith('<') || op.startsWith('>'))) {
        value = w + op; word = null; subs = []; quoted = false;
      } else flush();
      const t: OpToken = { kind: 'op', value };
      tokens.push(t); i += op.length;
      if (op === '<<' || op === '<<-') awaitingDelim = t;
      continue;
    }
    append(c); i++;
  }
  flush();
  // A here-doc whose body never started (no newline) keeps an empty body.
  return tokens;
}
