// PCL-TTP-002: download and run in one go: curl/wget output piped into sh/bash, `sh -c "$(curl ...)"`,
// `bash <(curl ...)`, also after decoding base64 & co. — the step every campaign takes.
import { cmdEvidence, hostPathOf, isSensitiveSource, pipelines } from '../helpers.js';
import { downloadOutput, isDownload } from '../downloads.js';
import { progName, SHELLS, type ShellCommand } from '../shell/split.js';
import type { Analysis, DetectionRule, RuleHit } from '../types.js';

const RUNNERS = new Set([...SHELLS, 'python', 'python2', 'python3', 'perl', 'ruby', 'php', 'node', 'eval', 'source', '.']);

/** An interpreter reading its program from stdin (no script operand, or -s). */
function readsStdin(c: ShellCommand): boolean {
  const p = progName(c.argv[0]);
  if (!RUNNERS.has(p)) return false;
  const ops = c.argv.slice(1).filter((x) => !x.startsWith('-'));
  return ops.length === 0 || c.argv.includes('-s') || c.argv.includes('-');
}

/** Inline-code flags of the interpreters droppers use instead of curl | sh. */
const INLINE: Readonly<Record<string, readonly string[]>> = {
  python: ['-c'], python2: ['-c'], python3: ['-c'], perl: ['-e', '-E'], ruby: ['-e'], php: ['-r'], node: ['-e', '--eval', '-p'],
};
const FETCH = /urlopen|urllib|requests\.get|http\.client|LWP::|HTTP::Tiny|get\(\s*["']https?:|Net::HTTP|open-uri|URI\.open|file_get_contents\s*\(\s*["']https?:|fopen\s*\(\s*["']https?:|curl_exec|https?\.get\s*\(|fetch\s*\(\s*["']https?:/;
const RUN = /\bexec\s*\(|\beval\s*\(|\bsystem\s*\(|os\.system|subprocess|\bFunction\s*\(|child_process|instance_eval|IO\.popen|passthru|shell_exec|`/;

/** Interpreter code given inline (`python3 -c "exec(urlopen(URL).read())"`) that fetches code and runs it. */
function inlineFetchRun(c: ShellCommand): string | undefined {
  const flags = INLINE[progName(c.argv[0])];
  if (!flags) return undefined;
  const i = c.argv.findIndex((w, k) => k > 0 && flags.includes(w));
  const code = i > 0 ? c.argv[i + 1] : undefined;
  return code !== undefined && FETCH.test(code) && RUN.test(code) ? progName(c.argv[0]) : undefined;
}

function onHost(a: Analysis, c: ShellCommand): boolean {
  if (!c.chroot) return false;
  const h = hostPathOf(a, c, '/');
  return !!h && !h.guessed && !!h.mount && isSensitiveSource(h.mount.source);
}

export const downloadPipeShell: DetectionRule = {
  id: 'PCL-TTP-002',
  title: 'Download piped into a shell',
  severity: 'high',
  area: 'tactic',
  description: 'curl or wget writes a download to stdout and a shell or interpreter runs it: `curl -s URL | sh`, ' +
    '`wget -qO- URL | bash`, `sh -c "$(curl -fsSL URL)"`, `bash <(curl URL)`, or an interpreter fetching and running code ' +
    'inline (`python3 -c "exec(urlopen(URL).read())"`, `perl -e`, `php -r`, `node -e`), including inside decoded payloads. ' +
    'Critical when it runs chrooted into the host. `curl -o file URL` without running it does not match.',
  remediation: 'Remove the container; block the download host; never run containers whose command fetches and runs code.',
  attack: ['T1105', 'T1059.004'],
  appliesTo: ['container', 'exec', 'process'],
  check(a) {
    const hits: RuleHit[] = [];
    const hit = (c: ShellCommand, how: string) => hits.push({
      severity: onHost(a, c) ? 'critical' : 'high',
      message: `${how}${c.decoded ? ' (inside a decoded payload)' : ''}${onHost(a, c) ? ', on the host through chroot' : ''}`,
      evidence: [cmdEvidence(c)] });
    for (const stages of pipelines(a)) {
      const i = stages.findIndex((c) => isDownload(c) && downloadOutput(c) === 'stdout');
      if (i < 0) continue;
      const runner = stages.slice(i + 1).find(readsStdin);
      if (runner) hit(stages[i] as ShellCommand, `pipes a download into ${progName(runner.argv[0])}`);
    }
    for (const c of a.commands) {
      if ((c.origin !== 'substitution' && c.origin !== 'process-substitution') || c.parent === undefined) continue;
      if (!isDownload(c) || downloadOutput(c) !== 'stdout') continue;
      const parent = a.commands[c.parent];
      if (!parent) continue;
      const p = progName(parent.argv[0]);
      const runs = RUNNERS.has(p) || /^(\$\(|`)/.test(parent.argv[0] ?? '');
      if (runs) hit(c, `runs a download through ${p || 'command substitution'}`);
    }
    for (const c of a.commands) {
      const lang = inlineFetchRun(c);
      if (lang) hit(c, `${lang} fetches code over the network and runs it inline`);
    }
    return hits;
  },
};
