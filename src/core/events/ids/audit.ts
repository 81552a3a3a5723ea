// Event ids emitted by `portcullis audit`. Add ids here and document them in docs/EVENTS.md.
export const AUDIT_EVENTS = [
  'audit.run.started',
  'audit.run.finished',
] as const;
