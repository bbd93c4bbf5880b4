import { appointmentReasons } from './clinical-catalog.js';
import type { Diagnosis } from './clinical-catalog.js';
import { generateFormData } from './form-data.js';
import { eventFormId, eventFormSpecs } from './forms.js';
import type { FormKind } from './forms.js';
import { addPrescription, addProblems, providerMetadata } from './generate-treatment.js';
import { measureVitals } from './measure-vitals.js';
import type { Vitals } from './measure-vitals.js';
import { day, minute, startOfDay } from './seed-context.js';
import type { GenerationContext, RowBatch, SeedClinic, SeedStaff } from './seed-context.js';
import type { SeededRandom } from './seeded-random.js';

/** What a patient's visits depend on, decided once per patient. */
export interface PatientProfile {
  readonly id: string;
  readonly ageYears: number;
  readonly female: boolean;
  /** The long-term condition followed at visits, if any. */
  readonly chronic: Diagnosis | undefined;
  readonly pregnant: boolean;
  readonly weeksPregnantAtRegistration: number;
  readonly registeredDaysAgo: number;
  /** Days before the reference time of each visit, oldest first. */
  readonly visitDays: readonly number[];
  readonly visitTimes: readonly number[];
  /** ICD-10 codes already on the problem list. */
  readonly problemCodes: Set<string>;
}

const formNames = new Map(eventFormSpecs.map((s) => [s.kind, s.name]));

/** The forms filled at a visit: its main form, after vitals when there are two or three. */
function eventKinds(random: SeededRandom, chronic: boolean, pregnant: boolean): FormKind[] {
  const count = 1 + random.weighted([62, 30, 8]);
  const main: FormKind =
    pregnant && random.chance(0.6)
      ? 'antenatal'
      : chronic && random.chance(0.5)
        ? 'chronic'
        : 'consultation';
  if (count === 1) return [main];
  const kinds: FormKind[] = ['vitals', main];
  if (count === 3) {
    if (pregnant && main !== 'antenatal') kinds.push('antenatal');
    else if (chronic && main !== 'chronic') kinds.push('chronic');
  }
  return kinds;
}

function vitalsRow(
  visitId: string,
  patient: PatientProfile,
  provider: SeedStaff,
  at: number,
  vitals: Vitals,
  eventId: string | null,
) {
  return {
    id: `${visitId}-vs`,
    patient_id: patient.id,
    visit_id: visitId,
    timestamp: at,
    systolic_bp: vitals.systolic,
    diastolic_bp: vitals.diastolic,
    bp_position: 'sitting',
    height_cm: vitals.heightCm,
    weight_kg: vitals.weightKg,
    bmi: vitals.bmi,
    waist_circumference_cm: vitals.waistCm,
    heart_rate: vitals.pulse,
    pulse_rate: vitals.pulse,
    oxygen_saturation: vitals.oxygenSaturation,
    respiratory_rate: vitals.respiratoryRate,
    temperature_celsius: vitals.temperatureCelsius,
    pain_level: vitals.painLevel,
    recorded_by_user_id: provider.id,
    metadata: '{}',
    is_deleted: false,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    event_id: eventId,
  };
}

/**
 * A follow-up booked at visit `v`: fulfilled by the next visit when it came
 * within three months, else scheduled (in the future) or cancelled.
 */
