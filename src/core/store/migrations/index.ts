// The ordered list of schema migrations. Append new numbered files here; never edit or reorder a shipped one.
import type { Migration } from './migration.js';
import { MIGRATION_0001 } from './0001-initial.js';
import { MIGRATION_0002 } from './0002-guard-host.js';

export type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [MIGRATION_0001, MIGRATION_0002];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
