// Fleet mode's outage resilience: the local-disk outbox and the Store wrapper that uses it.
export { ResilientStore, withOutbox, type ResilientStoreOptions } from './resilient-store.js';
export { Outbox, type OutboxEntry } from './outbox.js';
export { applyOp, hasReceipts, type ReceiptStore, type WriteOp } from './write-op.js';
export { defaultOutboxPath, openFleetStore, type FleetEnv } from './open-fleet.js';
