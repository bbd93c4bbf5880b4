import { i18n } from '../i18n/i18n.js';

/** What the app renders for a form field, whatever shape the form builder gave it. */
export type FieldKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'select'
  | 'multiselect'
  | 'boolean'
  | 'date'
  | 'diagnosis'
  | 'medicine';

export interface FieldOption {
  readonly label: string;
  readonly value: string;
}

export interface FormField {
  readonly id: string;
  /** The label in the app's language (English where the form has none in it). */
  readonly label: string;
  /**
   * The English label, whatever the app's language: what records keep
   * (`form_data` names, attribute names), so they read the same on every device.
   */
  readonly storedLabel: string;
  readonly description: string;
  /** The patients column a registration field fills, when it is a base field. */
  readonly column: string | null;
  readonly baseField: boolean;
  readonly kind: FieldKind;
  /** As written in the form, kept in `form_data`. */
  readonly fieldType: string;
  readonly inputType: string;
  readonly required: boolean;
  readonly options: readonly FieldOption[];
  readonly units: readonly string[];
  /** Sub-fields of a medicine field: name → options (empty for free input). */
  readonly subOptions: Readonly<Record<string, readonly string[]>>;
}

/** A field's answer while the form is being filled. */
export type FieldValue = string | string[] | DiagnosisEntry[] | MedicineEntry[];

export interface DiagnosisEntry {
  code: string;
  desc: string;
}

export interface MedicineEntry {
  name: string;
  dose: string;
  doseUnits: string;
  route: string;
  form: string;
  frequency: string;
  duration: string;
  durationUnits: string;
}

type Raw = Record<string, unknown>;

const isRecord = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A label in the app's language: a string, or translations `{en: …, ar: …}`,
 * falling back to English, then to any language the label has.
 *
 * @example
 * translate({ en: 'Sex', ar: 'الجنس' }, 'ar'); // 'الجنس'
 * translate({ en: 'Sex', ar: 'الجنس' }, 'es'); // 'Sex'
 */
export function translate(value: unknown, language = 'en'): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (isRecord(value)) {
    const text = value[language] ?? value['en'] ?? Object.values(value)[0];
    return typeof text === 'string' ? text : '';
  }
  return '';
}

function toOption(raw: unknown, language: string): FieldOption | null {
  if (typeof raw === 'string' || typeof raw === 'number') {
    return { label: String(raw), value: String(raw) };
  }
  if (!isRecord(raw)) return null;
  if ('label' in raw || 'value' in raw) {
    const label = translate(raw['label'] ?? raw['value'], language);
    const value = translate(raw['value'] ?? raw['label'], 'en');
    return label || value ? { label: label || value, value: value || label } : null;
  }
  // A translated option, e.g. {en: "male", ar: "ذكر"}: the English text is the stored value.
  const value = translate(raw, 'en');
  return value ? { label: translate(raw, language) || value, value } : null;
}

function kindOf(fieldType: string, inputType: string, multi: boolean): FieldKind {
  const type = fieldType.toLowerCase();
  const input = inputType.toLowerCase();
  if (type === 'diagnosis') return 'diagnosis';
  if (type === 'medicine') return 'medicine';
  if (type === 'date' || input === 'date') return 'date';
  if (input === 'number' || type === 'number') return 'number';
  if (input === 'checkbox' && multi) return 'multiselect';
  if (type === 'boolean' || (type === 'checkbox' && input === '')) return 'boolean';
  if (['select', 'dropdown', 'radio', 'options', 'binary'].includes(input || type)) return 'select';
  if (['options', 'binary', 'select', 'dropdown'].includes(type)) return 'select';
  if (input === 'textarea' || type === 'textarea') return 'textarea';
  return 'text';
}

/**
 * Reads one field of a registration form (`fields`) or an event form
 * (`form_fields`); null for a field that is deleted, hidden or unusable.
 */
