import { getTable } from '@clinicsync/schema';
import type { AnyWireRow } from '@clinicsync/schema';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import { readCurrentRows } from '../sync/write/read-current-rows.js';
import { writeServerRows } from './write-server-rows.js';

/**
 * Renames a clinic through the write path, so the new name is a new version
 * that every device pulls. Returns the clinic's wire row as written.
 *
 * Errors: 404 `not_found` when there is no such clinic (or it is deleted).
 *
 * @example
 * const clinic = await renameClinic(db, clinicId, 'North clinic', admin.id);
 */
export async function renameClinic(
  db: Database,
  clinicId: string,
  name: string,
  actingUserId: string,
): Promise<AnyWireRow> {
  return db.transaction(async (tx) => {
    const current = (await readCurrentRows(tx, getTable('clinics'), [clinicId])).get(clinicId);
    if (!current || current.deleted) {
      throw new AppError('not_found', `There is no clinic ${clinicId}.`);
    }
    const changes: AnyWireRow = { id: clinicId, name, updated_at: Date.now() };
    await writeServerRows(tx, [{ table: 'clinics', updated: [changes] }], actingUserId);
    return { ...current.row, ...changes };
  });
}
