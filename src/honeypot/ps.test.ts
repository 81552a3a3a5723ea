import { describe, expect, it } from 'vitest';
import { emulateTop, parsePsArgs, type PsProcess } from './ps.js';

const p: PsProcess = { pid: 4242, ppid: 4221, user: 'root', uid: 0, group: 'root', gid: 0, started: new Date('2026-11-29T07:08:32Z'), args: 'sleep 300', tty: false };
const now = new Date('2026-11-29T07:10:00Z');

describe('emulateTop', () => {
  it('defaults to -ef and names the user in its UID column', () => {
    expect(emulateTop('', [p], now)).toEqual({ ok: true, titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'],
      processes: [['root', '4242', '4221', '0', '07:08', '?', '00:00:00', 'sleep 300']] });
  });

  it('renders -o lists with their headers, and reads the text back as dockerd does (the last column takes the rest)', () => {
    expect(emulateTop('-o pid,comm=', [p], now)).toEqual({ ok: true, titles: ['PID'], processes: [['4242 sleep']] });
    expect(emulateTop('-o pid,etime', [p], now)).toEqual({ ok: true, titles: ['PID', 'ELAPSED'], processes: [['4242', '01:28']] });
    expect(emulateTop('aux', [p], now)).toMatchObject({ ok: true, titles: ['USER', 'PID', '%CPU', '%MEM', 'VSZ', 'RSS', 'TTY', 'STAT', 'START', 'TIME', 'COMMAND'] });
  });

  it('refuses in procps\'s and dockerd\'s words', () => {
    expect(emulateTop('-o comm', [p], now)).toEqual({ ok: false, error: 'Couldn\'t find PID field in ps output' });
    expect(emulateTop('zz', [p], now)).toEqual({ ok: false, error: 'ps: error: unsupported option (BSD syntax)' });
    expect(emulateTop('-o pid,zz', [p], now)).toEqual({ ok: false, error: 'ps: error: unknown user-defined format specifier "zz"' });
    expect(emulateTop('-ef -o user=PID', [p], now)).toEqual({ ok: false, error: 'specifying "user=PID" is not allowed' });
  });

  it('selections: the container\'s process when it matches, the host\'s (filtered out) for low pids and daemons, else exit 1', () => {
    expect(emulateTop('-C sleep', [p], now)).toMatchObject({ ok: true, processes: [['4242', '?', '00:00:00', 'sleep']] });
    expect(emulateTop('-p 1', [p], now)).toMatchObject({ ok: true, processes: null });
    expect(emulateTop('-C nginx', [p], now)).toEqual({ ok: false, error: 'ps: exit status 1' });
  });
});

describe('parsePsArgs', () => {
  it('-o items split on commas until a header, which runs to the end of its argument', () => {
    expect(parsePsArgs('-o pid=A,B,comm')).toMatchObject({ columns: [['pid', 'A,B,comm']] });
    expect(parsePsArgs('-opid,comm')).toMatchObject({ columns: [['pid', 'PID'], ['comm', 'COMMAND']] });
  });
});
