import { languages } from '../i18n/languages.js';
import type { FieldDraft, FieldKind, FormDraft, OptionDraft, Texts } from './form-draft.js';

type Raw = Record<string, unknown>;

/** The languages a text is given in, as `{en: …, ar: …}` (blank ones left out, so the app falls back to English). */
export function translations(texts: Texts): Record<string, string> {
  return Object.fromEntries(
    languages.map((l) => [l, texts[l].trim()] as const).filter(([, text]) => text !== ''),
  );
}

const onlyEnglish = (texts: Texts) => texts.ar.trim() === '' && texts.es.trim() === '';

/** What an option stores: the value it was read with, else its English label. */
function valueOf(option: OptionDraft): string {
  return option.value ?? option.label.en.trim();
}

/**
 * An event form's option, `{label, value}` as Hikma writes it: the label a
 * plain string when it is English only, else its translations, which the
 * clinician app shows in its language.
 */
function eventOption(option: OptionDraft): Raw {
  const label = onlyEnglish(option.label) ? option.label.en.trim() : translations(option.label);
  return { label, value: valueOf(option) };
}

/** A yes-or-no question: Hikma's `binary` field, its two options in each language. */
const yesNo = [
  { label: { en: 'Yes', ar: 'نعم', es: 'Sí' }, value: 'yes' },
  { label: { en: 'No', ar: 'لا', es: 'No' }, value: 'no' },
];

/** The sub-fields a new medicine field asks for, as Hikma's builder makes them. */
const medicineParts = {
  name: { fieldType: 'free-text', inputType: 'text' },
  route: { options: ['oral', 'topical', 'inhalation', 'intramuscular', 'subcutaneous'] },
  form: { options: ['tablet', 'capsule', 'syrup', 'cream', 'drops', 'injection', 'other'] },
  frequency: { fieldType: 'free-text', inputType: 'number' },
  dose: { fieldType: 'free-text', inputType: 'number' },
  doseUnits: { options: ['mg', 'g', 'mcg', 'mL', 'units'] },
  duration: { fieldType: 'free-text', inputType: 'number' },
  durationUnits: { options: ['days', 'weeks', 'months'] },
};

/** Properties that belong to one kind only, dropped when a field becomes another. */
const kindOnly: Readonly<Record<string, FieldKind>> = { units: 'number', fields: 'medicine' };

function restFor(field: FieldDraft): Raw {
  return Object.fromEntries(
    Object.entries(field.rest).filter(([key]) => {
      const only = kindOnly[key];
      return only === undefined || only === field.kind;
    }),
  );
}

/** Hikma's event form shape of each kind: `fieldType`, `inputType` and what goes with them. */
function eventShape(field: FieldDraft): Raw {
  const options = field.options.map(eventOption);
  switch (field.kind) {
    case 'text':
      return { fieldType: 'free-text', inputType: 'text', length: 'short' };
    case 'textarea':
      return { fieldType: 'free-text', inputType: 'textarea', length: 'long' };
    case 'number':
      return { fieldType: 'free-text', inputType: 'number', length: 'short' };
    case 'select':
      return { fieldType: 'options', inputType: 'select', multi: false, options };
    case 'multiselect':
      return { fieldType: 'options', inputType: 'checkbox', multi: true, options };
    case 'date':
      return { fieldType: 'date', inputType: 'date' };
    case 'diagnosis':
      return { fieldType: 'diagnosis', inputType: 'select', options: [] };
    case 'medicine':
      return {
        fieldType: 'medicine',
        inputType: 'input-group',
        fields: field.rest['fields'] ?? medicineParts,
      };
    case 'boolean':
      return { fieldType: 'binary', inputType: 'radio', options: yesNo };
  }
}

/**
 * An event form's `form_fields`: each field in Hikma's shape, its `name` the
 * English label (what Hikma's mobile app shows and records keep) and its
 * `label` the translations (what the clinician app shows in its language).
 *
 * @example
 * eventFormFields(draft); // [{ id, name: 'Complaint', label: { en: 'Complaint', ar: 'الشكوى' }, fieldType: 'free-text', … }]
 */
export function eventFormFields(draft: FormDraft): unknown[] {
  const fields = draft.fields.map((field) => ({
    ...restFor(field),
    id: field.id,
    name: field.label.en.trim(),
    label: translations(field.label),
    required: field.required,
    ...eventShape(field),
  }));
  return [...fields, ...draft.kept];
}

/** Hikma's registration `fieldType` of each kind a registration field can be. */
function registrationShape(field: FieldDraft): Raw {
  const options = field.options.map((option) => ({
    ...translations(option.label),
    // Hikma stores the English text itself as the answer.
    en: option.label.en.trim() || valueOf(option),
  }));
  switch (field.kind) {
    case 'select':
      return { fieldType: 'select', options };
    // Hikma's `checkbox` is a choice of several; the clinician app reads `multi`.
    case 'multiselect':
      return { fieldType: 'checkbox', inputType: 'checkbox', multi: true, options };
    case 'number':
    case 'date':
    case 'boolean':
      return { fieldType: field.kind, options: [] };
    default:
      return { fieldType: 'text', options: [] };
  }
}

/**
 * A registration form's `fields` in Hikma's shape: position in the order
 * shown, the label's translations, a new field's column its English label
 * (a base field keeps the patients column it fills).
 *
 * @example
 * registrationFormFields(draft); // [{ id: 'given_name', position: 0, column: 'given_name', label: {…}, fieldType: 'text', … }]
 */
export function registrationFormFields(draft: FormDraft): unknown[] {
  const fields = draft.fields.map((field, position) => ({
    baseField: false,
    visible: true,
    deleted: false,
    showsInSummary: false,
    isSearchField: false,
    ...restFor(field),
    id: field.id,
    position,
    column:
      typeof field.rest['column'] === 'string' && field.rest['baseField'] === true
        ? field.rest['column']
        : field.label.en.trim(),
    label: translations(field.label),
    required: field.required,
    ...registrationShape(field),
  }));
  const after = fields.length;
  return [
    ...fields,
    ...draft.kept.map((field, index) =>
      typeof field === 'object' && field !== null ? { ...field, position: after + index } : field,
    ),
  ];
}
