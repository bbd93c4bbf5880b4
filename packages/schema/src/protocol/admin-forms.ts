import { z } from 'zod';
import { wireRowSchema } from './wire-row.js';

const jsonObject = z.record(z.string(), z.unknown());

function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

/**
 * One form field, as the Hikma Health apps render it. Two shapes are in use:
 *
 * - event forms (the admin portal's form builder):
 *   `{id, name, description, required, fieldType, inputType, options?, units?, length?, fields?}`
 *   with `fieldType` one of `free-text`, `options`, `binary`, `date`,
 *   `diagnosis`, `medicine`, `dosage`, `input-group`, `custom`, `inputType` one of
 *   `text`, `number`, `textarea`, `select`, `radio`, `checkbox`, `date`, `input-group`, …,
 *   and `options` a list of `{label, value}`;
 * - registration forms:
 *   `{id, position, column, label: {en: "…", …}, fieldType, options, required,
 *   baseField, visible, deleted, showsInSummary, isSearchField}` with
 *   `fieldType` one of `text`, `number`, `select`, `checkbox`, `date`.
 *
 * We require only what any renderer needs to place a field: a non-empty
 * string `id`, a name (`name` or `column` a string, or `label` a string or an
 * object of translations), and a kind (`fieldType` or `inputType`, a string).
 * Every other property is kept as sent, in its order, so newer app versions
 * can add their own without a server change.
 */
export const formField = jsonObject.superRefine((field, ctx) => {
  if (!isNonEmptyString(field['id'])) {
    ctx.addIssue({ code: 'custom', path: ['id'], message: 'A field needs a non-empty string id.' });
  }
  const label = field['label'];
  const named =
    isNonEmptyString(field['name']) ||
    isNonEmptyString(field['column']) ||
    isNonEmptyString(label) ||
    (typeof label === 'object' && label !== null && !Array.isArray(label));
  if (!named) {
    ctx.addIssue({ code: 'custom', message: 'A field needs a name, a column or a label.' });
  }
  if (!isNonEmptyString(field['fieldType']) && !isNonEmptyString(field['inputType'])) {
    ctx.addIssue({
      code: 'custom',
      message: 'A field needs a fieldType or an inputType (a string).',
    });
  }
});

/** A list of fields whose ids are unique: a filled form keys its answers by field id. */
const formFields = z.array(formField).superRefine((fields, ctx) => {
  const seen = new Set<unknown>();
  fields.forEach((field, index) => {
    if (seen.has(field['id'])) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'id'],
        message: `The field id ${String(field['id'])} is repeated.`,
      });
    }
    seen.add(field['id']);
  });
});

const formName = z.string().trim().min(1).max(200);
const formDescription = z.string().max(10_000);
const formLanguage = z.string().min(1).max(35);
/** The clinics a form is meant for; each must exist. Empty: every clinic. */
const formClinicIds = z.array(z.string().min(1).max(64));
const formTranslations = z.union([jsonObject, z.array(z.unknown())]).nullable();

/** `POST /api/admin/event-forms` body; JSON columns are sent as JSON, stored as their text. */
export const newEventFormBody = z
  .strictObject({
    name: formName,
    description: formDescription.default(''),
    language: formLanguage.default('en'),
    is_editable: z.boolean().default(false),
    is_snapshot_form: z.boolean().default(false),
    form_fields: formFields,
    metadata: jsonObject.default({}),
    clinic_ids: formClinicIds.default([]),
    translations: formTranslations.default(null),
  })
  .meta({ id: 'NewEventForm' });

/** `POST /api/admin/registration-forms` body. */
export const newRegistrationFormBody = z
  .strictObject({
    name: formName,
    fields: formFields,
    metadata: jsonObject.default({}),
  })
  .meta({ id: 'NewRegistrationForm' });

function notEmpty(changes: object): boolean {
  return Object.keys(changes).length > 0;
}
const nothingToChange = { message: 'Send at least one field to change.' };

/** `PATCH /api/admin/event-forms/:id`: any of what create accepts; the others are kept. */
export const eventFormChangesBody = z
  .strictObject({
    name: formName.optional(),
    description: formDescription.optional(),
    language: formLanguage.optional(),
    is_editable: z.boolean().optional(),
    is_snapshot_form: z.boolean().optional(),
    form_fields: formFields.optional(),
    metadata: jsonObject.optional(),
    clinic_ids: formClinicIds.optional(),
    translations: formTranslations.optional(),
  })
  .refine(notEmpty, nothingToChange)
  .meta({ id: 'EventFormChanges' });

/** `PATCH /api/admin/registration-forms/:id`: any of what create accepts; the others are kept. */
export const registrationFormChangesBody = z
  .strictObject({
    name: formName.optional(),
    fields: formFields.optional(),
    metadata: jsonObject.optional(),
  })
  .refine(notEmpty, nothingToChange)
  .meta({ id: 'RegistrationFormChanges' });

export const formIdParams = z.strictObject({ id: z.string().min(1).max(64) });

/** `GET /api/admin/event-forms`: the live forms, as devices pull them, by name. */
export const eventFormsList = z
  .object({ forms: z.array(wireRowSchema('event_forms')) })
  .meta({ id: 'EventFormsList' });

/** `GET /api/admin/registration-forms`: the live forms, as devices pull them, by name. */
export const registrationFormsList = z
  .object({ forms: z.array(wireRowSchema('registration_forms')) })
  .meta({ id: 'RegistrationFormsList' });

export type NewEventForm = z.output<typeof newEventFormBody>;
export type NewRegistrationForm = z.output<typeof newRegistrationFormBody>;
export type EventFormChanges = z.output<typeof eventFormChangesBody>;
export type RegistrationFormChanges = z.output<typeof registrationFormChangesBody>;
