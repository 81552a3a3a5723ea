// PCL-TTP-010: command and control over Tor (.onion, socks5h, torsocks) or tunnels (ngrok).
import { cmdEvidence, isScriptCarrier } from '../helpers.js';
import { isDownload } from '../downloads.js';
import { isMinerCommand } from '../indicators/miner-args.js';
import { progName } from '../shell/split.js';
import type { DetectionRule, RuleHit } from '../types.js';

const TOOLS = new Set(['tor', 'torsocks', 'torify', 'proxychains', 'proxychains4', 'ngrok', 'obfs4proxy']);

export const anonymisedC2: DetectionRule = {
  id: 'PCL-TTP-010',
  title: 'Tor or tunnel used for command and control',
  severity: 'high',
  area: 'tactic',
  description: 'A command uses a .onion host, a socks5h:// proxy, --socks5-hostname, Tor tooling (tor, torsocks, ' +
    'proxychains) or ngrok. High when it fetches code or feeds a miner, medium otherwise (Tor has legitimate uses).',
  remediation: 'Block Tor and tunnel egress for containers; remove the container and keep the onion/ngrok hosts as indicators.',
  attack: ['T1090.003', 'T1572'],
  appliesTo: ['container', 'exec', 'process'],
  check(a) {
    const hits: RuleHit[] = [];
    for (const c of a.commands) {
      if (isScriptCarrier(c)) continue;
      const p = progName(c.argv[0]);
      const text = c.argv.join(' ');
      const onion = /[a-z2-7]{16,56}\.onion\b/i.test(text);
      const socks = /socks5h:\/\/|--socks5-hostname|--proxy\s+socks/i.test(text);
      const ngrok = /\bngrok(?:-free)?\.(?:io|app|dev)\b/i.test(text);
      if (!onion && !socks && !ngrok && !TOOLS.has(p)) continue;
      const severe = isDownload(c) || isMinerCommand(c.argv) || c.wrappers.some((w) => TOOLS.has(w)) || (TOOLS.has(p) && c.argv.slice(1).some((x) => /^(?:curl|wget)$/.test(x)));
      const what = onion ? 'a Tor hidden service' : socks ? 'a Tor SOCKS proxy' : ngrok ? 'an ngrok tunnel' : p;
      hits.push({ severity: severe ? 'high' : 'medium', message: `uses ${what}${severe ? ' to fetch code or mine' : ''}`, evidence: [cmdEvidence(c)] });
    }
    return hits;
  },
};
