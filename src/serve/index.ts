// `portcullis serve` front end: the web console and JSON API over the store.
export { startServe, isLoopbackAddress, type ServeHandle, type ServeOptions, type ServeTls } from './server.js';
export { toCsv } from './export.js';
export { overview, scanView, auditView, trapSessions, trapSession, watchAlerts, bucketGuard, indicatorsOf } from './data.js';
