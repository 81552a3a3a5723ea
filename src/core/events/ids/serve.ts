// Event ids emitted by `portcullis serve`. Add ids here and document them in docs/EVENTS.md.
export const SERVE_EVENTS = [
  'serve.login.succeeded',
  'serve.login.failed',
] as const;
