// Event ids emitted by `portcullis watch`. Add ids here and document them in docs/EVENTS.md.
export const WATCH_EVENTS = [
  'watch.run.started',
  'watch.run.finished',
  'watch.alert.raised',
  'watch.response.taken',
  'watch.response.failed',
  'watch.stream.resumed',
] as const;
