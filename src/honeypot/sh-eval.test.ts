import { describe, expect, it } from 'vitest';
import { analyseWithCore } from './analysis.js';
import { parseTrapConfig } from './config.js';
import type { ProcessView } from './output.js';
import { emulateSource } from './sh-eval.js';
import { parseScript, ShParseError } from './sh-parse.js';
import { lookupCommands } from './sh-path.js';
import { shTest, type TestFiles } from './sh-test.js';
import { ROOT_USER } from './users.js';

const cfg = parseTrapConfig({});
const files: Record<string, string | null> = { '/': null, '/etc': null, '/tmp': null, '/.dockerenv': '', '/etc/passwd': 'root:x:0:0::/root:/bin/sh\n' };
const proc: ProcessView = {
  hostname: 'c0ffee123456', user: ROOT_USER, workdir: '/', env: ['PATH=/usr/bin:/bin', 'A=1'],
  fs: { read: (p) => files[p], list: () => undefined, hostMounts: ['/host'] },
};
const run = (argv: string[], view: ProcessView = proc) => emulateSource({ argv }, analyseWithCore({ cmd: argv }).commands, cfg, view);
const sh = (script: string) => run(['sh', '-c', script]);
const out = (script: string) => sh(script).stdout;

describe('emulateSource: control flow', () => {
  it('&&, ||, ; and ! take the branches sh takes', () => {
    expect(out('false && echo x; true && echo y; false || echo z; true || echo no; ! false && echo neg')).toBe('y\nz\nneg\n');
    expect(sh('false && echo x')).toEqual({ stdout: '', stderr: '', exitCode: 1 });
    expect(sh('false || false || echo third; echo $?').stdout).toBe('third\n0\n');
  });

  it('if / elif / else / fi, case, for, while, functions', () => {
    expect(out('if [ -f /.dockerenv ]; then echo docker; elif true; then echo no; else echo never; fi')).toBe('docker\n');
    expect(out('if false; then echo a; elif [ -d /nope ]; then echo b; else echo c; fi')).toBe('c\n');
    expect(out('case $(id -u) in 0) echo root;; *) echo user;; esac; case abc in x*|a?c) echo glob;; esac')).toBe('root\nglob\n');
    expect(out('for i in a b; do echo $i; done; while false; do echo never; done; echo w$?')).toBe('a\nb\nw0\n');
    expect(out('f() { echo in f $1; return 3; }; f z; echo $?')).toBe('in f z\n3\n');
    expect(sh('while true; do echo y; done').stdout.length).toBeLessThan(20_000);
  });

  it('$(…) and backticks print the emulated output of their commands, in a child shell', () => {
    expect(out('echo $(id -u) `hostname | wc -c`')).toBe('0 13\n');
    expect(out('[ "$(id -u)" = 0 ] && echo root')).toBe('root\n');
    expect(out('x=$(echo hi); echo "$x"; echo $(cd /tmp; pwd); pwd')).toBe('hi\n/tmp\n/\n');
    expect(out('x=$(false); echo $?; echo `echo a \\`echo b\\``')).toBe('1\na b\n');
    expect(out('echo $(exit 3); echo after')).toBe('\nafter\n');
  });

  it('test / [ against the emulated files, with busybox\'s complaints', () => {
    expect(out('[ -d /etc ] && echo d; [ -e /nope ] || echo none; [ -x /bin/sh ] && echo x; [ -s /etc/passwd ] && echo s; [ -s /.dockerenv ] || echo empty'))
      .toBe('d\nnone\nx\ns\nempty\n');
    expect(out('[ -z "" ] && echo z; [ -n a ] && echo n; [ 3 -lt 5 ] && echo lt; [ 3 -gt 5 ]; echo $?; test a != b && echo ne')).toBe('z\nn\nlt\n1\nne\n');
    expect(out('[ 1 -eq 1 -a 2 -ne 3 ] && echo and; [ ! -f /nope ] && echo bang; [ -f /host/etc/os-release ] && echo host')).toBe('and\nbang\nhost\n');
    expect(sh('[ 1 -lt x ]; echo $?; [ -f ]; echo $?; [ a = ]; echo $?; [ ; echo $?'))
      .toEqual({ stdout: '2\n0\n2\n2\n', stderr: 'sh: x: bad number\nsh: =: argument expected\nsh: missing ]\n', exitCode: 0 });
    expect(sh('[ -f /nope ] 2>/dev/null || [ 1 -lt x ] 2>/dev/null; echo $?')).toEqual({ stdout: '2\n', stderr: '', exitCode: 0 });
  });

  it('command -v, which and type find the image\'s tools, not a miner', () => {
    expect(out('command -v wget; command -v curl || echo no-curl; command -v xmrig; echo $?; which xmrig; echo $?; command -v cd')).toBe('/usr/bin/wget\nno-curl\n127\n1\ncd\n');
    expect(out('type ls; type echo; f() { :; }; command -v f; [ -x /usr/bin/wget ] && echo x')).toBe('ls is /bin/ls\necho is a shell builtin\nf\nx\n');
  });

  it('exit ends the shell but not a subshell or sh -c; pipes feed sh and base64', () => {
    expect(sh('echo a; (exit 4); echo $?; sh -c "exit 5"; echo $?; exit 6; echo b')).toEqual({ stdout: 'a\n4\n5\n', stderr: '', exitCode: 6 });
    expect(out(`echo ${Buffer.from('echo decoded; id -u').toString('base64')} | base64 -d | sh`)).toBe('decoded\n0\n');
    expect(out('sh <<EOF\necho here\nEOF')).toBe('here\n');
  });

  it('keeps what the flat walk did: environment, redirections, exec-form argv, stdin scripts', () => {
    expect(out('echo $A ${A}x $HOME; cd /etc; pwd; echo x > /tmp/f; echo b >&2; echo ok')).toBe('1 1x /root\n/etc\nok\n');
    expect(run(['printenv']).stdout).toBe('PATH=/usr/bin:/bin\nHOSTNAME=c0ffee123456\nA=1\nHOME=/root\n');
    expect(run(['echo', '$(id)']).stdout).toBe('$(id)\n');
    const s = 'id -u || echo no\nexit 5\n';
    expect(emulateSource({ script: s }, analyseWithCore({ script: s }).commands, cfg, proc)).toEqual({ stdout: '0\n', stderr: '', exitCode: 5 });
  });

  it('falls back to the flat walk when the parser does not follow the syntax', () => {
    expect(() => parseScript('if true; then echo a')).toThrow(ShParseError);
    expect(out('if true; then echo a')).toBe('a\n');
  });
});

describe('shTest and lookupCommands', () => {
  const f: TestFiles = { info: (p) => (p === '/d' ? { dir: true, size: 0 } : p === '/f' ? { dir: false, size: 3 } : undefined), executable: () => false, tty: false };
  it('follows POSIX argument counts and -a/-o/!/( )', () => {
    expect(shTest(['-f', '/f'], false, f).status).toBe(0);
    expect(shTest(['-f', '/d', '-o', '(', '-d', '/d', ')'], false, f).status).toBe(0);
    expect(shTest(['!', '-e', '/f', '-a', 'x'], false, f).status).toBe(1);
    expect(shTest(['-t', '1'], false, f).status).toBe(1);
    expect(shTest(['a', ']'], true, f).status).toBe(0);
  });
  it('command -v / which / type', () => {
    expect(lookupCommands('which', ['nc', 'python3'], () => false, new Set())).toEqual({ out: '/usr/bin/nc\n', status: 1 });
  });
});
