import { eventFormsList, registrationFormsList } from '@clinicsync/schema';
import type { Session } from '../lib/session.js';
import { adminCall } from './admin-api.js';
import type { FormDraft, FormType } from './form-draft.js';
import { eventFormFields, registrationFormFields } from './write-form-fields.js';

/** Each form type's collection under `/api/admin`. */
const collections: Readonly<Record<FormType, string>> = {
  event: 'event-forms',
  registration: 'registration-forms',
};

/** A form as the server lists it: its wire row, JSON columns as their text. */
export type FormRow = Readonly<Record<string, unknown>>;

/** The live forms of `type` the administrator sees, by name, as devices pull them. */
export async function listForms(session: Session, type: FormType): Promise<FormRow[]> {
  const answer = await adminCall(session, 'GET', collections[type]);
  return type === 'event'
    ? eventFormsList.parse(answer).forms
    : registrationFormsList.parse(answer).forms;
}

/**
 * The body that creates or changes the form: what the builder edits, so a
 * change keeps the columns it does not show (metadata, translations).
 */
function bodyOf(draft: FormDraft): object {
  if (draft.type === 'registration') {
    return { name: draft.name.trim(), fields: registrationFormFields(draft) };
  }
  return {
    name: draft.name.trim(),
    description: draft.description,
    form_fields: eventFormFields(draft),
    clinic_ids: draft.clinicIds,
  };
}

/**
 * Creates the form (a draft without an id) or changes it; devices pull it at
 * their next sync. Returns the form's id. Throws AdminCallError with the
 * server's message when refused (a 403 for a clinic the administrator does
 * not administer, a 400 naming the field at fault).
 *
 * @example
 * const id = await saveForm(session, draft);
 */
export async function saveForm(session: Session, draft: FormDraft): Promise<string> {
  const collection = collections[draft.type];
  if (draft.id === null) {
    const created = (await adminCall(session, 'POST', collection, bodyOf(draft))) as FormRow;
    return String(created['id']);
  }
  await adminCall(session, 'PATCH', `${collection}/${encodeURIComponent(draft.id)}`, bodyOf(draft));
  return draft.id;
}

/** Deletes the form; devices pull it as deleted. Throws AdminCallError when refused. */
export async function deleteForm(session: Session, type: FormType, id: string): Promise<void> {
  await adminCall(session, 'DELETE', `${collections[type]}/${encodeURIComponent(id)}`);
}
