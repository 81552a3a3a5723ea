// Fleet mode's PostgreSQL adapter: same Store interface and schema as the embedded SQLite file.
export { openPostgresStore, migratePostgres, type OpenPostgresOptions } from './open-postgres.js';
export { PgStore } from './pg-store.js';
export { pgMigrationList } from './migrations.js';
export { isTransient } from './pg-errors.js';
