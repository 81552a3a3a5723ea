// `GET /containers/{id}/top?ps_args=...`: dockerd runs the host's procps `ps` with the caller's arguments and
// parses its text. The trap reads the arguments as procps does (format presets, -o lists with headers, BSD and
// SysV options, procps's first error line), renders the emulated processes as ps would print them, then parses
// that text exactly as dockerd does, so odd arguments give dockerd's odd answers instead of a canned table.

export interface PsProcess {
  readonly pid: number;
  readonly ppid: number;
  readonly user: string;
  readonly uid: number;
  readonly group: string;
  readonly gid: number;
  readonly started: Date;
  /** Full argv, as `args` shows it. */
  readonly args: string;
  readonly tty: boolean;
}

export type TopResult = { ok: true; titles: string[]; processes: string[][] | null } | { ok: false; error: string };

const hhmm = (d: Date): string => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
const hhmmss = (d: Date): string => `${hhmm(d)}:${String(d.getUTCSeconds()).padStart(2, '0')}`;

/** procps format specifiers: default header, and the value for one emulated process. */
const SPECS: Record<string, readonly [string, (p: PsProcess, now: Date) => string]> = {};
function spec(names: string, header: string, value: (p: PsProcess, now: Date) => string): void {
  for (const n of names.split(' ')) SPECS[n] = [header, value];
}
const comm = (p: PsProcess): string => (p.args.split(' ')[0]?.split('/').pop() ?? '').slice(0, 15);
spec('pid tgid', 'PID', (p) => String(p.pid));
spec('ppid', 'PPID', (p) => String(p.ppid));
spec('pgid pgrp', 'PGID', (p) => String(p.pid));
spec('sid sess session', 'SID', (p) => String(p.pid));
spec('spid', 'SPID', (p) => String(p.pid));
spec('lwp', 'LWP', (p) => String(p.pid));
spec('tid', 'TID', (p) => String(p.pid));
spec('user euser uname', 'USER', (p) => p.user);
spec('ruser', 'RUSER', (p) => p.user);
spec('uid euid', 'UID', (p) => String(p.uid));
spec('ruid', 'RUID', (p) => String(p.uid));
spec('group egroup', 'GROUP', (p) => p.group);
spec('gid egid', 'GID', (p) => String(p.gid));
spec('comm ucmd ucomm', 'COMMAND', comm);
spec('args command', 'COMMAND', (p) => p.args);
spec('cmd', 'CMD', (p) => p.args);
spec('%cpu pcpu', '%CPU', () => '0.0');
spec('%mem pmem', '%MEM', () => '0.0');
spec('vsz vsize', 'VSZ', () => '2268');
spec('rss rssize', 'RSS', () => '1380');
spec('rsz', 'RSZ', () => '1380');
spec('sz', 'SZ', () => '567');
spec('tty tt tname', 'TT', (p) => (p.tty ? 'pts/0' : '?'));
spec('stat', 'STAT', (p) => (p.tty ? 'Ss+' : 'Ss'));
spec('s state', 'S', () => 'S');
spec('start', 'STARTED', (p) => hhmmss(p.started));
spec('stime start_time', 'STIME', (p) => hhmm(p.started));
spec('bsdstart', 'START', (p) => hhmm(p.started));
spec('lstart', 'STARTED', (p) => p.started.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 $4'));
spec('time cputime', 'TIME', () => '00:00:00');
spec('bsdtime', 'TIME', () => '0:00');
spec('etime', 'ELAPSED', (p, now) => {
  const s = Math.max(0, Math.floor((now.getTime() - p.started.getTime()) / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
});
spec('etimes', 'ELAPSED', (p, now) => String(Math.max(0, Math.floor((now.getTime() - p.started.getTime()) / 1000))));
spec('c', 'C', () => '0');
spec('pri', 'PRI', () => '80');
spec('ni nice', 'NI', () => '0');
spec('wchan', 'WCHAN', () => '-');
spec('psr', 'PSR', () => '0');
spec('nlwp', 'NLWP', () => '1');
spec('thcount', 'THCNT', () => '1');
spec('f flag flags', 'F', () => '4');
spec('label', 'LABEL', () => '-');
spec('addr', 'ADDR', () => '-');
spec('tpgid', 'TPGID', () => '-1');
spec('cls class policy', 'CLS', () => 'TS');

type Column = readonly [spec: string, header: string];
const cols = (names: string, overrides: Record<string, string> = {}): Column[] =>
  names.split(' ').map((n) => [n, overrides[n] ?? SPECS[n]?.[0] ?? n.toUpperCase()] as const);

// Presets as procps prints them (some columns take another header or the user name in UID).
const F_UID: Record<string, string> = { user: 'UID', tty: 'TTY', stime: 'STIME', args: 'CMD' };
const PRESETS = {
  default: cols('pid tty time comm', { tty: 'TTY', comm: 'CMD' }),
  f: cols('user pid ppid c stime tty time args', F_UID),
  F: cols('user pid ppid c sz rss psr stime tty time args', F_UID),
  l: cols('f s uid pid ppid c pri ni addr sz wchan tty time comm', { tty: 'TTY', comm: 'CMD' }),
  ly: cols('s uid pid ppid c pri ni rss sz wchan tty time comm', { tty: 'TTY', comm: 'CMD' }),
  j: cols('pid pgid sid tty time comm', { tty: 'TTY', comm: 'CMD' }),
  T: cols('pid spid tty time comm', { tty: 'TTY', comm: 'CMD' }),
  L: cols('pid lwp tty time comm', { tty: 'TTY', comm: 'CMD' }),
  Lf: cols('user pid ppid lwp c nlwp stime tty time args', F_UID),
  bsdU: cols('user pid %cpu %mem vsz rss tty stat bsdstart bsdtime args', { tty: 'TTY', bsdstart: 'START', args: 'COMMAND' }),
  bsd: cols('pid tty stat bsdtime args', { tty: 'TTY' }),
  bsdJ: cols('ppid pid pgid sid tty tpgid stat uid bsdtime args', { tty: 'TTY' }),
  bsdL: cols('f uid pid ppid pri ni vsz rss wchan stat tty bsdtime args', { tty: 'TTY' }),
} as const;

const SYSV_FLAGS = new Set('AaCcdeFfGgHjLlMmNnOopqrsTtUuVwXxyZ'.split(''));
const BSD_FLAGS = new Set('aceFfhjLlmMnOoprSsTtUuvVwXxZ'.split(''));
const TAKES_ARG_SYSV = new Set('CGgNOopqstUu'.split(''));
/** Long options that select processes the container's never are (sort only orders). */
const SELECTS = new Set(['ppid', 'sid', 'tty', 'group', 'Group', 'sort']);

/** An `-o` list: `name[=header]` items split on commas (a header runs to the end of its argument). */
function formatList(arg: string): Column[] | string {
  const out: Column[] = [];
  let rest = arg;
  while (rest !== '') {
    const eq = rest.indexOf('=');
    const comma = rest.indexOf(',');
    const item = comma >= 0 && (eq < 0 || comma < eq) ? rest.slice(0, comma) : rest;
    rest = item === rest ? '' : rest.slice(item.length + 1);
    const i = item.indexOf('=');
    const name = (i < 0 ? item : item.slice(0, i)).toLowerCase();
    for (const n of name.split(/\s+/).filter(Boolean)) {
      if (!SPECS[n]) return `error: unknown user-defined format specifier "${n}"`;
      out.push([n, i < 0 ? (SPECS[n]?.[0] ?? '') : item.slice(i + 1)]);
    }
  }
  return out;
}

/**
 * Process selection (procps lists everything that matches any of it): by pid, command name or user. What the
 * container's processes do not match may still match the host's (low pids, the daemons, root), which ps lists
 * and dockerd then filters out; a selection nothing matches makes ps exit 1.
 */
interface Selection { readonly pids: Set<number>; readonly names: Set<string>; readonly users: Set<string> }
const HOST_PROCESSES = new Set(['systemd', 'init', 'kthreadd', 'dockerd', 'containerd', 'containerd-shim', 'containerd-shim-runc-v2', 'sshd',
  'cron', 'rsyslogd', 'systemd-journal', 'systemd-logind', 'systemd-udevd', 'systemd-resolve', 'systemd-network', 'agetty', 'bash', 'ps']);
const hostMatches = (s: Selection): boolean => [...s.pids].some((p) => p >= 1 && p <= 300) || [...s.names].some((n) => HOST_PROCESSES.has(n)) || s.users.has('root') || s.users.has('0');
interface Parsed { readonly columns: Column[]; readonly selection?: Selection; readonly forest: boolean }

/** procps's reading of the arguments dockerd passes on (split on single spaces). */
export function parsePsArgs(psArgs: string): Parsed | string {
  const args = psArgs.split(' ');
  const formats: Column[] = [];
  let preset: keyof typeof PRESETS = 'default';
  let bsd = false;
  let selection: Selection | undefined;
  const select = (kind: 'pids' | 'names' | 'users' | 'none', v = ''): void => {
    selection ??= { pids: new Set(), names: new Set(), users: new Set() };
    for (const x of v.split(/[,\s]+/).filter(Boolean)) {
      if (kind === 'pids') selection.pids.add(Number(x));
      else if (kind === 'names') selection.names.add(x);
      else if (kind === 'users') selection.users.add(x);
    }
  };
  let forest = false;
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '') continue;
    if (a.startsWith('--')) {
      const [name = '', value] = a.slice(2).split('=', 2);
      if (name === 'format') {
        const v = value ?? args[++i];
        if (v === undefined || v === '') return 'error: format specification must follow --format';
        const l = formatList(v);
        if (typeof l === 'string') return l;
        formats.push(...l);
      } else if (name === 'pid' || name === 'quick-pid') select('pids', value ?? args[++i] ?? '');
      else if (SELECTS.has(name)) { if (name !== 'sort') select('none'); }
      else if (name === 'forest') forest = true;
      else if (!['forest', 'headers', 'no-headers', 'cols', 'columns', 'width', 'lines', 'rows', 'cumulative', 'deselect', 'context', 'info', 'version', 'help'].includes(name)) {
        return 'error: unknown gnu long option';
      }
      continue;
    }
    const sysv = a.startsWith('-');
    const letters = sysv ? a.slice(1) : a;
    for (let j = 0; j < letters.length; j++) {
      const ch = letters[j] ?? '';
      if (!(sysv ? SYSV_FLAGS : BSD_FLAGS).has(ch)) return sysv ? 'error: unsupported SysV option' : 'error: unsupported option (BSD syntax)';
      if (ch === 'o' || ch === 'O') {
        const inline = letters.slice(j + 1);
        const v = inline !== '' ? inline : args[++i];
        if (v === undefined || v === '') return `error: format specification must follow -${ch}`;
        const l = formatList(v);
        if (typeof l === 'string') return l;
        formats.push(...l);
        break;
      }
      if (sysv && TAKES_ARG_SYSV.has(ch)) {
        const v = letters.slice(j + 1) || args[++i];
        if (v === undefined || v === '') return ch === 'q' ? 'error: List of process IDs must follow -q.' : `error: list of ${ch === 'p' ? 'process IDs' : 'values'} must follow -${ch}`;
        if (ch === 't') return 'error: TTY could not be found';
        if (ch === 'p' || ch === 'q') select('pids', v);
        else if (ch === 'C') select('names', v);
        else if (ch === 'u' || ch === 'U') select('users', v);
        else if (ch === 's' || ch === 'G' || ch === 'g' || ch === 'N') select('none');
        break;
      }
      if (!sysv) bsd = true;
      if (!sysv && ch === 'f') forest = true;
      flags.add(`${sysv ? '-' : ''}${ch}`);
    }
  }
  if (flags.has('-x')) bsd = true;
  if (formats.length > 0) return { columns: formats, selection, forest };
  if (flags.has('-L') && (flags.has('-f') || flags.has('-F'))) preset = 'Lf';
  else if (flags.has('-l')) preset = flags.has('-y') ? 'ly' : 'l';
  else if (flags.has('-F')) preset = 'F';
  else if (flags.has('-f')) preset = 'f';
  else if (flags.has('-j')) preset = 'j';
  else if (flags.has('-T')) preset = 'T';
  else if (flags.has('-L')) preset = 'L';
  else if (flags.has('u')) preset = 'bsdU';
  else if (flags.has('j')) preset = 'bsdJ';
  else if (flags.has('l')) preset = 'bsdL';
  else if (bsd) preset = 'bsd';
  const label = flags.has('-M') || flags.has('-Z') || flags.has('Z') || flags.has('M');
  return { columns: label ? [['label', 'LABEL'], ...PRESETS[preset]] : [...PRESETS[preset]], selection, forest };
}

/** dockerd's fieldsASCII: split on ASCII whitespace only. */
const fieldsAscii = (s: string): string[] => s.split(/[ \t\n\v\f\r]+/).filter(Boolean);

/** The top answer dockerd would give for these processes and arguments ("" means dockerd's default, -ef). */
export function emulateTop(psArgs: string, processes: readonly PsProcess[], now: Date): TopResult {
  const re = /\s+([^\s]*)=\s*(PID[^\s]*)/g;
  for (const m of (psArgs || '-ef').matchAll(re)) {
    if (m[1] !== 'pid') return { ok: false, error: `specifying "${m[1] ?? ''}=${m[2] ?? ''}" is not allowed` };
  }
  const parsed = parsePsArgs(psArgs || '-ef');
  if (typeof parsed === 'string') return { ok: false, error: `ps: ${parsed}` };
  // ps's text, then dockerd's reading of it: titles split on whitespace, the last column takes the rest.
  const header = parsed.columns.map(([, h]) => h).join(' ');
  // A forest draws the process as a child of the (unlisted) shim.
  const value = (n: string, p: PsProcess): string => {
    const v = SPECS[n]?.[1](p, now) ?? '-';
    return parsed.forest && ['comm', 'ucmd', 'ucomm', 'args', 'command', 'cmd'].includes(n) ? `\\_ ${v}` : v;
  };
  const sel = parsed.selection;
  const selected = (p: PsProcess): boolean => !sel || sel.pids.has(p.pid) || sel.names.has(comm(p)) || sel.users.has(p.user) || sel.users.has(String(p.uid));
  const listed = processes.filter(selected);
  if (sel && listed.length === 0 && !hostMatches(sel)) return { ok: false, error: 'ps: exit status 1' };
  const rows = listed.map((p) => parsed.columns.map(([n]) => value(n, p)).join(' '));
  const titles = fieldsAscii(header);
  const pidIndex = titles.indexOf('PID');
  if (pidIndex < 0) return { ok: false, error: 'Couldn\'t find PID field in ps output' };
  const out: string[][] = [];
  for (const line of rows) {
    const f = fieldsAscii(line);
    out.push([...f.slice(0, titles.length - 1), f.slice(titles.length - 1).join(' ')]);
  }
  return { ok: true, titles, processes: out.length > 0 ? out : null };
}
