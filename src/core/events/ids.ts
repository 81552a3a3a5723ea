// The event-id catalogue: `<component>.<subject>.<verb_past>`, one list per front end merged here so that
// emit() accepts only known ids at compile time. docs/EVENTS.md lists the same ids (conformance-tested).
import { SCAN_EVENTS } from './ids/scan.js';
import { AUDIT_EVENTS } from './ids/audit.js';
import { GUARD_EVENTS } from './ids/guard.js';
import { WATCH_EVENTS } from './ids/watch.js';
import { TRAP_EVENTS } from './ids/trap.js';
import { SERVE_EVENTS } from './ids/serve.js';

export const EVENT_IDS = [...SCAN_EVENTS, ...AUDIT_EVENTS, ...GUARD_EVENTS, ...WATCH_EVENTS, ...TRAP_EVENTS, ...SERVE_EVENTS] as const;

export type EventId = (typeof EVENT_IDS)[number];

/** The grammar every id follows. */
export const EVENT_ID_PATTERN = /^(scan|audit|guard|watch|trap|serve)\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

export function isEventId(s: string): s is EventId {
  return (EVENT_IDS as readonly string[]).includes(s);
}
