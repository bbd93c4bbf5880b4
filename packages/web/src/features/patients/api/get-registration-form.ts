import type { LocalStore } from '@clinicsync/client';
import { readFields } from '../../../lib/form-fields.js';
import type { FormField } from '../../../lib/form-fields.js';

/** The core patient fields, used when the server has sent no registration form. */
export const coreFields: readonly FormField[] = (
  [
    ['given_name', 'Given name', 'text', true],
    ['surname', 'Surname', 'text', true],
    ['sex', 'Sex', 'select', true],
    ['date_of_birth', 'Date of birth', 'date', true],
    ['phone', 'Phone', 'text', false],
    ['citizenship', 'Citizenship', 'text', false],
    ['hometown', 'Hometown', 'text', false],
    ['camp', 'Camp', 'text', false],
    ['government_id', 'Government id', 'text', false],
    ['external_patient_id', 'External patient id', 'text', false],
  ] as const
).map(([column, label, kind, required]) => ({
  id: column,
  label,
  description: '',
  column,
  baseField: true,
  kind,
  fieldType: kind,
  inputType: kind,
  required,
  options:
    column === 'sex'
      ? [
          { label: 'Female', value: 'female' },
          { label: 'Male', value: 'male' },
        ]
      : [],
  units: [],
  subOptions: {},
}));

/** The registration form's fields (the newest form), or the core fields without one. */
export async function getRegistrationForm(store: LocalStore): Promise<readonly FormField[]> {
  const [form] = await store.query('registration_forms', {
    orderBy: [{ column: 'updated_at', direction: 'desc' }],
    limit: 1,
  });
  const fields = form ? readFields(form.fields) : [];
  return fields.length > 0 ? fields : coreFields;
}
