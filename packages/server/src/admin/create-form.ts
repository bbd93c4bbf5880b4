import { randomUUID } from 'node:crypto';
import type { AnyWireRow, NewEventForm, NewRegistrationForm } from '@clinicsync/schema';
import type { Database, Queryable } from '../db/database.js';
import { AppError } from '../errors.js';
import { writeServerRows } from './write-server-rows.js';

/** Throws 400 `bad_request` naming the clinics of `clinicIds` that do not exist (or are deleted). */
export async function requireClinics(tx: Queryable, clinicIds: readonly string[]): Promise<void> {
  if (clinicIds.length === 0) return;
  const found = await tx.query<{ id: string }>(
    'SELECT id FROM clinics WHERE id = ANY($1::text[]) AND NOT _deleted',
    [[...clinicIds]],
  );
  const known = new Set(found.map((r) => r.id));
  const unknown = clinicIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppError('bad_request', `There is no clinic ${unknown.join(', ')}.`, {
      unknown_clinic_ids: unknown,
    });
  }
}

/**
 * Creates an event form that devices pull; JSON columns are stored as the
 * JSON text of what was sent. Returns the wire row.
 *
 * Errors: 400 when a clinic of `clinic_ids` does not exist.
 *
 * @example
 * const form = await createEventForm(db, { name: 'Vitals', form_fields: [...], ... }, admin.id);
 */
export async function createEventForm(
  db: Database,
  input: NewEventForm,
  actingUserId: string,
): Promise<AnyWireRow> {
  const now = Date.now();
  const form: AnyWireRow = {
    id: randomUUID(),
    name: input.name,
    description: input.description,
    language: input.language,
    is_editable: input.is_editable,
    is_snapshot_form: input.is_snapshot_form,
    form_fields: JSON.stringify(input.form_fields),
    metadata: JSON.stringify(input.metadata),
    is_deleted: false,
    deleted_at: null,
    created_at: now,
    updated_at: now,
    clinic_ids: JSON.stringify(input.clinic_ids),
    translations: input.translations === null ? null : JSON.stringify(input.translations),
  };
  await db.transaction(async (tx) => {
    await requireClinics(tx, input.clinic_ids);
    await writeServerRows(tx, [{ table: 'event_forms', created: [form] }], actingUserId);
  });
  return form;
}

/**
 * Creates a patient registration form that devices pull. Returns the wire row.
 *
 * @example
 * const form = await createRegistrationForm(db, { name: 'Registration', fields: [...], metadata: {} }, admin.id);
 */
export async function createRegistrationForm(
  db: Database,
  input: NewRegistrationForm,
  actingUserId: string,
): Promise<AnyWireRow> {
  const now = Date.now();
  const form: AnyWireRow = {
    id: randomUUID(),
    name: input.name,
    fields: JSON.stringify(input.fields),
    metadata: JSON.stringify(input.metadata),
    is_deleted: false,
    deleted_at: null,
    created_at: now,
    updated_at: now,
  };
  await db.transaction((tx) =>
    writeServerRows(tx, [{ table: 'registration_forms', created: [form] }], actingUserId),
  );
  return form;
}
