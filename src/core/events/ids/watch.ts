// Event ids emitted by `portcullis watch`. Add ids here and document them in docs/EVENTS.md.
export const WATCH_EVENTS = [
  'watch.alert.raised',
] as const;
