// Miner executables under their release names (PCL-MIN-001) and miner images (PCL-MIN-006), and what they are not.
import { describe, expect, it } from 'vitest';
import { detect } from '../detect.js';
import { MINER_BINARY_RE } from '../knowledge/miners.js';
import { judgeImage } from './miner-image.js';

describe('miner executables and images', () => {
  it('knows the common miners under their release names', () => {
    for (const n of ['xmrig', 'xmrig-6.21.0', 'xmrig-notls', 'xmrig-linux-static-x64', 'xmr-stak-rx', 'cpuminer-sse2', 'cpuminer-avx2',
      'cpuminer-gr', 'minerd', 'nbminer', 't-rex', 'lolminer', 'phoenixminer', 'srbminer-multi', 'ccminer', 'kdevtmpfsi',
      'nheqminer', 'bzminer', 'rigel', 'xmrig-proxy', 'xmrig.bin']) expect(MINER_BINARY_RE.test(n), n).toBe(true);
    for (const n of ['xmrigger', 'miner', 'mining-report', 'nginx', 'redis-server', 'trex', 'trexler', 'rigel-docs']) expect(MINER_BINARY_RE.test(n), n).toBe(false);
  });
  it('raises PCL-MIN-001 critical for running them whatever the case, nothing for mentions', () => {
    const sev = (cmd: string[]) => detect({ cmd }, { rules: ['PCL-MIN-001'] })[0]?.severity;
    expect(sev(['./lolMiner', '--algo', 'ETCHASH'])).toBe('critical');
    expect(sev(['/opt/SRBMiner-MULTI', '--disable-gpu'])).toBe('critical');
    expect(sev(['/tmp/cpuminer-sse2', '-a', 'yespower'])).toBe('critical');
    expect(sev(['sh', '-c', 'pkill -f xmrig; grep -c nbminer /proc/*/cmdline'])).toBeUndefined();
  });
  it('judges images named after miners critical, generic mining words low', () => {
    expect(judgeImage('servethehome/monero_cpu_minergate')?.severity).toBe('critical');
    expect(judgeImage('someone/t-rex:0.26')?.severity).toBe('critical');
    expect(judgeImage('lnxd/xmrig-proxy')?.severity).toBe('critical');
    expect(judgeImage('acme/data-mining-api')?.severity).toBe('low');
    expect(judgeImage('itzg/minecraft-server')).toBeUndefined();
  });
});
