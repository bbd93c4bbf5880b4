import { schemaVersion } from '@clinicsync/schema';
import type { SqlDriver } from '../driver/sql-driver.js';
import { ClinicSyncError } from '../errors.js';
import { localSchemaStatements, rebuildSearchStatements } from './local-schema.js';
import { metaKeys, readMeta, setMeta } from './local-meta.js';
import { LocalStore } from './local-store.js';
import type { StoreOptions } from './local-store.js';

/** Raised when the way names are folded changes, so that indexes written the old way are rebuilt. */
const searchIndexVersion = '2';

/**
 * Opens the store on a driver: creates the tables and indexes on first use,
 * then checks that the database was made for this schema version, and
 * builds the patient search index of a database made before it existed.
 * Errors: `schema_mismatch` when the file holds another schema version
 * (the SDK has no local migrations yet); the driver's own errors as they are.
 *
 * @example
 * const store = await openStore(createNodeDriver({ file: 'clinic.db' }));
 */
export async function openStore(
  driver: SqlDriver,
  options: StoreOptions = {},
): Promise<LocalStore> {
  await driver.batch(localSchemaStatements());
  const meta = await readMeta(driver);
  const stored = meta.get(metaKeys.schemaVersion);
  if (stored === undefined) {
    await driver.batch([setMeta(metaKeys.schemaVersion, schemaVersion)]);
  } else if (Number(stored) !== schemaVersion) {
    throw new ClinicSyncError(
      'schema_mismatch',
      `This database was made for schema version ${stored}; this app uses version ${schemaVersion}. Update the app, or start from a new database.`,
    );
  }
  if (meta.get(metaKeys.searchIndex) !== searchIndexVersion) {
    await driver.batch([
      ...rebuildSearchStatements(),
      setMeta(metaKeys.searchIndex, searchIndexVersion),
    ]);
  }
  return new LocalStore(driver, Number(meta.get(metaKeys.rev) ?? 0), options);
}
