import { afterEach, describe, expect, it } from 'vitest';
import { coreFields } from '../features/patients/api/get-registration-form.js';
import { applyLanguage } from '../i18n/i18n.js';
import { readFields, translate, validateField } from './form-fields.js';

// A form as the form builder writes it: some labels in three languages, some
// in English only, one in Arabic only (a form made by an Arabic-speaking clinic).
const fields = [
  {
    id: 'complaint',
    name: { en: 'Chief complaint', ar: 'الشكوى الرئيسية', es: 'Motivo de consulta' },
    required: true,
    fieldType: 'free-text',
    inputType: 'text',
  },
  {
    id: 'temp',
    name: { en: 'Temperature', ar: 'درجة الحرارة' },
    fieldType: 'free-text',
    inputType: 'number',
  },
  {
    id: 'smoker',
    name: 'Smoker',
    fieldType: 'options',
    inputType: 'select',
    options: [
      { en: 'yes', ar: 'نعم', es: 'sí' },
      { en: 'no', ar: 'لا' },
    ],
  },
  { id: 'camp', name: { ar: 'المخيم' }, fieldType: 'free-text', inputType: 'text' },
];
const json = JSON.stringify(fields);

describe('form labels in the chosen language', () => {
  afterEach(() => applyLanguage('en'));

  it('shows each label in the chosen language, falling back to English', () => {
    expect(readFields(json, 'ar').map((f) => f.label)).toEqual([
      'الشكوى الرئيسية',
      'درجة الحرارة',
      'Smoker',
      'المخيم',
    ]);
    expect(readFields(json, 'es').map((f) => f.label)).toEqual([
      'Motivo de consulta',
      'Temperature',
      'Smoker',
      // No English either: the one language the label has.
      'المخيم',
    ]);
    expect(readFields(json, 'es')[2]?.options).toEqual([
      { label: 'sí', value: 'yes' },
      { label: 'no', value: 'no' },
    ]);
    expect(translate({ en: 'Sex', ar: 'الجنس' }, 'es')).toBe('Sex');
  });

  it('keeps the English label for what records store, whatever the language', () => {
    expect(readFields(json, 'ar').map((f) => f.storedLabel)).toEqual([
      'Chief complaint',
      'Temperature',
      'Smoker',
      'المخيم',
    ]);
  });

  it('says why an answer is refused in the chosen language, with the label in it', async () => {
    await applyLanguage('es');
    const [complaint, temp] = readFields(json, 'es');
    if (!complaint || !temp) throw new Error('fields missing');
    expect(validateField(complaint, '')).toBe('El campo “Motivo de consulta” es obligatorio.');
    expect(validateField(temp, 'caliente')).toBe('El campo “Temperature” debe ser un número.');
    await applyLanguage('ar');
    expect(validateField(readFields(json, 'ar')[0]!, '')).toBe('الحقل «الشكوى الرئيسية» مطلوب.');
  });

  it('labels the core registration fields in the chosen language, storing English', async () => {
    await applyLanguage('ar');
    const core = coreFields('ar');
    expect(core.find((f) => f.id === 'given_name')).toMatchObject({
      label: 'الاسم الأول',
      storedLabel: 'Given name',
    });
    expect(core.find((f) => f.id === 'sex')?.options).toEqual([
      { label: 'أنثى', value: 'female' },
      { label: 'ذكر', value: 'male' },
    ]);
  });
});
