// `test` / `[` of the inert shell, as busybox ash evaluates it (POSIX argument-count rules, `!`, `-a`, `-o`,
// parentheses), against the emulated files: status 0 true, 1 false, 2 with busybox's complaint on stderr.

export interface TestFiles {
  /** What is at `path`: a directory, a file of `size` bytes, or undefined when missing. */
  readonly info: (path: string) => { readonly dir: boolean; readonly size: number } | undefined;
  readonly executable: (path: string) => boolean;
  /** The process has a terminal (`-t 0`, `-t 1`). */
  readonly tty: boolean;
}

export interface TestResult { readonly status: 0 | 1 | 2; readonly err: string }

class TestError extends Error {}

const UNARY = new Set(['-e', '-f', '-d', '-s', '-x', '-r', '-w', '-h', '-L', '-z', '-n', '-t', '-b', '-c', '-p', '-S', '-g', '-u', '-k', '-O', '-G']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-gt', '-le', '-ge', '-nt', '-ot', '-ef']);

function num(s: string): number {
  if (!/^\s*[-+]?\d+\s*$/.test(s)) throw new TestError(`${s}: bad number`);
  return Number.parseInt(s, 10);
}

function unary(op: string, a: string, f: TestFiles): boolean {
  switch (op) {
    case '-z': return a === '';
    case '-n': return a !== '';
    case '-t': return f.tty && (a === '0' || a === '1' || a === '2');
    case '-e': case '-r': case '-w': return f.info(a) !== undefined;
    case '-f': return f.info(a)?.dir === false;
    case '-d': return f.info(a)?.dir === true;
    case '-s': return (f.info(a)?.size ?? 0) > 0;
    case '-x': return f.info(a)?.dir === true || f.executable(a);
    default: return false;
  }
}

function binary(a: string, op: string, b: string): boolean {
  switch (op) {
    case '=': case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '>': return a > b;
    case '-eq': return num(a) === num(b);
    case '-ne': return num(a) !== num(b);
    case '-lt': return num(a) < num(b);
    case '-gt': return num(a) > num(b);
    case '-le': return num(a) <= num(b);
    case '-ge': return num(a) >= num(b);
    default: return false;
  }
}

/** Recursive descent over the arguments once the short forms do not apply. */
class Expr {
  private i = 0;
  constructor(private readonly a: readonly string[], private readonly f: TestFiles) {}
  private left(): number { return this.a.length - this.i; }
  run(): boolean {
    const v = this.or();
    if (this.i < this.a.length) throw new TestError(`${this.a[this.i]}: unknown operand`);
    return v;
  }
  private or(): boolean {
    let v = this.and();
    while (this.a[this.i] === '-o') { this.i++; const r = this.and(); v = v || r; }
    return v;
  }
  private and(): boolean {
    let v = this.not();
    while (this.a[this.i] === '-a') { this.i++; const r = this.not(); v = v && r; }
    return v;
  }
  private not(): boolean {
    if (this.a[this.i] === '!' && this.left() > 1) { this.i++; return !this.not(); }
    return this.primary();
  }
  private primary(): boolean {
    const x = this.a[this.i];
    if (x === undefined) throw new TestError('argument expected');
    if (x === '(' && this.left() > 1) {
      this.i++;
      const v = this.or();
      if (this.a[this.i] !== ')') throw new TestError('closing paren expected');
      this.i++;
      return v;
    }
    const op = this.a[this.i + 1];
    if (op !== undefined && BINARY.has(op)) {
      const b = this.a[this.i + 2];
      if (b === undefined) throw new TestError(`${op}: argument expected`);
      this.i += 3;
      return binary(x, op, b);
    }
    if (UNARY.has(x)) {
      if (op === undefined) { this.i++; return true; }
      this.i += 2;
      return unary(x, op, this.f);
    }
    this.i++;
    return x !== '';
  }
}

function evaluate(a: readonly string[], f: TestFiles): boolean {
  if (a.length === 0) return false;
  if (a.length === 1) return a[0] !== '';
  if (a.length === 2) {
    if (a[0] === '!') return a[1] === '';
    if (UNARY.has(a[0] as string)) return unary(a[0] as string, a[1] as string, f);
    throw new TestError(`${a[1]}: argument expected`);
  }
  if (a.length === 3 && BINARY.has(a[1] as string)) return binary(a[0] as string, a[1] as string, a[2] as string);
  if (a.length === 3 && a[0] === '!') return !evaluate(a.slice(1), f);
  return new Expr(a, f).run();
}

/** `test ARGS` or `[ ARGS ]` (`bracket`: the last argument must be `]`). */
export function shTest(args: readonly string[], bracket: boolean, f: TestFiles): TestResult {
  if (bracket) {
    if (args.at(-1) !== ']') return { status: 2, err: 'sh: missing ]\n' };
    args = args.slice(0, -1);
  }
  try {
    return { status: evaluate(args, f) ? 0 : 1, err: '' };
  } catch (e) {
    if (e instanceof TestError) return { status: 2, err: `sh: ${e.message}\n` };
    throw e;
  }
}
