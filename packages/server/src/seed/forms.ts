import type { AnyWireRow } from '@clinicsync/schema';
import { registrationFields } from './registration-form.js';

/**
 * Event and registration forms shaped like Hikma Health's form builder
 * output: an event form's `form_fields` is a list of fields, each with a
 * `fieldType` (free-text, options, binary, diagnosis, medicine, date) and an
 * `inputType` (text, number, textarea, select, radio, checkbox, date,
 * input-group); an event's `form_data` then holds one
 * `{fieldId, fieldType, inputType, name, value}` item per answered field.
 */

export interface FieldOption {
  readonly label: string;
  readonly value: string;
}

export interface EventFormField {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  readonly fieldType: 'free-text' | 'options' | 'binary' | 'diagnosis' | 'medicine' | 'date';
  readonly inputType:
    'text' | 'number' | 'textarea' | 'select' | 'radio' | 'checkbox' | 'date' | 'input-group';
  readonly length?: 'short' | 'long';
  readonly units?: readonly string[];
  readonly multi?: boolean;
  readonly options?: readonly FieldOption[];
  readonly fields?: Readonly<Record<string, unknown>>;
}

export type FormKind = 'vitals' | 'consultation' | 'chronic' | 'antenatal';

export interface EventFormSpec {
  readonly kind: FormKind;
  readonly name: string;
  readonly description: string;
  readonly isSnapshotForm: boolean;
  readonly fields: readonly EventFormField[];
}

const options = (...labels: string[]): FieldOption[] =>
  labels.map((label) => ({ label, value: label.toLowerCase().replace(/[^a-z0-9]+/g, '-') }));

const number = (
  id: string,
  name: string,
  units: string[] = [],
  required = false,
): EventFormField => ({
  id,
  name,
  description: '',
  required,
  fieldType: 'free-text',
  inputType: 'number',
  length: 'short',
  units,
});

const textarea = (
  id: string,
  name: string,
  description = '',
  required = false,
): EventFormField => ({
  id,
  name,
  description,
  required,
  fieldType: 'free-text',
  inputType: 'textarea',
  length: 'long',
});

const select = (
  id: string,
  name: string,
  choices: FieldOption[],
  inputType: 'select' | 'radio' = 'select',
): EventFormField => ({
  id,
  name,
  description: '',
  required: false,
  fieldType: 'options',
  inputType,
  multi: false,
  options: choices,
});

const diagnosisField: EventFormField = {
  id: 'diagnosis',
  name: 'Diagnosis',
  description: 'ICD-10 diagnoses',
  required: true,
  fieldType: 'diagnosis',
  inputType: 'select',
  options: [],
};

const medicineField: EventFormField = {
  id: 'medicines',
  name: 'Medicines',
  description: 'Medicines prescribed at this visit',
  required: false,
  fieldType: 'medicine',
  inputType: 'input-group',
  fields: {
    name: { fieldType: 'free-text', inputType: 'text' },
    route: {
      options: ['oral', 'topical', 'inhalation', 'intramuscular', 'subcutaneous', 'ophthalmic'],
    },
    form: {
      options: ['tablet', 'capsule', 'syrup', 'cream', 'drops', 'inhaler', 'injection', 'other'],
    },
    frequency: { fieldType: 'free-text', inputType: 'number' },
    intervals: { fieldType: 'free-text', inputType: 'number' },
    dose: { fieldType: 'free-text', inputType: 'number' },
    doseUnits: { options: ['mg', 'g', 'mcg', 'mL', 'units'] },
    duration: { fieldType: 'free-text', inputType: 'number' },
    durationUnits: { options: ['days', 'weeks', 'months'] },
  },
};

