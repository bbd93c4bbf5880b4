import { getTable } from '@clinicsync/schema';
import type { AnyWireRow, TableName } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import { parseClinicIds } from '../scope/pull-scope.js';
import { ident, wireRowSql } from '../storage/sql-names.js';
import type { AdminReach } from './admin-reach.js';

/** The live rows of a form table as devices pull them, by name. */
async function readForms(db: Queryable, table: TableName): Promise<AnyWireRow[]> {
  const rows = await db.query<{ row: AnyWireRow }>(
    `SELECT row_to_json(${wireRowSql(getTable(table), 't')}) AS row
       FROM ${ident(table)} t WHERE NOT t._deleted ORDER BY t.name, t.id`,
  );
  return rows.map((r) => r.row);
}

/**
 * The live event forms `reach` administers, as wire rows by name: a
 * super_admin every form; an admin the forms for every clinic and those
 * naming one of their clinics (`clinic_ids` read as the pull scope reads it).
 *
 * @example
 * const forms = await listEventForms(db, reach);
 */
export async function listEventForms(db: Queryable, reach: AdminReach): Promise<AnyWireRow[]> {
  const forms = await readForms(db, 'event_forms');
  if (reach.whole) return forms;
  return forms.filter((form) => {
    const clinics = parseClinicIds(String(form['clinic_ids'] ?? ''));
    return clinics.length === 0 || clinics.some((id) => reach.clinics.has(id));
  });
}

/**
 * The live registration forms, as wire rows by name. They are for every
 * clinic, so every administrator sees them all.
 *
 * @example
 * const forms = await listRegistrationForms(db);
 */
export function listRegistrationForms(db: Queryable): Promise<AnyWireRow[]> {
  return readForms(db, 'registration_forms');
}
