import { getTable } from '@clinicsync/schema';
import type {
  AnyWireRow,
  EventFormChanges,
  RegistrationFormChanges,
  TableName,
} from '@clinicsync/schema';
import type { Database, Queryable } from '../db/database.js';
import { AppError } from '../errors.js';
import { parseClinicIds } from '../scope/pull-scope.js';
import { readCurrentRows } from '../sync/write/read-current-rows.js';
import { formClinicsRefusal, requireReach } from './admin-reach.js';
import type { AdminReach } from './admin-reach.js';
import { requireClinics } from './create-form.js';
import { writeServerRows } from './write-server-rows.js';

export type FormTable = Extract<TableName, 'event_forms' | 'registration_forms'>;

/** The live form `id` of `table`, locked for the transaction; 404 when there is none. */
async function lockForm(tx: Queryable, table: FormTable, id: string): Promise<AnyWireRow> {
  const current = (await readCurrentRows(tx, getTable(table), [id])).get(id);
  if (!current || current.deleted) throw new AppError('not_found', `There is no form ${id}.`);
  return current.row;
}

/** Throws 403 unless `reach` administers every clinic of the event form (all clinics: a super_admin). */
function requireFormReach(reach: AdminReach, form: AnyWireRow): void {
  requireReach(formClinicsRefusal(reach, parseClinicIds(String(form['clinic_ids'] ?? ''))));
}

/** A changed column of a form, JSON columns as their JSON text, as create stores them. */
function jsonText(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Changes an event form through the write path, so devices pull the new
 * version (and, when its clinics change, gain or lose it as pull scope
 * says). Columns not sent are kept. Returns the form's wire row as written.
 *
 * Errors: 404 for an unknown or deleted form; 403 unless `reach`
 * administers the form's clinics, before and after; 400 for a clinic that
 * does not exist.
 *
 * @example
 * const form = await changeEventForm(db, reach, formId, { name: 'Vitals (v2)', clinic_ids: [clinicA] });
 */
export function changeEventForm(
  db: Database,
  reach: AdminReach,
  id: string,
  changes: EventFormChanges,
): Promise<AnyWireRow> {
  return db.transaction(async (tx) => {
    const current = await lockForm(tx, 'event_forms', id);
    requireFormReach(reach, current);
    if (changes.clinic_ids !== undefined) {
      requireReach(formClinicsRefusal(reach, changes.clinic_ids));
      await requireClinics(tx, changes.clinic_ids);
    }
    const row: AnyWireRow = { id, updated_at: Date.now() };
    if (changes.name !== undefined) row['name'] = changes.name;
    if (changes.description !== undefined) row['description'] = changes.description;
    if (changes.language !== undefined) row['language'] = changes.language;
    if (changes.is_editable !== undefined) row['is_editable'] = changes.is_editable;
    if (changes.is_snapshot_form !== undefined) row['is_snapshot_form'] = changes.is_snapshot_form;
    if (changes.form_fields !== undefined) row['form_fields'] = jsonText(changes.form_fields);
    if (changes.metadata !== undefined) row['metadata'] = jsonText(changes.metadata);
    if (changes.clinic_ids !== undefined) row['clinic_ids'] = jsonText(changes.clinic_ids);
    if (changes.translations !== undefined) {
      row['translations'] = changes.translations === null ? null : jsonText(changes.translations);
    }
    await writeServerRows(tx, [{ table: 'event_forms', updated: [row] }], reach.userId);
    return { ...current, ...row };
  });
}

/**
 * Changes a registration form through the write path; devices pull it.
 * Columns not sent are kept. The caller checks the reach (a super_admin:
 * every device pulls registration forms).
 *
 * Errors: 404 for an unknown or deleted form.
 *
 * @example
 * const form = await changeRegistrationForm(db, formId, { fields: [...] }, admin.id);
 */
export function changeRegistrationForm(
  db: Database,
  id: string,
  changes: RegistrationFormChanges,
  actingUserId: string,
): Promise<AnyWireRow> {
  return db.transaction(async (tx) => {
    const current = await lockForm(tx, 'registration_forms', id);
    const row: AnyWireRow = { id, updated_at: Date.now() };
    if (changes.name !== undefined) row['name'] = changes.name;
    if (changes.fields !== undefined) row['fields'] = jsonText(changes.fields);
    if (changes.metadata !== undefined) row['metadata'] = jsonText(changes.metadata);
    await writeServerRows(tx, [{ table: 'registration_forms', updated: [row] }], actingUserId);
    return { ...current, ...row };
  });
}

/**
 * Deletes a form: a tombstone, which devices pull as deleted; the row and
 * its history stay on the server. An event form needs the reach of its
 * clinics; the caller checks a registration form's (a super_admin).
 *
 * Errors: 404 for an unknown or already deleted form; 403 (event form)
 * unless `reach` administers its clinics.
 *
 * @example
 * await deleteForm(db, reach, 'event_forms', formId);
 */
export async function deleteForm(
  db: Database,
  reach: AdminReach,
  table: FormTable,
  id: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await lockForm(tx, table, id);
    if (table === 'event_forms') requireFormReach(reach, current);
    await writeServerRows(tx, [{ table, deleted: [id] }], reach.userId);
  });
}