export const eventFormSpecs: readonly EventFormSpec[] = [
  {
    kind: 'vitals',
    name: 'Vitals and Triage',
    description: 'Vital signs and triage category, taken at check-in',
    isSnapshotForm: false,
    fields: [
      textarea('chief-complaint', 'Chief complaint', 'In the patient’s words', true),
      number('temperature', 'Temperature', ['°C']),
      number('systolic', 'Blood pressure, systolic', ['mmHg']),
      number('diastolic', 'Blood pressure, diastolic', ['mmHg']),
      number('pulse', 'Pulse', ['beats/min']),
      number('respiratory-rate', 'Respiratory rate', ['breaths/min']),
      number('spo2', 'Oxygen saturation', ['%']),
      number('weight', 'Weight', ['kg']),
      number('height', 'Height', ['cm']),
      select('pain', 'Pain scale', options('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10')),
      select('triage', 'Triage category', options('Green', 'Yellow', 'Red'), 'radio'),
    ],
  },
  {
    kind: 'consultation',
    name: 'Medical Consultation',
    description: 'History, examination, diagnosis and treatment',
    isSnapshotForm: false,
    fields: [
      textarea('history', 'History of present illness', '', true),
      textarea('examination', 'Examination findings'),
      diagnosisField,
      medicineField,
      textarea('plan', 'Plan and advice'),
      {
        id: 'follow-up',
        name: 'Follow-up date',
        description: '',
        required: false,
        fieldType: 'date',
        inputType: 'date',
      },
      {
        id: 'referral',
        name: 'Referred',
        description: 'Referred to another service',
        required: false,
        fieldType: 'binary',
        inputType: 'radio',
        options: options('Yes', 'No'),
      },
    ],
  },
  {
    kind: 'chronic',
    name: 'Chronic Disease Follow-up',
    description: 'Review of hypertension, diabetes, asthma and other long-term conditions',
    isSnapshotForm: true,
    fields: [
      diagnosisField,
      number('glucose', 'Random blood glucose', ['mg/dL']),
      number('hba1c', 'HbA1c', ['%']),
      select('adherence', 'Medication adherence', options('Good', 'Partial', 'Poor')),
      select(
        'complications',
        'Complications screened',
        options('None', 'Neuropathy', 'Retinopathy', 'Foot ulcer', 'Other'),
      ),
      medicineField,
      textarea('notes', 'Notes'),
    ],
  },
  {
    kind: 'antenatal',
    name: 'Antenatal Care',
    description: 'Antenatal visit',
    isSnapshotForm: false,
    fields: [
      number('gestational-age', 'Gestational age', ['weeks'], true),
      number('gravida', 'Gravida'),
      number('para', 'Para'),
      number('fundal-height', 'Fundal height', ['cm']),
      number('fetal-heart-rate', 'Fetal heart rate', ['beats/min']),
      {
        id: 'danger-signs',
        name: 'Danger signs',
        description: '',
        required: false,
        fieldType: 'options',
        inputType: 'checkbox',
        multi: true,
        options: options(
          'None',
          'Vaginal bleeding',
          'Severe headache',
          'Blurred vision',
          'Convulsions',
          'Reduced fetal movement',
        ),
      },
      {
        id: 'next-visit',
        name: 'Next visit',
        description: '',
        required: false,
        fieldType: 'date',
        inputType: 'date',
      },
      textarea('notes', 'Notes'),
    ],
  },
];

/** The id of a data set's event form of `kind`. */
export function eventFormId(idPrefix: string, kind: FormKind): string {
  return `${idPrefix}-form-${kind}`;
}

/** The id of a data set's registration form. */
export function registrationFormId(idPrefix: string): string {
  return `${idPrefix}-registration-form`;
}

/** The event form and registration form rows of a data set, available in `clinicIds`. */
export function formRows(
  idPrefix: string,
  clinicIds: readonly string[],
  time: number,
): { eventForms: AnyWireRow[]; registrationForms: AnyWireRow[] } {
  const eventForms = eventFormSpecs.map((spec): AnyWireRow => ({
    id: eventFormId(idPrefix, spec.kind),
    name: spec.name,
    description: spec.description,
    language: 'en',
    is_editable: true,
    is_snapshot_form: spec.isSnapshotForm,
    form_fields: JSON.stringify(spec.fields),
    metadata: '{}',
    is_deleted: false,
    deleted_at: null,
    created_at: time,
    updated_at: time,
    clinic_ids: JSON.stringify(clinicIds),
    translations: '[]',
  }));
  const registrationForms: AnyWireRow[] = [
    {
      id: registrationFormId(idPrefix),
      name: 'Patient Registration',
      fields: JSON.stringify(registrationFields),
      metadata: '{}',
      is_deleted: false,
      deleted_at: null,
      created_at: time,
      updated_at: time,
    },
  ];
  return { eventForms, registrationForms };
}