function addAppointment(
  context: GenerationContext,
  random: SeededRandom,
  clinic: SeedClinic,
  patient: PatientProfile,
  v: number,
  provider: SeedStaff,
  out: RowBatch,
): void {
  const visitId = `${patient.id}-v${v + 1}`;
  const checkIn = patient.visitTimes[v]!;
  const next = patient.visitTimes[v + 1];
  const fulfilled = next !== undefined && next - checkIn < 90 * day;
  const slot = (9 * 60 + random.int(0, 28) * 15) * minute;
  const at = fulfilled ? next : startOfDay(checkIn) + random.int(7, 42) * day + slot;
  const status = fulfilled
    ? 'completed'
    : at > context.referenceTime
      ? random.pick(['scheduled', 'pending', 'confirmed'])
      : 'cancelled';
  const department = random.pick(clinic.departments);
  const seen = status === 'completed';
  const chronic = patient.chronic;
  out.appointments.push({
    id: `${visitId}-ap`,
    provider_id: provider.id,
    clinic_id: clinic.id,
    patient_id: patient.id,
    user_id: provider.id,
    current_visit_id: visitId,
    fulfilled_visit_id: fulfilled ? `${patient.id}-v${v + 2}` : null,
    timestamp: at,
    duration: random.pick([15, 15, 20, 30]),
    reason:
      chronic && random.chance(0.5) ? `${chronic.desc} review` : random.pick(appointmentReasons),
    notes: random.chance(0.3) ? 'Bring previous prescriptions.' : '',
    is_walk_in: false,
    departments: JSON.stringify([
      {
        id: department.id,
        name: department.name,
        seen_at: seen ? new Date(at).toISOString() : null,
        seen_by: seen ? provider.id : null,
        status: seen ? 'completed' : 'pending',
      },
    ]),
    status,
    metadata: '{}',
    is_deleted: false,
    created_at: checkIn,
    updated_at: seen ? at : checkIn,
    deleted_at: null,
  });
}

/**
 * Appends visit `v` of a patient: the visit, its events (with the problems
 * and prescriptions they record), its vitals and maybe a follow-up
 * appointment.
 */
export function generateVisit(
  context: GenerationContext,
  random: SeededRandom,
  clinic: SeedClinic,
  patient: PatientProfile,
  v: number,
  out: RowBatch,
): void {
  const visitId = `${patient.id}-v${v + 1}`;
  const checkIn = patient.visitTimes[v]!;
  const provider = random.pick(clinic.providers);
  out.visits.push({
    id: visitId,
    patient_id: patient.id,
    clinic_id: clinic.id,
    provider_id: provider.id,
    provider_name: provider.name,
    check_in_timestamp: checkIn,
    metadata: '{}',
    is_deleted: false,
    deleted_at: null,
    created_at: checkIn,
    updated_at: checkIn,
  });

  const vitals = measureVitals(random, patient.ageYears, patient.female, {
    hypertensive: patient.chronic?.code === 'I10',
    febrile: random.chance(0.15),
  });
  const weeksPregnant = Math.min(
    40,
    patient.weeksPregnantAtRegistration +
      Math.floor((patient.registeredDaysAgo - patient.visitDays[v]!) / 7),
  );
  const kinds = eventKinds(random, patient.chronic !== undefined, patient.pregnant);
  let vitalsEventId: string | null = null;
  let time = checkIn;
  for (let e = 0; e < kinds.length; e++) {
    const kind = kinds[e]!;
    const eventId = `${visitId}-e${e + 1}`;
    time += random.int(3, 25) * minute;
    const input = { eventId, time, vitals, chronic: patient.chronic, weeksPregnant };
    const result = generateFormData(random, kind, input);
    if (kind === 'vitals') vitalsEventId = eventId;
    out.events.push({
      id: eventId,
      patient_id: patient.id,
      form_id: eventFormId(context.idPrefix, kind),
      visit_id: visitId,
      event_type: formNames.get(kind)!,
      form_data: result.formData,
      metadata: providerMetadata(provider),
      is_deleted: false,
      deleted_at: null,
      created_at: time,
      updated_at: time,
      recorded_by_user_id: provider.id,
    });
    const at = { patientId: patient.id, visitId, eventId, time, provider };
    addProblems(context, random, at, result.diagnoses, patient.problemCodes, out);
    addPrescription(context, random, clinic, at, result.medications, out);
  }

  if (vitalsEventId !== null || random.chance(0.3)) {
    const at = checkIn + random.int(1, 10) * minute;
    out.patient_vitals.push(vitalsRow(visitId, patient, provider, at, vitals, vitalsEventId));
  }
  const last = v === patient.visitTimes.length - 1;
  if (random.chance(last ? 0.3 : 0.12)) {
    addAppointment(context, random, clinic, patient, v, provider, out);
  }
}