export function readField(raw: unknown, language = 'en'): FormField | null {
  if (!isRecord(raw)) return null;
  if (raw['deleted'] === true || raw['visible'] === false) return null;
  const id = raw['id'];
  if (typeof id !== 'string' || id === '') return null;
  const column = typeof raw['column'] === 'string' ? raw['column'] : null;
  const labelIn = (lang: string) =>
    translate(raw['label'], lang) || translate(raw['name'], lang) || column || id;
  const fieldType = typeof raw['fieldType'] === 'string' ? raw['fieldType'] : '';
  const inputType = typeof raw['inputType'] === 'string' ? raw['inputType'] : '';
  const options = Array.isArray(raw['options'])
    ? raw['options'].map((o) => toOption(o, language)).filter((o) => o !== null)
    : [];
  const subOptions: Record<string, string[]> = {};
  if (isRecord(raw['fields'])) {
    for (const [name, sub] of Object.entries(raw['fields'])) {
      subOptions[name] =
        isRecord(sub) && Array.isArray(sub['options']) ? sub['options'].map(String) : [];
    }
  }
  return {
    id,
    label: labelIn(language),
    storedLabel: labelIn('en'),
    description: translate(raw['description'], language),
    column,
    baseField: raw['baseField'] === true,
    kind: kindOf(fieldType, inputType, raw['multi'] === true),
    fieldType,
    inputType,
    required: raw['required'] === true,
    options,
    units: Array.isArray(raw['units']) ? raw['units'].map(String) : [],
    subOptions,
  };
}

/** Every usable field of a form's JSON text, in position order. */
export function readFields(json: string | null, language = 'en'): FormField[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const positioned = parsed.map((raw: unknown, index) => ({
    raw,
    position: isRecord(raw) && typeof raw['position'] === 'number' ? raw['position'] : index,
  }));
  positioned.sort((a, b) => a.position - b.position);
  return positioned.map(({ raw }) => readField(raw, language)).filter((f) => f !== null);
}

export function emptyValue(field: FormField): FieldValue {
  if (field.kind === 'multiselect' || field.kind === 'diagnosis' || field.kind === 'medicine') {
    return [];
  }
  return '';
}

export function emptyMedicine(): MedicineEntry {
  return {
    name: '',
    dose: '',
    doseUnits: '',
    route: '',
    form: '',
    frequency: '',
    duration: '',
    durationUnits: '',
  };
}

/** The message to show for an answer (in the app's language), or null when it is acceptable. */
export function validateField(field: FormField, value: FieldValue): string | null {
  const { label } = field;
  if (Array.isArray(value)) {
    const filled =
      field.kind === 'diagnosis'
        ? (value as DiagnosisEntry[]).filter((d) => d.code.trim() || d.desc.trim())
        : field.kind === 'medicine'
          ? (value as MedicineEntry[]).filter((m) => m.name.trim())
          : value;
    if (field.required && filled.length === 0) return i18n.t('form.required', { label });
    if (field.kind === 'medicine') {
      for (const m of value as MedicineEntry[]) {
        if (!m.name.trim() && (m.dose || m.frequency)) return i18n.t('form.medicineName');
        if (m.dose && !Number.isFinite(Number(m.dose))) return i18n.t('form.doseNumber');
      }
    }
    return null;
  }
  const text = value.trim();
  if (text === '') return field.required ? i18n.t('form.required', { label }) : null;
  if (field.kind === 'number' && !Number.isFinite(Number(text))) {
    return i18n.t('form.notNumber', { label });
  }
  if (field.kind === 'date' && Number.isNaN(Date.parse(text))) {
    return i18n.t('form.notDate', { label });
  }
  if (field.kind === 'select' && field.options.length > 0) {
    if (!field.options.some((o) => o.value === text)) return i18n.t('form.notOption', { label });
  }
  return null;
}

/** A form's answers, by field id. */
export type FieldValues = Readonly<Record<string, FieldValue>>;

/**
 * The message for each field whose answer is not acceptable, by field id
 * (none: the answers can be saved). A missing answer counts as empty.
 *
 * @example
 * const errors = validateFields(fields, values); // { given_name: 'Given name is required.' }
 */
export function validateFields(
  fields: readonly FormField[],
  values: FieldValues,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const message = validateField(field, values[field.id] ?? emptyValue(field));
    if (message) errors[field.id] = message;
  }
  return errors;
}

/** The answer as stored in `form_data`: numbers as numbers, lists as lists. */
export function storedValue(field: FormField, value: FieldValue): unknown {
  if (field.kind === 'number') {
    return typeof value === 'string' && value.trim() !== '' ? Number(value) : null;
  }
  if (field.kind === 'diagnosis') {
    return (value as DiagnosisEntry[]).filter((d) => d.code.trim() || d.desc.trim());
  }
  if (field.kind === 'medicine') {
    return (value as MedicineEntry[])
      .filter((m) => m.name.trim())
      .map((m) => ({
        ...m,
        dose: m.dose === '' ? null : Number(m.dose),
        frequency: m.frequency === '' ? null : Number(m.frequency),
        duration: m.duration === '' ? null : Number(m.duration),
      }));
  }
  return value;
}
