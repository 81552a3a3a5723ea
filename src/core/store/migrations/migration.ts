// The shape of one schema migration: numbered, forward-only, one file each. Each step carries its SQL per
// dialect, rendered from one table definition (schema-ddl.ts) so SQLite and PostgreSQL cannot drift.
export interface Migration {
  /** 1, 2, 3 ... with no gaps; the file is named `NNNN-<name>.ts`. */
  readonly version: number;
  readonly name: string;
  /** Statements for SQLite, run in one transaction. */
  readonly sqlite: string;
  /** The same schema step for PostgreSQL (fleet mode). */
  readonly postgres: string;
}
