import { chronicDiagnoses } from './clinical-catalog.js';
import type { Diagnosis } from './clinical-catalog.js';
import { attributeFields } from './registration-form.js';
import type { RegistrationFormField } from './registration-form.js';
import { generateVisit } from './generate-visit.js';
import type { PatientProfile } from './generate-visit.js';
import { clinicTime, day, minute, startOfDay } from './seed-context.js';
import type { GenerationContext, RowBatch, SeedClinic } from './seed-context.js';
import { SeededRandom } from './seeded-random.js';

/** The id of patient `number` of `clinic`: readable, and sorted by clinic and patient. */
export function patientId(context: GenerationContext, clinic: SeedClinic, number: number): string {
  return `${context.idPrefix}-c${clinic.index + 1}-p${String(number).padStart(6, '0')}`;
}

// Age bands in years and how common each is among patients.
const ageBands: readonly (readonly [number, number])[] = [
  [0, 4],
  [5, 14],
  [15, 29],
  [30, 49],
  [50, 69],
  [70, 90],
];
const ageBandWeights = [12, 16, 24, 24, 17, 7];

// How often each registration attribute is filled in.
const attributeOdds: Readonly<Record<string, number>> = {
  marital_status: 0.4,
  household_size: 0.3,
  blood_type: 0.12,
  has_disability: 0.1,
  arrival_date: 0.2,
  occupation: 0.15,
};
const adultAttributes = new Set(['marital_status', 'occupation']);
const occupations = [
  'Farmer',
  'Teacher',
  'Student',
  'Driver',
  'Homemaker',
  'Builder',
  'Nurse',
  'Tailor',
  'Unemployed',
];

function chronicConditionFor(random: SeededRandom, age: number): Diagnosis | undefined {
  if (age < 30) {
    return random.chance(0.04) ? chronicDiagnoses.find((d) => d.code === 'J45.909') : undefined;
  }
  return random.chance(0.12 + (age - 30) * 0.006) ? random.pick(chronicDiagnoses) : undefined;
}

/** The value columns of an attribute row, one of them set according to the field's type. */
function attributeValues(random: SeededRandom, field: RegistrationFormField, registeredAt: number) {
  const values: Record<string, number | string | boolean | null> = {
    number_value: null,
    string_value: null,
    date_value: null,
    boolean_value: null,
  };
  switch (field.fieldType) {
    case 'number':
      values['number_value'] = random.int(1, 9);
      break;
    case 'boolean':
      values['boolean_value'] = random.chance(0.3);
      break;
    case 'date':
      values['date_value'] = startOfDay(registeredAt) - random.int(30, 2000) * day;
      break;
    case 'select':
      values['string_value'] = random.pick(field.options).en;
      break;
    case 'text':
      values['string_value'] = random.pick(occupations);
      break;
  }
  return values;
}

function addAttributes(
  random: SeededRandom,
  patientId: string,
  ageYears: number,
  registeredAt: number,
  out: RowBatch,
): void {
  for (const field of attributeFields) {
    const odds = attributeOdds[field.column] ?? 0.15;
    if ((adultAttributes.has(field.column) && ageYears < 16) || !random.chance(odds)) continue;
    out.patient_additional_attributes.push({
      id: `${patientId}-a-${field.column}`,
      patient_id: patientId,
      attribute_id: field.id,
      attribute: field.column,
      ...attributeValues(random, field, registeredAt),
      metadata: '{}',
      is_deleted: false,
      created_at: registeredAt,
      updated_at: registeredAt,
      last_modified: registeredAt,
      server_created_at: registeredAt,
      deleted_at: null,
    });
  }
}

/**
 * Appends one patient's records to `out`: the patient, 1–5 visits with 1–3
 * events each (form_data of 0.5–2 KB), vitals, problems (ICD-10),
 * prescriptions, appointments and registration attributes; about ten rows.
 * The records depend only on (seed, clinic, number), never on what was
 * generated before, so batch sizes do not change them.
 */
export function generatePatient(
  context: GenerationContext,
  clinic: SeedClinic,
  number: number,
  out: RowBatch,
): void {
  const random = new SeededRandom(context.seed, clinic.index, number);
  const id = patientId(context, clinic, number);
  const { pools } = context;
  const population = pools.populations[random.weighted(pools.weights)]!;
  const female = random.chance(0.52);
  const band = ageBands[random.weighted(ageBandWeights)]!;
  const ageYears = random.int(band[0], band[1]);
  const registrar = random.pick(clinic.registrars);

  const registeredDaysAgo = random.int(1, 3 * 365);
  const registeredAt = clinicTime(context, random, registeredDaysAgo);
  const birth = registeredAt - ageYears * 365.25 * day - random.int(0, 364) * day;
  const chronic = chronicConditionFor(random, ageYears);
  const pregnant = female && ageYears >= 16 && ageYears <= 42 && random.chance(0.15);
  const weeksPregnantAtRegistration = random.int(6, 30);

  // Visit days: the first on registration, the others since, oldest first.
  const visitCount = 1 + random.weighted([45, 25, 15, 10, 5]);
  const visitDays = [registeredDaysAgo];
  for (let v = 1; v < visitCount; v++) visitDays.push(random.int(0, registeredDaysAgo - 1));
  visitDays.sort((a, b) => b - a);
  const visitTimes = visitDays.map((d, v) =>
    v === 0 ? registeredAt + random.int(2, 20) * minute : clinicTime(context, random, d),
  );

  out.patients.push({
    id,
    given_name: random.pick(female ? population.femaleNames : population.maleNames),
    surname: random.pick(population.surnames),
    date_of_birth: new Date(birth).toISOString().slice(0, 10),
    citizenship: random.pick(population.countries),
    hometown: random.pick(population.cities),
    phone: random.chance(0.85)
      ? `${population.phonePrefix} ${random.digits(2)} ${random.digits(3)} ${random.digits(4)}`
      : '',
    sex: female ? 'female' : 'male',
    camp: population.language === 'ar' && random.chance(0.4) ? `Camp ${random.int(1, 12)}` : null,
    additional_data: '{}',
    metadata: '{}',
    photo_url: null,
    is_deleted: false,
    deleted_at: null,
    created_at: registeredAt,
    // Last touched at the latest visit (the app bumps the patient then).
    updated_at: Math.max(registeredAt, visitTimes[visitTimes.length - 1]!),
    government_id: random.chance(0.6) ? random.digits(random.int(8, 11)) : '',
    external_patient_id: `${clinic.code}-${String(number).padStart(6, '0')}`,
    primary_clinic_id: clinic.id,
    last_modified_by: registrar.id,
  });
  addAttributes(random, id, ageYears, registeredAt, out);

  const profile: PatientProfile = {
    id,
    ageYears,
    female,
    chronic,
    pregnant,
    weeksPregnantAtRegistration,
    registeredDaysAgo,
    visitDays,
    visitTimes,
    problemCodes: new Set(),
  };
  for (let v = 0; v < visitCount; v++) generateVisit(context, random, clinic, profile, v, out);
}
