// Event ids emitted by `portcullis guard`. Add ids here and document them in docs/EVENTS.md.
export const GUARD_EVENTS = [
  'guard.request.allowed',
  'guard.request.denied',
  'guard.auth.failed',
  'guard.upstream.failed',
  'guard.request.failed',
  'guard.config.reloaded',
  'guard.config.rejected',
  'guard.stream.closed',
] as const;
