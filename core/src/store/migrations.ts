import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Store } from './store.ts';

/** One numbered SQL migration file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** The folder holding omnihub's own migrations (`core/migrations`). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Advisory-lock key guarding the migration run. Any constant works as long as no other code
 * uses it; mixing in the schema name keeps test schemas in one database from waiting on each other.
 */
const LOCK_KEY_SQL = "hashtext('omnihub.migrations.' || current_schema())";

/** Reads `NNNN_name.sql` files from `dir`, sorted, refusing gaps and duplicates. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_NAME.exec(file);
    if (match === null) throw new Error(`migration file "${file}" must be named NNNN_snake_name.sql`);
    const sql = await readFile(`${dir}/${file}`, 'utf8');
    const version = Number(match[1]);
    if (version !== migrations.length + 1) throw new Error(`migration ${file}: expected number ${migrations.length + 1}`);
    migrations.push({ version, name: match[2] ?? file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

/** What a migration run did. */
export interface MigrationReport {
  applied: number[];
  current: number;
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so concurrent starts
 * apply each migration once. Released migrations are append-only: a changed checksum aborts.
 */
export async function migrate(store: Store, migrations?: Migration[]): Promise<MigrationReport> {
  const all = migrations ?? (await readMigrations());
  return store.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(${LOCK_KEY_SQL})`);
    await tx.query(`create table if not exists omnihub_schema_migrations (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
    const { rows } = await tx.query<{ version: number; name: string; checksum: string }>(
      'select version, name, checksum from omnihub_schema_migrations order by version',
    );
    const done = new Map(rows.map((row) => [row.version, row]));
    const applied: number[] = [];
    for (const migration of all) {
      const previous = done.get(migration.version);
      if (previous !== undefined) {
        if (previous.checksum !== migration.checksum) {
          throw new Error(
            `migration ${migration.version}_${migration.name} changed after it was applied; released migrations are append-only, add a new one instead`,
          );
        }
        continue;
      }
      await tx.exec(migration.sql);
      await tx.query('insert into omnihub_schema_migrations (version, name, checksum) values ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      applied.push(migration.version);
    }
    const newest = Math.max(0, ...rows.map((row) => row.version), ...applied);
    return { applied, current: newest };
  });
}
