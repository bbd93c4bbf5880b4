import { describe, expect, it } from 'vitest';
import { readFields, storedValue, validateField, validateFields } from './form-fields.js';

// Shapes as the seed and Hikma's form builder write them (packages/server/src/seed).
const registrationFields = [
  {
    id: 'sex',
    position: 3,
    column: 'sex',
    label: { en: 'Sex', ar: 'الجنس', es: 'Sexo' },
    fieldType: 'select',
    options: [
      { en: 'male', ar: 'ذكر', es: 'masculino' },
      { en: 'female', ar: 'أنثى', es: 'femenino' },
    ],
    required: true,
    baseField: true,
    visible: true,
    deleted: false,
  },
  {
    id: 'given_name',
    position: 0,
    column: 'given_name',
    label: { en: 'Given name', ar: 'الاسم', es: 'Nombre' },
    fieldType: 'text',
    options: [],
    required: true,
    baseField: true,
    visible: true,
    deleted: false,
  },
  { id: 'gone', position: 9, column: 'x', label: 'Gone', fieldType: 'text', deleted: true },
];

const eventFields = [
  {
    id: 'temp',
    name: 'Temperature',
    required: false,
    fieldType: 'free-text',
    inputType: 'number',
    units: ['°C'],
  },
  {
    id: 'triage',
    name: 'Triage category',
    required: false,
    fieldType: 'options',
    inputType: 'radio',
    options: [{ label: 'Green', value: 'green' }],
  },
  {
    id: 'diagnosis',
    name: 'Diagnosis',
    required: true,
    fieldType: 'diagnosis',
    inputType: 'select',
    options: [],
  },
  {
    id: 'medicines',
    name: 'Medicines',
    required: false,
    fieldType: 'medicine',
    inputType: 'input-group',
    fields: { route: { options: ['oral'] }, dose: { fieldType: 'free-text', inputType: 'number' } },
  },
  {
    id: 'danger',
    name: 'Danger signs',
    required: false,
    fieldType: 'options',
    inputType: 'checkbox',
    multi: true,
    options: [{ label: 'None', value: 'none' }],
  },
  { id: 'next', name: 'Next visit', required: false, fieldType: 'date', inputType: 'date' },
  { id: 'notes', name: 'Notes', required: false, fieldType: 'free-text', inputType: 'textarea' },
];

describe('form fields', () => {
  it('reads a registration form: position order, translated labels and options, deleted left out', () => {
    const fields = readFields(JSON.stringify(registrationFields));
    expect(fields.map((f) => [f.id, f.label, f.kind, f.column, f.required])).toEqual([
      ['given_name', 'Given name', 'text', 'given_name', true],
      ['sex', 'Sex', 'select', 'sex', true],
    ]);
    expect(fields[1]?.options).toEqual([
      { label: 'male', value: 'male' },
      { label: 'female', value: 'female' },
    ]);
    expect(readFields(JSON.stringify(registrationFields), 'ar')[1]?.options[0]).toEqual({
      label: 'ذكر',
      value: 'male',
    });
  });

  it('reads every kind of event form field', () => {
    const kinds = readFields(JSON.stringify(eventFields)).map((f) => f.kind);
    expect(kinds).toEqual([
      'number',
      'select',
      'diagnosis',
      'medicine',
      'multiselect',
      'date',
      'textarea',
    ]);
    expect(readFields(JSON.stringify(eventFields))[3]?.subOptions).toEqual({
      route: ['oral'],
      dose: [],
    });
  });

  it('validates with messages and stores typed values', () => {
    const [temp, triage, diagnosis, medicines] = readFields(JSON.stringify(eventFields));
    if (!temp || !triage || !diagnosis || !medicines) throw new Error('fields missing');
    expect(validateField(temp, 'hot')).toBe('Temperature must be a number.');
    expect(validateField(temp, '')).toBeNull();
    expect(validateField(triage, 'purple')).toBe('Choose one of the options of Triage category.');
    expect(validateField(diagnosis, [])).toBe('Diagnosis is required.');
    expect(storedValue(temp, '38.5')).toBe(38.5);
    expect(
      storedValue(diagnosis, [
        { code: 'J20.9', desc: 'Acute bronchitis' },
        { code: '', desc: '' },
      ]),
    ).toEqual([{ code: 'J20.9', desc: 'Acute bronchitis' }]);
    const medicine = {
      name: 'Amoxicillin',
      dose: '500',
      doseUnits: 'mg',
      route: 'oral',
      form: '',
      frequency: '3',
      duration: '',
      durationUnits: '',
    };
    expect(storedValue(medicines, [medicine])).toEqual([
      { ...medicine, dose: 500, frequency: 3, duration: null },
    ]);
  });

  it('validates a whole form: one message per unacceptable answer, missing answers empty', () => {
    const fields = readFields(JSON.stringify(eventFields));
    expect(validateFields(fields, {})).toEqual({ diagnosis: 'Diagnosis is required.' });
    expect(
      validateFields(fields, {
        temp: 'hot',
        diagnosis: [{ code: 'J20.9', desc: '' }],
        next: 'someday',
      }),
    ).toEqual({ temp: 'Temperature must be a number.', next: 'Next visit must be a date.' });
    expect(validateFields(fields, { diagnosis: [{ code: 'J20.9', desc: '' }] })).toEqual({});
  });

  it('treats unreadable form JSON as no fields', () => {
    expect(readFields('not json')).toEqual([]);
    expect(readFields(null)).toEqual([]);
  });
});
