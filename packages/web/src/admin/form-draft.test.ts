import { newEventFormBody, newRegistrationFormBody } from '@clinicsync/schema';
import { describe, expect, it } from 'vitest';
import { ar } from '../i18n/ar.js';
import { en } from '../i18n/en.js';
import { es } from '../i18n/es.js';
import { readFields } from '../lib/form-fields.js';
import type { FieldDraft, FormDraft } from './form-draft.js';
import {
  eventFieldKinds,
  firstMissingLabel,
  moveField,
  newField,
  registrationFieldKinds,
} from './form-draft.js';
import { newRegistrationDraft } from './new-form-draft.js';
import { readFormDraft } from './read-form-draft.js';
import { eventFormFields, registrationFormFields } from './write-form-fields.js';

// What the builder writes is what the clinician app reads: every kind comes
// back as the same kind, labelled in each language; and a form read and
// written again keeps what the builder does not show.

const texts = (en: string, ar = '', es = '') => ({ en, ar, es });

function fieldOf(kind: FieldDraft['kind'], index: number): FieldDraft {
  const options =
    kind === 'select' || kind === 'multiselect'
      ? [
          { value: null, label: texts('Green', 'أخضر', 'Verde') },
          { value: null, label: texts('Red') },
        ]
      : [];
  return {
    ...newField(kind),
    id: `f${index}`,
    label: texts(`Field ${index}`, `الحقل ${index}`, `Campo ${index}`),
    required: index % 2 === 0,
    options,
  };
}

function draftOf(type: FormDraft['type'], kinds: readonly FieldDraft['kind'][]): FormDraft {
  return {
    type,
    id: null,
    name: 'Triage',
    description: '',
    clinicIds: [],
    fields: kinds.map(fieldOf),
    kept: [],
  };
}

describe('the form builder writes forms the clinician app reads', () => {
  it('writes each event field kind in Hikma format, read back as that kind in every language', () => {
    const fields = eventFormFields(draftOf('event', eventFieldKinds));
    expect(newEventFormBody.safeParse({ name: 'Triage', form_fields: fields }).success).toBe(true);
    const json = JSON.stringify(fields);
    const read = readFields(json, 'ar');
    expect(read.map((f) => f.kind)).toEqual([...eventFieldKinds.slice(0, -1), 'select']);
    expect(read.map((f) => f.label)).toEqual(eventFieldKinds.map((_, i) => `الحقل ${i}`));
    expect(read.map((f) => f.storedLabel)).toEqual(eventFieldKinds.map((_, i) => `Field ${i}`));
    expect(read.map((f) => f.required)).toEqual(eventFieldKinds.map((_, i) => i % 2 === 0));
    expect(read[3]?.options).toEqual([
      { label: 'أخضر', value: 'Green' },
      // No Arabic given: the English label.
      { label: 'Red', value: 'Red' },
    ]);
    expect(readFields(json, 'es')[8]?.options.map((o) => o.label)).toEqual(['Sí', 'No']);
    expect(fields[8]).toMatchObject({ fieldType: 'binary', inputType: 'radio' });
    expect(fields[7]).toMatchObject({ fieldType: 'medicine', inputType: 'input-group' });
    expect(fields[0]).toMatchObject({ name: 'Field 0', fieldType: 'free-text', inputType: 'text' });
  });

  it('writes each registration field kind in Hikma format, read back as that kind', () => {
    const fields = registrationFormFields(draftOf('registration', registrationFieldKinds));
    expect(newRegistrationFormBody.safeParse({ name: 'R', fields }).success).toBe(true);
    const read = readFields(JSON.stringify(fields), 'es');
    expect(read.map((f) => f.kind)).toEqual([...registrationFieldKinds]);
    expect(read.map((f) => f.label)).toEqual(registrationFieldKinds.map((_, i) => `Campo ${i}`));
    expect(read[2]?.options).toEqual([
      { label: 'Verde', value: 'Green' },
      { label: 'Red', value: 'Red' },
    ]);
    expect(fields[3]).toMatchObject({ fieldType: 'checkbox', column: 'Field 3', position: 3 });
  });

  it('starts a registration form with the base fields in three languages', () => {
    const draft = newRegistrationDraft({ en, ar, es });
    const read = readFields(JSON.stringify(registrationFormFields(draft)), 'ar');
    expect(read.slice(0, 4).map((f) => [f.column, f.kind, f.required])).toEqual([
      ['given_name', 'text', true],
      ['surname', 'text', true],
      ['date_of_birth', 'date', true],
      ['sex', 'select', true],
    ]);
    expect(read[0]?.label).toBe('الاسم الأول');
    expect(read[3]?.options.map((o) => o.label)).toEqual(['أنثى', 'ذكر']);
    expect(read[3]?.options.map((o) => o.value)).toEqual(['female', 'male']);
  });

  it('keeps what it does not edit when a form is read and written again', () => {
    const stored = [
      {
        id: 'temp',
        name: 'Temperature',
        description: 'Under the tongue',
        required: false,
        fieldType: 'free-text',
        inputType: 'number',
        units: ['°C'],
      },
      {
        id: 'triage',
        name: 'Triage',
        fieldType: 'options',
        inputType: 'radio',
        options: [{ label: 'Green', value: 'green' }],
      },
      { id: 'old', name: 'Old', fieldType: 'free-text', visible: false },
    ];
    const draft = readFormDraft('event', {
      id: 'form-1',
      name: 'Vitals',
      description: '',
      form_fields: JSON.stringify(stored),
      clinic_ids: 'clinic-a, clinic-b',
    });
    expect(draft.clinicIds).toEqual(['clinic-a', 'clinic-b']);
    expect(draft.fields.map((f) => f.kind)).toEqual(['number', 'select']);
    const changed = { ...draft, fields: moveField(draft.fields, 1, -1) };
    const written = eventFormFields(changed);
    expect(written).toEqual([
      {
        id: 'triage',
        name: 'Triage',
        label: { en: 'Triage' },
        required: false,
        fieldType: 'options',
        inputType: 'select',
        multi: false,
        options: [{ label: 'Green', value: 'green' }],
      },
      {
        id: 'temp',
        name: 'Temperature',
        label: { en: 'Temperature' },
        description: 'Under the tongue',
        required: false,
        fieldType: 'free-text',
        inputType: 'number',
        length: 'short',
        units: ['°C'],
      },
      stored[2],
    ]);
  });

  it('asks for every English label before sending: a field, then an option', () => {
    const fields = draftOf('event', ['text', 'select']).fields;
    expect(firstMissingLabel(fields)).toBeNull();
    const blankOption = fields.map((f, i) =>
      i === 1 ? { ...f, options: [...f.options, { value: null, label: texts(' ', 'أزرق') }] } : f,
    );
    expect(firstMissingLabel(blankOption)).toEqual({ field: 2, option: 3 });
    const blankField = [{ ...fields[0]!, label: texts('  ', 'الحقل') }, ...blankOption.slice(1)];
    expect(firstMissingLabel(blankField)).toEqual({ field: 1, option: null });
  });
});
