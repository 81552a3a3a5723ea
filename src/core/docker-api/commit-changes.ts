// The `changes` of `POST /commit` (and image import) as dockerd 20.10 checks them: Dockerfile lines, only the
// instructions a commit may apply, each with its argument count, refused (400) in the builder's words.

const VALID = new Set(['cmd', 'entrypoint', 'healthcheck', 'env', 'expose', 'label', 'onbuild', 'user', 'volume', 'workdir']);
const AT_LEAST_ONE = new Set(['env', 'label', 'expose', 'volume', 'onbuild', 'healthcheck']);
const EXACTLY_ONE = new Set(['user', 'workdir']);

/**
 * The refusal dockerd gives for a list of `changes`, or undefined when each line is an instruction a commit
 * accepts with enough arguments.
 *
 * @example
 * commitChangesError(['RUN id']); // 'run is not a valid change command'
 */
export function commitChangesError(changes: readonly string[]): string | undefined {
  const lines = changes.join('\n').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const parsed = lines.map((l) => {
    const m = /^(\S+)\s*(.*)$/.exec(l);
    return { cmd: (m?.[1] ?? '').toLowerCase(), args: (m?.[2] ?? '').trim() };
  });
  for (const p of parsed) if (!VALID.has(p.cmd)) return `${p.cmd} is not a valid change command`;
  for (const p of parsed) {
    const name = p.cmd.toUpperCase();
    if (AT_LEAST_ONE.has(p.cmd) && p.args === '') return `${name} requires at least one argument`;
    if (EXACTLY_ONE.has(p.cmd) && p.args === '') return `${name} requires exactly one argument`;
  }
  return undefined;
}
