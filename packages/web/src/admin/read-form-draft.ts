import { languages } from '../i18n/languages.js';
import { readField } from '../lib/form-fields.js';
import type {
  FieldDraft,
  FieldKind,
  FormDraft,
  FormType,
  OptionDraft,
  Texts,
} from './form-draft.js';

type Raw = Record<string, unknown>;

const isRecord = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the builder writes itself (the field's type and shape); the rest of a field is kept as read. */
const editedKeys = new Set([
  'id',
  'name',
  'label',
  'required',
  'options',
  'fieldType',
  'inputType',
  'multi',
  'length',
]);

/** A label as texts per language: a plain string is the English one. */
function textsOf(value: unknown): Texts {
  if (typeof value === 'string' || typeof value === 'number') {
    return { en: String(value), ar: '', es: '' };
  }
  const record = isRecord(value) ? value : {};
  const pick = (language: string) =>
    typeof record[language] === 'string' ? (record[language] as string) : '';
  return Object.fromEntries(languages.map((l) => [l, pick(l)])) as unknown as Texts;
}

function optionOf(raw: unknown): OptionDraft | null {
  if (typeof raw === 'string' || typeof raw === 'number') {
    return { value: String(raw), label: textsOf(raw) };
  }
  if (!isRecord(raw)) return null;
  // An event form's {label, value}, the label a string or translations.
  if ('label' in raw || 'value' in raw) {
    const label = textsOf(raw['label'] ?? raw['value']);
    const value = typeof raw['value'] === 'string' ? raw['value'] : label.en;
    return { value, label };
  }
  // A registration form's translations, {en, ar, es}: the English text is the stored value.
  const label = textsOf(raw);
  return { value: label.en, label };
}

/**
 * The builder's kind of a field: as the clinician app reads it, except
 * Hikma's `binary` (a yes-or-no question, which the app shows as a choice
 * of its two options).
 */
function kindOf(raw: Raw): FieldKind | null {
  if (raw['fieldType'] === 'binary') return 'boolean';
  return readField(raw)?.kind ?? null;
}

/** One field of a form's JSON as the builder edits it; null for a field the app would not show. */
export function readFieldDraft(raw: unknown, type: FormType): FieldDraft | null {
  if (!isRecord(raw) || raw['deleted'] === true) return null;
  const kind = kindOf(raw);
  const id = raw['id'];
  if (kind === null || typeof id !== 'string') return null;
  // An event field's label: its translations, else its name.
  const label = textsOf(raw['label'] ?? raw['name']);
  const rest = Object.fromEntries(Object.entries(raw).filter(([key]) => !editedKeys.has(key)));
  const options = Array.isArray(raw['options'])
    ? raw['options'].map(optionOf).filter((o) => o !== null)
    : [];
  return {
    id,
    kind,
    label,
    required: raw['required'] === true,
    options: kind === 'boolean' && type === 'event' ? [] : options,
    rest,
  };
}

/** An event form's clinics: a JSON list, or (an older form) a comma-separated one, as the server reads them. */
function clinicIdsOf(text: unknown): string[] {
  if (typeof text !== 'string' || text.trim() === '') return [];
  if (text.trim().startsWith('[')) return parseList(text).filter((id) => typeof id === 'string');
  return text
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

function parseList(json: unknown): unknown[] {
  if (typeof json !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** A registration form's fields in position order, as Hikma's builder keeps them. */
function byPosition(fields: unknown[]): unknown[] {
  const position = (raw: unknown, index: number) =>
    isRecord(raw) && typeof raw['position'] === 'number' ? raw['position'] : index;
  return fields
    .map((raw, index) => ({ raw, at: position(raw, index) }))
    .sort((a, b) => a.at - b.at)
    .map(({ raw }) => raw);
}

/**
 * A form as the server lists it (a wire row, JSON columns as text) as the
 * builder edits it.
 *
 * @example
 * const draft = readFormDraft('event', form); // draft.fields[0].label.ar === 'الشكوى الرئيسية'
 */
export function readFormDraft(type: FormType, row: Readonly<Record<string, unknown>>): FormDraft {
  const raw =
    type === 'event' ? parseList(row['form_fields']) : byPosition(parseList(row['fields']));
  const drafts = raw.map((field) => ({ field, draft: readFieldDraft(field, type) }));
  return {
    type,
    id: String(row['id']),
    name: typeof row['name'] === 'string' ? row['name'] : '',
    description: typeof row['description'] === 'string' ? row['description'] : '',
    clinicIds: clinicIdsOf(row['clinic_ids']),
    fields: drafts.map(({ draft }) => draft).filter((draft) => draft !== null),
    kept: drafts.filter(({ draft }) => draft === null).map(({ field }) => field),
  };
}
