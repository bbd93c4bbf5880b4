import type { LocalStore } from '@clinicsync/client';
import { i18n } from '../../../i18n/i18n.js';
import type { Language } from '../../../i18n/languages.js';
import { readFields } from '../../../lib/form-fields.js';
import type { FormField } from '../../../lib/form-fields.js';

/** The core patient fields, labelled in `language`, used when the server has sent no registration form. */
export function coreFields(language: Language): readonly FormField[] {
  const t = i18n.getFixedT(language);
  const english = i18n.getFixedT('en');
  return (
    [
      ['given_name', 'text', true],
      ['surname', 'text', true],
      ['sex', 'select', true],
      ['date_of_birth', 'date', true],
      ['phone', 'text', false],
      ['citizenship', 'text', false],
      ['hometown', 'text', false],
      ['camp', 'text', false],
      ['government_id', 'text', false],
      ['external_patient_id', 'text', false],
    ] as const
  ).map(([column, kind, required]) => ({
    id: column,
    label: t(`coreFields.${column}`),
    storedLabel: english(`coreFields.${column}`),
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
            { label: t('coreFields.female'), value: 'female' },
            { label: t('coreFields.male'), value: 'male' },
          ]
        : [],
    units: [],
    subOptions: {},
  }));
}

/**
 * The registration form's fields (the newest form), or the core fields
 * without one; labels in `language`, English where the form has none in it.
 */
export async function getRegistrationForm(
  store: LocalStore,
  language: Language,
): Promise<readonly FormField[]> {
  const [form] = await store.query('registration_forms', {
    orderBy: [{ column: 'updated_at', direction: 'desc' }],
    limit: 1,
  });
  const fields = form ? readFields(form.fields, language) : [];
  return fields.length > 0 ? fields : coreFields(language);
}
