// Docker clients set up to talk to an engine over TCP without TLS: DOCKER_HOST in /etc/environment, profile scripts
// and shell rc files, and docker contexts (~/.docker/contexts/meta/*/meta.json) with a tcp:// endpoint and no TLS
// material or SkipTLSVerify. Such a setup means some engine serves plaintext TCP, and its traffic can be read.
import type { Evidence } from '../report/finding.js';
import type { HostFacts } from './facts.js';
import type { FindingSet } from './finding-set.js';
import { parseDaemonHost } from './hosts.js';
import { parseEnvFile } from './parse-env-file.js';

/** Files where a login environment sets variables, as regexes over in-root paths. */
export const CLIENT_ENV_FILES = [/^\/etc\/environment$/, /^\/etc\/profile$/, /^\/etc\/profile\.d\/[^/]+\.sh$/, /^\/etc\/bash\.bashrc$/,
  /^\/etc\/bashrc$/, /^\/etc\/zsh\/zshenv$/, /\/\.(bashrc|profile|bash_profile|zshrc|zshenv|pam_environment)$/];

function tcpHost(v: string): ReturnType<typeof parseDaemonHost> | undefined {
  if (!/^tcp:\/\//.test(v.trim())) return undefined;
  const h = parseDaemonHost(v, false);
  return h.proto === 'tcp' ? h : undefined;
}

function report(set: FindingSet, url: string, how: string, evidence: Evidence[], skipVerify = false): void {
  const h = tcpHost(url);
  if (!h) return;
  const target = `tcp://${h.key}`;
  set.add('PCL-EXP-011', target,
    `${how} points Docker clients at ${url} ${skipVerify ? 'with TLS but without verifying the server' : 'without TLS'}: that engine serves the API on TCP${skipVerify ? '' : ' in plaintext'}, and whoever is on the path can read or take over the session.`,
    evidence, { severity: h.loopback ? 'medium' : 'high' });
}

/** DOCKER_HOST=tcp://... in environment and profile files, unless DOCKER_TLS_VERIFY is set in the same file. */
function envFiles(facts: HostFacts, set: FindingSet): void {
  for (const f of Object.values(facts.files)) {
    if (f.content === undefined || !CLIENT_ENV_FILES.some((re) => re.test(f.path))) continue;
    const vars = parseEnvFile(f.content.replace(/^\s*(export|setenv)\s+/gm, ''));
    const verify = vars.find((a) => a.name === 'DOCKER_TLS_VERIFY' && a.value !== '' && a.value !== '0');
    const tls = vars.find((a) => a.name === 'DOCKER_TLS' && a.value !== '' && a.value !== '0');
    for (const a of vars.filter((x) => x.name === 'DOCKER_HOST')) {
      if (verify) continue;
      report(set, a.value, f.path, [{ kind: 'file', location: f.path, line: a.line, value: `DOCKER_HOST=${a.value}` },
        ...(tls ? [{ kind: 'file' as const, location: f.path, line: tls.line, value: `DOCKER_TLS=${tls.value} without DOCKER_TLS_VERIFY` }] : [])], !!tls);
    }
  }
}

/** docker contexts: Endpoints.docker.Host tcp:// with SkipTLSVerify, or with no TLS files stored for the context. */
function contexts(facts: HostFacts, set: FindingSet): void {
  for (const f of Object.values(facts.files)) {
    const m = /^(.*\/\.docker)\/contexts\/meta\/([^/]+)\/meta\.json$/.exec(f.path);
    if (!m || f.content === undefined) continue;
    let doc: { Name?: string; Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } };
    try { doc = JSON.parse(f.content); } catch { continue; }
    const ep = doc.Endpoints?.docker;
    if (!ep?.Host || !tcpHost(ep.Host)) continue;
    const line = f.content.split('\n').findIndex((l) => l.includes('"Host"')) + 1 || 1;
    const tlsDir = facts.files[`${m[1]}/contexts/tls/${m[2]}/docker`]?.stat;
    if (tlsDir && !ep.SkipTLSVerify) continue;
    report(set, ep.Host, `docker context "${doc.Name ?? m[2]}"`,
      [{ kind: 'file', location: f.path, line, value: `"Host": "${ep.Host}"${ep.SkipTLSVerify ? ', "SkipTLSVerify": true' : ', no TLS files in contexts/tls'}` }],
      !!ep.SkipTLSVerify && !!tlsDir);
  }
}

export function checkClientEnv(facts: HostFacts, set: FindingSet): void {
  envFiles(facts, set);
  contexts(facts, set);
}
