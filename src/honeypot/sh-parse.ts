// A small parser for the control flow of sh scripts the trap's inert shell follows (`&&`, `||`, `;`, `!`, `if`,
// `case`, `for`, `while`, `{ }`, `( )`, functions). It reads core's lexer tokens; detection never sees this tree.
import { lex, type Token, type WordToken } from '../core/rules/shell/lex.js';

export interface Redir { readonly op: string; readonly target: string; readonly body?: string }

export type Cmd = (
  | { readonly t: 'simple'; readonly words: readonly WordToken[] }
  | { readonly t: 'if'; readonly arms: ReadonlyArray<{ readonly cond: List; readonly body: List }>; readonly otherwise?: List }
  | { readonly t: 'case'; readonly word: WordToken; readonly items: ReadonlyArray<{ readonly patterns: readonly WordToken[]; readonly body: List }> }
  | { readonly t: 'for'; readonly name: string; readonly words?: readonly WordToken[]; readonly body: List }
  | { readonly t: 'loop'; readonly until: boolean; readonly cond: List; readonly body: List }
  | { readonly t: 'group'; readonly subshell: boolean; readonly body: List }
  | { readonly t: 'func'; readonly name: string; readonly body: Cmd }
) & { readonly redirects: readonly Redir[] };

export interface Pipeline { readonly bang: boolean; readonly cmds: readonly Cmd[] }
export interface AndOr { readonly first: Pipeline; readonly rest: ReadonlyArray<{ readonly op: '&&' | '||'; readonly p: Pipeline }> }
export type List = readonly AndOr[];

/** Syntax the parser does not follow: the caller falls back to the flat walk of the analysed commands. */
export class ShParseError extends Error {}

const RESERVED = new Set(['if', 'then', 'elif', 'else', 'fi', 'case', 'esac', 'for', 'while', 'until', 'do', 'done', '{', '}', '!', 'in']);
const isRedirect = (t: Token | undefined): boolean => t?.kind === 'op' && /[<>]/.test(t.value);
const SEPARATORS = new Set([';', '&', '\n']);

class Parser {
  private i = 0;
  constructor(private readonly toks: readonly Token[]) {}

  private peek(): Token | undefined { return this.toks[this.i]; }
  /** The next token is the unquoted reserved word `w` (only meaningful in command position). */
  private isWord(w: string): boolean {
    const t = this.peek();
    return t?.kind === 'word' && !t.quoted && t.value === w;
  }
  private isOp(v: string): boolean { const t = this.peek(); return t?.kind === 'op' && t.value === v; }
  private expectWord(w: string): void {
    this.skipNewlines();
    if (!this.isWord(w)) throw new ShParseError(`expected ${w}`);
    this.i++;
  }
  private skipNewlines(): void { while (this.isOp('\n')) this.i++; }
  private skipSeparators(): void { while (this.peek()?.kind === 'op' && SEPARATORS.has(this.peek()?.value ?? '')) this.i++; }

  /** Commands until one of the reserved words in `stop` (in command position), `)`, `;;` or the end. */
  list(stop: ReadonlySet<string>): List {
    const out: AndOr[] = [];
    for (;;) {
      this.skipSeparators();
      const t = this.peek();
      if (t === undefined || (t.kind === 'op' && (t.value === ')' || t.value === ';;'))) return out;
      if (t.kind === 'word' && !t.quoted && stop.has(t.value)) return out;
      out.push(this.andOr());
    }
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: { op: '&&' | '||'; p: Pipeline }[] = [];
    while (this.isOp('&&') || this.isOp('||')) {
      const op = (this.toks[this.i++] as Token).value as '&&' | '||';
      this.skipNewlines();
      rest.push({ op, p: this.pipeline() });
    }
    return { first, rest };
  }

  private pipeline(): Pipeline {
    let bang = false;
    while (this.isWord('!')) { this.i++; bang = !bang; }
    const cmds = [this.command()];
    while (this.isOp('|') || this.isOp('|&')) { this.i++; this.skipNewlines(); cmds.push(this.command()); }
    return { bang, cmds };
  }

  private redirects(into: Redir[]): void {
    while (isRedirect(this.peek())) {
      const t = this.toks[this.i++] as Token & { body?: string };
      if (t.kind === 'op' && (t.body !== undefined || /^\d*<<-?$/.test(t.value))) { into.push({ op: t.value, target: '', body: t.body ?? '' }); continue; }
      const next = this.peek();
      if (next?.kind !== 'word') throw new ShParseError('redirect without target');
      into.push({ op: t.value, target: next.value });
      this.i++;
    }
  }

