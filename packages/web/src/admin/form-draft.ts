import type { Language } from '../i18n/languages.js';

/** The two kinds of form the builder edits: an event form's `form_fields`, a registration form's `fields`. */
export type FormType = 'event' | 'registration';

/** A text in each language of the app; an empty string is a language the text is not given in. */
export type Texts = Readonly<Record<Language, string>>;

export const noTexts: Texts = { en: '', ar: '', es: '' };

/**
 * The field types the builder offers: each one the clinician app renders
 * (src/lib/form-fields.ts's kinds), written in Hikma Health's format.
 */
export const eventFieldKinds = [
  'text',
  'textarea',
  'number',
  'select',
  'multiselect',
  'date',
  'diagnosis',
  'medicine',
  'boolean',
] as const;
export type FieldKind = (typeof eventFieldKinds)[number];

/**
 * A registration field fills a patient column or one attribute, a single
 * value: no diagnoses, medicines or long text there, as in Hikma's builder.
 */
export const registrationFieldKinds = [
  'text',
  'number',
  'select',
  'multiselect',
  'date',
  'boolean',
] as const satisfies readonly FieldKind[];

export function kindsOf(type: FormType): readonly FieldKind[] {
  return type === 'event' ? eventFieldKinds : registrationFieldKinds;
}

/** Whether the builder lists the field's choices. */
export function hasOptions(kind: FieldKind): boolean {
  return kind === 'select' || kind === 'multiselect';
}

export interface OptionDraft {
  /** What answers store; null for a new option, which stores its English label. */
  readonly value: string | null;
  readonly label: Texts;
}

export interface FieldDraft {
  readonly id: string;
  readonly kind: FieldKind;
  readonly label: Texts;
  readonly required: boolean;
  readonly options: readonly OptionDraft[];
  /**
   * The field's other properties as read (units, a description, a
   * registration field's column and flags, a medicine's sub-fields), written
   * back unchanged so a form edited here loses nothing the builder does not show.
   */
  readonly rest: Readonly<Record<string, unknown>>;
}

export interface FormDraft {
  readonly type: FormType;
  /** The form's id on the server; null until it is created. */
  readonly id: string | null;
  readonly name: string;
  readonly description: string;
  /** An event form's clinics; empty: every clinic. */
  readonly clinicIds: readonly string[];
  readonly fields: readonly FieldDraft[];
  /**
   * Fields the clinician app does not show (a registration form's deleted
   * or hidden ones): written back as read, after the others, so their
   * answers keep their meaning.
   */
  readonly kept: readonly unknown[];
}

/** Whether a registration field fills a patients column: its type stays, and it is not removed. */
export function isBaseField(field: FieldDraft): boolean {
  return field.rest['baseField'] === true;
}

/** A new, empty field of `kind`, with a fresh id (answers are keyed by it). */
export function newField(kind: FieldKind = 'text'): FieldDraft {
  return { id: crypto.randomUUID(), kind, label: noTexts, required: false, options: [], rest: {} };
}

export function newOption(): OptionDraft {
  return { value: null, label: noTexts };
}

/** The fields with the one at `index` moved by `step` (-1 up, 1 down); unchanged at either end. */
export function moveField(
  fields: readonly FieldDraft[],
  index: number,
  step: -1 | 1,
): readonly FieldDraft[] {
  const target = index + step;
  const moving = fields[index];
  const other = fields[target];
  if (moving === undefined || other === undefined) return fields;
  const moved = [...fields];
  moved[target] = moving;
  moved[index] = other;
  return moved;
}

/** The fields with the one at `index` changed by `change`. */
export function changeField(
  fields: readonly FieldDraft[],
  index: number,
  change: Partial<FieldDraft>,
): readonly FieldDraft[] {
  return fields.map((field, i) => (i === index ? { ...field, ...change } : field));
}

export function removeField(fields: readonly FieldDraft[], index: number): readonly FieldDraft[] {
  return fields.filter((_, i) => i !== index);
}

/** Where an English text is missing: a field (from 1), and one of its options (from 1) or null for its label. */
export interface MissingLabel {
  readonly field: number;
  readonly option: number | null;
}

/**
 * The first field or option without an English label (spaces alone count as
 * none), or null. Hikma's apps show the English label and records keep it,
 * so the builder asks for it before sending.
 *
 * @example
 * firstMissingLabel(draft); // { field: 2, option: 1 }
 */
export function firstMissingLabel(fields: readonly FieldDraft[]): MissingLabel | null {
  for (const [index, field] of fields.entries()) {
    if (field.label.en.trim() === '') return { field: index + 1, option: null };
    if (!hasOptions(field.kind)) continue;
    const option = field.options.findIndex((o) => o.label.en.trim() === '');
    if (option >= 0) return { field: index + 1, option: option + 1 };
  }
  return null;
}
