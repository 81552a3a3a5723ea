// The trap's inert shell follows sh's control flow as the real lab dockerd's busybox sh does (issue 7): `&&`,
// `||`, `!`, `if`/`elif`/`else`, `case`, `for`, `test`/`[`, `$(…)`/backticks, `command -v`/`which`, compared through
// the real docker CLI (exec, run, stdin scripts). Each run names only its own `pcl-trapsh-` objects.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerAsync, labFromEnv } from '../../lab/index.js';
import { startTestTrap, type TestTrap } from './helpers.js';

let t: TestTrap;
const P = `pcl-trapsh-${process.pid}`;
const RUN = `${P}-run`;
const config = mkdtempSync(join(tmpdir(), 'pcl-trapsh-'));
const lab = { DOCKER_HOST: `unix://${labFromEnv().socketPath}`, DOCKER_CONFIG: config };
let trap: Record<string, string>;

type Outcome = { code: number; stdout: string; stderr: string };

/** The same CLI command on both sides: exit code, stdout and stderr must agree. */
async function same(args: string[], input?: string): Promise<Outcome> {
  const [a, b] = await Promise.all([dockerAsync(lab, args, input), dockerAsync(trap, args, input)]);
  const pick = (r: Outcome): Outcome => ({ code: r.code, stdout: r.stdout, stderr: r.stderr });
  expect(pick(b), `docker ${args.join(' ')}`).toEqual(pick(a));
  return pick(b);
}
const sh = (script: string) => same(['exec', RUN, 'sh', '-c', script]);

beforeAll(async () => {
  t = await startTestTrap({ engine: { version: '20.10.24' }, decoys: { images: [{ ref: 'busybox:latest' }], containers: [] } });
  trap = { DOCKER_HOST: `tcp://127.0.0.1:${t.port}`, DOCKER_CONFIG: config };
  for (const env of [lab, trap]) {
    const r = await dockerAsync(env, ['run', '-d', '--name', RUN, '--network', 'none', 'busybox', 'sleep', '1000']);
    expect(r.code, r.stderr).toBe(0);
  }
});

afterAll(async () => {
  for (const env of [lab, trap]) await dockerAsync(env, ['rm', '-f', RUN]);
  expect(t.warnings).toEqual([]);
  await t.close();
});

describe('trap vs real dockerd 20.10: the inert shell follows sh', () => {
  it('&&, || and ! run only the branch sh runs, and set the exit status', async () => {
    expect((await sh('false && echo x; true && echo y; false || echo z; ! false && echo neg; true || echo never')).stdout).toBe('y\nz\nneg\n');
    expect((await sh('false && exit 7; echo reached')).code).toBe(0);
    expect((await sh('echo a && false')).code).toBe(1);
  });

  it('if / elif / else / fi and case take one branch (the /.dockerenv check, uid checks)', async () => {
    expect((await sh('if [ -f /.dockerenv ]; then echo docker; elif true; then echo no; else echo never; fi')).stdout).toBe('docker\n');
    expect((await sh('if [ -d /nope ]; then echo a; elif [ -e /nope ]; then echo b; else echo c; fi')).stdout).toBe('c\n');
    expect((await sh('case $(id -u) in 0) echo root;; *) echo user;; esac; case abc in x*|a?c) echo glob;; esac')).stdout).toBe('root\nglob\n');
    await sh('for i in a b; do echo $i; done; while false; do echo never; done; echo w$?');
  });

  it('test / [ read the container\'s files and compare numbers and strings, with sh\'s complaints', async () => {
    expect((await sh('test -f /nope || echo missing; [ -d /etc ] && echo d; [ -s /etc/passwd ] && echo s; [ -x /bin/sh ] && echo x')).stdout)
      .toBe('missing\nd\ns\nx\n');
    await sh('[ -z "" ] && echo z; [ -n "" ] || echo n; [ 3 -lt 5 ] && echo lt; [ 3 -gt 5 ]; echo $?; [ a != b ] && echo ne; [ 1 -eq 1 -a 2 -ne 3 ] && echo and');
    const r = await sh('[ 1 -lt x ]; echo $?; [ a = ]; echo $?; [ -f /etc/passwd ; echo $?');
    expect(r.stdout).toBe('2\n2\n2\n');
  });

  it('$(…) and backticks substitute the emulated output of the inner commands', async () => {
    expect((await sh('[ "$(id -u)" = 0 ] && echo root; echo $(id -u) `hostname | wc -c`')).stdout).toBe('root\n0 13\n');
    expect((await sh('x=$(echo hi); echo "$x"; echo $(cd /tmp; pwd); pwd; x=$(false); echo $?')).stdout).toBe('hi\n/tmp\n/\n1\n');
  });

  it('command -v and which find the image\'s tools, never a miner', async () => {
    const r = await sh('command -v xmrig || echo no-miner; command -v wget >/dev/null && echo have-wget; which xmrig; echo $?; which wget >/dev/null && echo w');
    expect(r.stdout).toBe('no-miner\nhave-wget\n1\nw\n');
  });

  it('runs and stdin scripts follow the same flow; a piped base64 script runs', async () => {
    expect((await same(['run', '--rm', '--network', 'none', 'busybox', 'sh', '-c', 'id -u >/dev/null && echo ok || echo ko; exit 3'])).code).toBe(3);
    const script = 'if [ "$(id -u)" -eq 0 ]; then\n  echo root\nelse\n  echo user\nfi\ncommand -v curl || echo no-curl\n';
    expect((await same(['exec', '-i', RUN, 'sh'], script)).stdout).toBe('root\nno-curl\n');
    const b64 = Buffer.from('false && echo bad; echo good').toString('base64');
    expect((await sh(`echo ${b64} | base64 -d | sh`)).stdout).toBe('good\n');
  });
});
