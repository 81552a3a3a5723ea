// Public entry of the events catalogue and event log.
export { EVENT_IDS, EVENT_ID_PATTERN, isEventId, type EventId } from './ids.js';
export { CaptureSink, EventLog, type EventLogOptions, type EventSink, type PortcullisEvent } from './event-log.js';
