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
    '`wget -qO- URL | bash`, `sh -c "$(curl -fsSL URL)"`, `bash <(curl URL)`, including inside decoded payloads. ' +
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
    return hits;
  },
};
