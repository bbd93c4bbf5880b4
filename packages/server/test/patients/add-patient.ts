import { makeRow } from '@clinicsync/testing/fixtures';
import type { AnyWireRow } from '@clinicsync/schema';
import type { Database } from '@clinicsync/server';
import { writeServerRows } from '../../src/admin/write-server-rows.js';

/**
 * Creates a patient through the server's write path (so its clinic spans
 * are kept as a push would keep them) and returns its row.
 */
export async function addPatient(
  db: Database,
  values: Record<string, unknown>,
): Promise<AnyWireRow> {
  const patient = makeRow('patients', {
    given_name: 'Test',
    surname: 'Patient',
    date_of_birth: '1990-05-01',
    sex: 'female',
    phone: '',
    ...values,
  });
  await db.transaction((tx) =>
    writeServerRows(tx, [{ table: 'patients', created: [patient] }], null),
  );
  return patient;
}

/** Deletes a patient through the server's write path (a tombstone, as a device's delete). */
export async function deletePatient(db: Database, id: string): Promise<void> {
  await db.transaction((tx) => writeServerRows(tx, [{ table: 'patients', deleted: [id] }], null));
}
