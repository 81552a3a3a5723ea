// Event ids emitted by `portcullis scan`. Add ids here and document them in docs/EVENTS.md.
export const SCAN_EVENTS = [
  'scan.run.started',
  'scan.run.finished',
  'scan.endpoint.classified',
] as const;
