// Event ids emitted by `portcullis trap`. Add ids here and document them in docs/EVENTS.md.
export const TRAP_EVENTS = [
  'trap.session.opened',
  'trap.session.closed',
  'trap.request.received',
  'trap.image.pull_attempted',
  'trap.container.create_attempted',
  'trap.exec.create_attempted',
  'trap.archive.uploaded',
  'trap.command.observed',
  'trap.indicator.extracted',
  'trap.auth.attempted',
  'trap.build.attempted',
  'trap.image.load_attempted',
  'trap.swarm.join_attempted',
] as const;
