// The shape of one schema migration: numbered, forward-only, one file each. The SQL is kept per dialect so
// fleet mode can run the same numbered steps on PostgreSQL (issue 8) with the same tables and columns.
export interface Migration {
  /** 1, 2, 3 ... with no gaps; the file is named `NNNN-<name>.ts`. */
  readonly version: number;
  readonly name: string;
  /** Statements for SQLite, run in one transaction. */
  readonly sqlite: string;
  /** The same schema step for PostgreSQL (fleet mode); absent until that adapter lands. */
  readonly postgres?: string;
}
