import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

// Any constant shared by every server process: two processes starting on one
// database take turns instead of applying a migration twice.
const migrationLockKey = 741_852_963;

/** The migration files, in the order they apply (their names sort by number). */
export function listMigrations(): { name: string; sql: string }[] {
  return readdirSync(migrationsDir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(migrationsDir + name, 'utf8') }));
}

/** Applies, in order and each in its own transaction, the migrations not yet applied. */
export async function migrate(db: Database): Promise<string[]> {
  const applied: string[] = [];
  for (const migration of listMigrations()) {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
      await tx.execScript(
        'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [
        migration.name,
      ]);
      if (done.length > 0) return;
      await tx.execScript(migration.sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [migration.name]);
      applied.push(migration.name);
    });
  }
  return applied;
}