  private compound(t: Cmd['t'], fields: Record<string, unknown>): Cmd {
    const redirects: Redir[] = [];
    this.redirects(redirects);
    return { t, ...fields, redirects } as unknown as Cmd;
  }

  private command(): Cmd {
    this.skipNewlines();
    const t = this.peek();
    if (t === undefined) throw new ShParseError('missing command');
    if (t.kind === 'op' && t.value === '(') {
      this.i++;
      const body = this.list(new Set());
      if (!this.isOp(')')) throw new ShParseError('expected )');
      this.i++;
      return this.compound('group', { subshell: true, body });
    }
    if (this.isWord('{')) {
      this.i++;
      const body = this.list(new Set(['}']));
      this.expectWord('}');
      return this.compound('group', { subshell: false, body });
    }
    if (this.isWord('if')) return this.ifClause();
    if (this.isWord('case')) return this.caseClause();
    if (this.isWord('for')) return this.forClause();
    if (this.isWord('while') || this.isWord('until')) {
      const until = (this.toks[this.i++] as WordToken).value === 'until';
      const cond = this.list(new Set(['do']));
      const body = this.doGroup();
      return this.compound('loop', { until, cond, body });
    }
    if (t.kind === 'word' && !t.quoted && RESERVED.has(t.value)) throw new ShParseError(`unexpected ${t.value}`);
    const words: WordToken[] = [];
    const redirects: Redir[] = [];
    for (;;) {
      const n = this.peek();
      if (n?.kind === 'word') { words.push(n); this.i++; continue; }
      if (isRedirect(n)) { this.redirects(redirects); continue; }
      break;
    }
    // name() compound-command
    if (words.length === 1 && redirects.length === 0 && this.isOp('(') && this.toks[this.i + 1]?.value === ')') {
      this.i += 2;
      return { t: 'func', name: (words[0] as WordToken).value, body: this.command(), redirects: [] };
    }
    if (words.length === 0 && redirects.length === 0) throw new ShParseError(`unexpected ${t.value}`);
    return { t: 'simple', words, redirects };
  }

  private doGroup(): List {
    this.expectWord('do');
    const body = this.list(new Set(['done']));
    this.expectWord('done');
    return body;
  }

  private ifClause(): Cmd {
    const arms: { cond: List; body: List }[] = [];
    let otherwise: List | undefined;
    this.i++;
    for (;;) {
      const cond = this.list(new Set(['then']));
      this.expectWord('then');
      arms.push({ cond, body: this.list(new Set(['elif', 'else', 'fi'])) });
      if (this.isWord('elif')) { this.i++; continue; }
      if (this.isWord('else')) { this.i++; otherwise = this.list(new Set(['fi'])); }
      this.expectWord('fi');
      break;
    }
    return this.compound('if', otherwise ? { arms, otherwise } : { arms });
  }

  private caseClause(): Cmd {
    this.i++;
    const word = this.peek();
    if (word?.kind !== 'word') throw new ShParseError('case without word');
    this.i++;
    this.expectWord('in');
    const items: { patterns: WordToken[]; body: List }[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isWord('esac')) { this.i++; break; }
      if (this.isOp('(')) this.i++;
      const patterns: WordToken[] = [];
      for (;;) {
        const p = this.peek();
        if (p?.kind !== 'word') throw new ShParseError('case pattern');
        patterns.push(p);
        this.i++;
        if (this.isOp('|')) { this.i++; continue; }
        break;
      }
      if (!this.isOp(')')) throw new ShParseError('expected ) after case pattern');
      this.i++;
      const body = this.list(new Set(['esac']));
      items.push({ patterns, body });
      if (this.isOp(';;')) this.i++;
    }
    return this.compound('case', { word, items });
  }

  private forClause(): Cmd {
    this.i++;
    const name = this.peek();
    if (name?.kind !== 'word') throw new ShParseError('for without name');
    this.i++;
    this.skipNewlines();
    let words: WordToken[] | undefined;
    if (this.isWord('in')) {
      this.i++;
      words = [];
      while (this.peek()?.kind === 'word') words.push(this.toks[this.i++] as WordToken);
    }
    this.skipSeparators();
    return this.compound('for', { name: name.value, ...(words ? { words } : {}), body: this.doGroup() });
  }

  end(): boolean { return this.i >= this.toks.length; }
}

/** Parses a script; throws ShParseError on syntax this subset does not follow (or that sh would refuse). */
export function parseScript(text: string): List {
  const p = new Parser(lex(text));
  const list = p.list(new Set());
  if (!p.end()) throw new ShParseError('trailing tokens');
  return list;
}
