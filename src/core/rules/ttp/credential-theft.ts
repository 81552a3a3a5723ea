// PCL-TTP-009: credential hunting — cloud keys, instance metadata, Docker registry auth, SSH private keys.
import { cmdEvidence, isScriptCarrier, words, writesOf } from '../helpers.js';
import type { DetectionRule, RuleHit } from '../types.js';

const TARGETS: readonly { re: RegExp; what: string; attack: string }[] = [
  { re: /\.aws\/(?:credentials|config)\b/, what: 'AWS credentials', attack: 'T1552.001' },
  { re: /169\.254\.169\.254|metadata\.google\.internal|100\.100\.100\.200|fd00:ec2::254/, what: 'the cloud instance metadata service', attack: 'T1552.005' },
  { re: /\.docker\/config\.json\b/, what: 'Docker registry credentials', attack: 'T1552.001' },
  { re: /\.ssh\/id_(?:rsa|dsa|ecdsa|ed25519)\b|\.ssh\/known_hosts\b/, what: 'SSH private keys or known hosts', attack: 'T1552.004' },
  { re: /\.kube\/config\b|\/var\/run\/secrets\/kubernetes\.io/, what: 'Kubernetes credentials', attack: 'T1552.001' },
  { re: /\.git-credentials\b|\.netrc\b|\.pgpass\b|\.s3cfg\b|\.boto\b|\.azure\/|gcloud\/credentials/, what: 'stored credentials', attack: 'T1552.001' },
];

export const credentialTheft: DetectionRule = {
  id: 'PCL-TTP-009',
  title: 'Credential files or instance metadata read',
  severity: 'high',
  area: 'tactic',
  description: 'A command reads or sends ~/.aws/credentials, the instance metadata service (169.254.169.254), ' +
    '~/.docker/config.json, SSH private keys, kubeconfig or other stored credentials (TeamTNT, Commando Cat). Writing ' +
    'such a file (setting up a client) does not match.',
  remediation: 'Rotate the exposed credentials (cloud keys, registry tokens, SSH keys), then remove the container.',
  attack: ['T1552.001', 'T1552.005'],
  appliesTo: ['container', 'exec', 'process'],
  check(a) {
    const hits: RuleHit[] = [];
    for (const c of a.commands) {
      if (isScriptCarrier(c)) continue;
      const written = new Set(writesOf(c));
      const text = [...c.argv.filter((w) => !written.has(w)), ...c.redirects.filter((r) => !written.has(r.target)).map((r) => r.target)].join(' ');
      const t = TARGETS.find((x) => x.re.test(text));
      if (t) hits.push({ message: `reaches for ${t.what}`, evidence: [cmdEvidence(c, words(c).slice(0, 300))] });
    }
    return hits;
  },
};
