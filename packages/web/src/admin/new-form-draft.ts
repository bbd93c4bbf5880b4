import type { Catalog } from '../i18n/catalog.js';
import { languages } from '../i18n/languages.js';
import type { Language } from '../i18n/languages.js';
import type { FieldDraft, FieldKind, FormDraft, Texts } from './form-draft.js';
import { newField } from './form-draft.js';

/** A new event form: one empty text field to start from, for every clinic. */
export function newEventDraft(): FormDraft {
  return {
    type: 'event',
    id: null,
    name: '',
    description: '',
    clinicIds: [],
    fields: [newField()],
    kept: [],
  };
}

/** The patients columns every Hikma registration form has, in its order. */
const baseColumns: readonly (readonly [string, FieldKind, boolean])[] = [
  ['given_name', 'text', true],
  ['surname', 'text', true],
  ['date_of_birth', 'date', true],
  ['sex', 'select', true],
  ['citizenship', 'text', false],
  ['hometown', 'text', false],
  ['phone', 'text', false],
  ['camp', 'text', false],
  ['government_id', 'text', false],
  ['external_patient_id', 'text', false],
];

function textsOf(catalogs: Readonly<Record<Language, Catalog>>, key: string): Texts {
  const text = (language: Language) => {
    const group = catalogs[language]['coreFields'];
    const value = typeof group === 'object' ? group[key] : undefined;
    return typeof value === 'string' ? value : '';
  };
  return Object.fromEntries(languages.map((l) => [l, text(l)])) as unknown as Texts;
}

/**
 * A new registration form: the base fields that fill the patients columns
 * (a registration form without them would register nameless patients),
 * labelled from the app's catalogs in each language, then what the
 * administrator adds.
 *
 * @example
 * const draft = newRegistrationDraft({ en, ar, es }); // draft.fields[0].label.ar === 'الاسم الأول'
 */
export function newRegistrationDraft(catalogs: Readonly<Record<Language, Catalog>>): FormDraft {
  const fields = baseColumns.map(([column, kind, required]): FieldDraft => ({
    id: column,
    kind,
    label: textsOf(catalogs, column),
    required,
    // Stored as the clinician app's own core field stores it: lower-case English.
    options:
      column === 'sex'
        ? ['female', 'male'].map((value) => ({
            value,
            label: { ...textsOf(catalogs, value), en: value },
          }))
        : [],
    rest: {
      column,
      baseField: true,
      isSearchField: ['given_name', 'surname', 'phone', 'external_patient_id'].includes(column),
    },
  }));
  return {
    type: 'registration',
    id: null,
    name: '',
    description: '',
    clinicIds: [],
    fields,
    kept: [],
  };
}
