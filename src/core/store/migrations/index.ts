// The ordered list of schema migrations. Append new numbered files here; never edit or reorder a shipped one.
import type { Migration } from './migration.js';
import { MIGRATION_0001 } from './0001-initial.js';

export type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [MIGRATION_0001];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
