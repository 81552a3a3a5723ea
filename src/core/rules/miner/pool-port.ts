// PCL-MIN-009: a connection target on a mining-pool port. Weak alone (web and dev servers use 3333, 8888 ...):
// raised high only when another miner signal is present, low otherwise.
import { MINER_PORTS } from '../knowledge/miners.js';
import { cmdEvidence, livePoolConnections, LOCAL_HOST, otherMinerSignal } from '../helpers.js';
import { progName } from '../shell/split.js';
import type { DetectionRule, RuleHit } from '../types.js';



export const poolPort: DetectionRule = {
  id: 'PCL-MIN-009',
  title: 'Connection target on a mining-pool port',
  severity: 'high',
  area: 'miner',
  description: 'A command connects to host:port (URL, -o/--url, nc/telnet) where the port is a common pool port ' +
    '(3333, 4444, 5555, 7777, 14444, ...). Alone this is low: dev servers listen on 3333 too. It is high only with ' +
    'another miner signal (miner binary or options, stratum, pool host, wallet). Listening ports (--port 3333) never match.',
  remediation: 'Check what the process talks to on that port; block pool ports at egress where no service needs them.',
  attack: ['T1496'],
  appliesTo: ['container', 'exec', 'process'],
  check(a) {
    const targets: { c: (typeof a.commands)[number]; t: string }[] = [];
    for (const c of a.commands) {
      const p = progName(c.argv[0]);
      for (let k = 1; k < c.argv.length; k++) {
        const w = c.argv[k] as string;
        const m = /^(?:[a-z0-9+]+:\/\/)?(?:[^@/\s]*@)?(\[[0-9a-f:]+\]|[a-z0-9.-]+\.[a-z0-9-]+):(\d{2,5})(?:\/|$)/i.exec(w.replace(/^--?[\w-]+=/, ''));
        if (m && MINER_PORTS.has(Number(m[2])) && !LOCAL_HOST.test(m[1] as string)) targets.push({ c, t: `${m[1]}:${m[2]}` });
      }
      if ((p === 'nc' || p === 'ncat' || p === 'netcat' || p === 'telnet') && c.argv.length >= 3) {
        const host = c.argv[c.argv.length - 2] as string;
        const port = Number(c.argv[c.argv.length - 1]);
        if (MINER_PORTS.has(port) && !LOCAL_HOST.test(host)) targets.push({ c, t: `${host}:${port}` });
      }
    }
    // Live connections (watcher, /proc): what the container really talks to, whatever its command line says.
    const live = livePoolConnections(a);
    if (targets.length === 0 && live.length === 0) return [];
    const strong = otherMinerSignal(a);
    const note = strong ? ', next to other miner evidence' : '';
    const hits: RuleHit[] = targets.slice(0, 5).map(({ c, t }) => ({
      severity: strong ? 'high' : 'low',
      message: `connects to ${t}, a common mining-pool port${note}`,
      evidence: [cmdEvidence(c, t)] }));
    for (const c of live.slice(0, 5)) {
      hits.push({ severity: strong ? 'high' : 'low', message: `has a live connection to ${c.remote}, a common mining-pool port${note}`,
        evidence: [{ kind: 'process', location: 'connections', value: c.remote }] });
    }
    return hits;
  },
};
