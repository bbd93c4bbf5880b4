import {
  acuteDiagnoses,
  chronicTreatments,
  complaints,
  historySentence,
  medicines,
  medicinesByName,
} from './clinical-catalog.js';
import type { Diagnosis, Medicine } from './clinical-catalog.js';
import { diagnosisEntry, FormDataWriter, medicineMembers } from './form-data-writer.js';
import { eventFormSpecs } from './forms.js';
import type { FormKind } from './forms.js';
import type { Vitals } from './measure-vitals.js';
import type { SeededRandom } from './seeded-random.js';

/** A medicine line of an event's medicine field (Hikma's MedicationEntry). */
export interface Medication {
  readonly id: string;
  readonly medicine: Medicine;
}

export interface FormDataResult {
  /** The `form_data` column: JSON text of 0.5 to 2 KB. */
  readonly formData: string;
  readonly diagnoses: readonly Diagnosis[];
  readonly medications: readonly Medication[];
}

export interface EventInput {
  readonly eventId: string;
  readonly time: number;
  readonly vitals: Vitals;
  /** The patient's long-term condition, if any. */
  readonly chronic: Diagnosis | undefined;
  readonly weeksPregnant: number;
}

const day = 86_400_000;

const optionValues = new Map(
  eventFormSpecs.flatMap((spec) =>
    spec.fields.map(
      (f) => [`${spec.kind}/${f.id}`, (f.options ?? []).map((o) => o.value)] as const,
    ),
  ),
);

/** The value of option `index` of a field, as JSON text. */
function option(kind: FormKind, fieldId: string, index: number): string {
  const values = optionValues.get(`${kind}/${fieldId}`) ?? [];
  return JSON.stringify(values[Math.min(index, values.length - 1)] ?? '');
}

/** Midnight UTC of `time`, as the ISO string a date field stores. */
function isoDay(time: number): string {
  return `"${new Date(time - (time % day)).toISOString()}"`;
}

function medicationsJson(medications: readonly Medication[]): string {
  return `[${medications.map((m) => `{"id":${JSON.stringify(m.id)},${medicineMembers(m.medicine)}}`).join(',')}]`;
}

function diagnosesJson(diagnoses: readonly Diagnosis[]): string {
  return `[${diagnoses.map(diagnosisEntry).join(',')}]`;
}

function vitalsForm(random: SeededRandom, input: EventInput): FormDataResult {
  const v = input.vitals;
  const form = new FormDataWriter('vitals');
  const complaint = form.text('chief-complaint');
  complaint.sentences.push(historySentence(random, random.pick(complaints)));
  form.number('temperature', v.temperatureCelsius);
  form.number('systolic', v.systolic);
  form.number('diastolic', v.diastolic);
  form.number('pulse', v.pulse);
  form.number('respiratory-rate', v.respiratoryRate);
  form.number('spo2', v.oxygenSaturation);
  form.number('weight', v.weightKg);
  form.number('height', v.heightCm);
  form.json('pain', option('vitals', 'pain', v.painLevel));
  form.json('triage', option('vitals', 'triage', random.weighted([80, 17, 3])));
  form.fill(random, random.int(600, 1300), ['history']);
  return { formData: form.toJson(), diagnoses: [], medications: [] };
}

function pickDiagnoses(random: SeededRandom, input: EventInput): Diagnosis[] {
  const found = random.sample(acuteDiagnoses, random.weighted([0, 70, 22, 8]));
  if (input.chronic && random.chance(0.5)) found.push(input.chronic);
  return found;
}

function treatmentsFor(
  random: SeededRandom,
  eventId: string,
  diagnoses: readonly Diagnosis[],
): Medication[] {
  const chosen = new Map<string, Medicine>();
  for (const diagnosis of diagnoses) {
    if (chosen.size >= 3) break;
    const names = chronicTreatments[diagnosis.code];
    if (names) {
      const medicine = medicinesByName.get(random.pick(names));
      if (medicine) chosen.set(medicine.name, medicine);
    } else if (random.chance(0.6)) {
      const medicine = random.pick(medicines);
      chosen.set(medicine.name, medicine);
    }
  }
  return [...chosen.values()].map((medicine, i) => ({ id: `${eventId}-m${i + 1}`, medicine }));
}

function consultationForm(random: SeededRandom, input: EventInput): FormDataResult {
  const diagnoses = pickDiagnoses(random, input);
  const medications = treatmentsFor(random, input.eventId, diagnoses);
  const form = new FormDataWriter('consultation');
  const history = form.text('history');
  history.sentences.push(historySentence(random, random.pick(complaints)));
  form.text('examination');
  form.json('diagnosis', diagnosesJson(diagnoses));
  form.json('medicines', medicationsJson(medications));
  form.text('plan');
  if (random.chance(0.5)) form.json('follow-up', isoDay(input.time + random.int(7, 42) * day));
  form.json('referral', random.chance(0.08) ? '"yes"' : '"no"');
  form.fill(random, random.int(700, 1950), ['history', 'exam', 'plan']);
  return { formData: form.toJson(), diagnoses, medications };
}

function chronicForm(random: SeededRandom, input: EventInput): FormDataResult {
  const diagnosis = input.chronic ?? random.pick(acuteDiagnoses);
  const diabetic = diagnosis.code.startsWith('E1');
  const medications = treatmentsFor(random, input.eventId, [diagnosis]);
  const form = new FormDataWriter('chronic');
  form.json('diagnosis', diagnosesJson([diagnosis]));
  form.number('glucose', diabetic ? random.int(110, 320) : random.int(75, 140));
  form.number('hba1c', diabetic ? random.float(6.5, 11.5, 1) : null);
  form.json('adherence', option('chronic', 'adherence', random.weighted([60, 30, 10])));
  form.json('complications', option('chronic', 'complications', random.weighted([75, 8, 7, 4, 6])));
  form.json('medicines', medicationsJson(medications));
  form.text('notes');
  form.fill(random, random.int(600, 1600), ['exam']);
  return { formData: form.toJson(), diagnoses: [diagnosis], medications };
}

function antenatalForm(random: SeededRandom, input: EventInput): FormDataResult {
  const weeks = input.weeksPregnant;
  const gravida = random.int(1, 6);
  const form = new FormDataWriter('antenatal');
  form.number('gestational-age', weeks);
  form.number('gravida', gravida);
  form.number('para', random.int(0, gravida - 1));
  form.number('fundal-height', weeks >= 20 ? weeks + random.int(-2, 2) : null);
  form.number('fetal-heart-rate', weeks >= 12 ? random.int(120, 160) : null);
  form.json(
    'danger-signs',
    `[${option('antenatal', 'danger-signs', random.weighted([90, 3, 3, 2, 0, 2]))}]`,
  );
  form.json('next-visit', isoDay(input.time + random.int(2, 6) * 7 * day));
  form.text('notes');
  form.fill(random, random.int(600, 1500), ['plan']);
  return { formData: form.toJson(), diagnoses: [], medications: [] };
}

/**
 * The `form_data` of an event of `kind`, with the diagnoses and medicines it
 * records (the generator turns them into problems and prescriptions).
 */
export function generateFormData(
  random: SeededRandom,
  kind: FormKind,
  input: EventInput,
): FormDataResult {
  switch (kind) {
    case 'vitals':
      return vitalsForm(random, input);
    case 'consultation':
      return consultationForm(random, input);
    case 'chronic':
      return chronicForm(random, input);
    case 'antenatal':
      return antenatalForm(random, input);
  }
}
