import type { Diagnosis, Medicine } from './clinical-catalog.js';
import type { Medication } from './form-data.js';
import { medicineMembers } from './form-data-writer.js';
import { day, minute, startOfDay } from './seed-context.js';
import type { GenerationContext, RowBatch, SeedClinic, SeedStaff } from './seed-context.js';
import type { SeededRandom } from './seeded-random.js';

/** Where a diagnosis or prescription was recorded. */
export interface RecordedAt {
  readonly patientId: string;
  readonly visitId: string;
  readonly eventId: string;
  readonly time: number;
  readonly provider: SeedStaff;
}

const staffMetadata = new WeakMap<SeedStaff, string>();

/** `{"providerId":…,"providerName":…}`, which Hikma puts in an event's metadata. */
export function providerMetadata(staff: SeedStaff): string {
  let json = staffMetadata.get(staff);
  if (json === undefined) {
    json = JSON.stringify({ providerId: staff.id, providerName: staff.name });
    staffMetadata.set(staff, json);
  }
  return json;
}

/**
 * Adds a problem for a diagnosis the patient has not had listed yet: every
 * chronic one (active), and some acute ones (resolved once they are old).
 * `listed` holds the codes already listed for the patient.
 */
export function addProblems(
  context: GenerationContext,
  random: SeededRandom,
  at: RecordedAt,
  diagnoses: readonly Diagnosis[],
  listed: Set<string>,
  out: RowBatch,
): void {
  for (const diagnosis of diagnoses) {
    if (listed.has(diagnosis.code) || (!diagnosis.chronic && !random.chance(0.3))) continue;
    listed.add(diagnosis.code);
    const { time } = at;
    const resolved = !diagnosis.chronic && time < context.referenceTime - 14 * day;
    out.patient_problems.push({
      id: `${at.patientId}-pr${listed.size}`,
      patient_id: at.patientId,
      visit_id: at.visitId,
      problem_code_system: 'icd10',
      problem_code: diagnosis.code,
      problem_label: diagnosis.desc,
      clinical_status: resolved ? 'resolved' : 'active',
      verification_status: random.chance(0.7) ? 'confirmed' : 'provisional',
      severity_score: random.int(1, 10),
      onset_date: startOfDay(time) - random.int(0, diagnosis.chronic ? 900 : 10) * day,
      end_date: resolved ? startOfDay(time) + random.int(5, 14) * day : null,
      recorded_by_user_id: at.provider.id,
      metadata: '{}',
      is_deleted: false,
      created_at: time,
      updated_at: time,
      last_modified: time,
      server_created_at: time,
      deleted_at: null,
    });
  }
}

const itemTails = new Map<Medicine, string>();

/** The members of a prescription item after the medication entry: id and quantity. */
function itemTail(medicine: Medicine): string {
  let tail = itemTails.get(medicine);
  if (tail === undefined) {
    const days = { days: 1, weeks: 7, months: 30 }[medicine.durationUnits] ?? 1;
    const medicationId = medicine.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const quantity = Math.max(1, medicine.frequency * medicine.duration * days);
    tail = `,"medicationId":${JSON.stringify(medicationId)},"quantity":${quantity}`;
    itemTails.set(medicine, tail);
  }
  return tail;
}

/** The `items` JSON of a prescription: Hikma's MedicationEntry plus quantity, status and filling. */
function prescriptionItems(
  medications: readonly Medication[],
  status: string,
  filledAt: number | null,
  filledBy: string | null,
): string {
  const when = filledAt === null ? 'null' : `"${new Date(filledAt).toISOString()}"`;
  const who = filledBy === null ? 'null' : JSON.stringify(filledBy);
  const filling = `,"status":"${status}","priority":"normal","filledAt":${when},"filledByUserId":${who}}`;
  const items = medications.map(
    (m) =>
      `{"id":${JSON.stringify(m.id)},${medicineMembers(m.medicine)}${itemTail(m.medicine)}${filling}`,
  );
  return `[${items.join(',')}]`;
}

/** Most medicines an event records are prescribed; older prescriptions are mostly collected. */
export function addPrescription(
  context: GenerationContext,
  random: SeededRandom,
  clinic: SeedClinic,
  at: RecordedAt,
  medications: readonly Medication[],
  out: RowBatch,
): void {
  if (medications.length === 0 || !random.chance(0.85)) return;
  const { time } = at;
  const collected = time < context.referenceTime - 2 * day;
  const status = collected
    ? random.pick(['picked-up', 'picked-up', 'picked-up', 'partially-picked-up', 'not-picked-up'])
    : 'pending';
  const filled = status === 'picked-up' || status === 'partially-picked-up';
  const filledAt = filled ? time + random.int(10, 90) * minute : null;
  const filledBy = filled ? random.pick(clinic.providers).id : null;
  out.prescriptions.push({
    id: `${at.eventId}-rx`,
    patient_id: at.patientId,
    provider_id: at.provider.id,
    filled_by: filledBy,
    pickup_clinic_id: clinic.id,
    visit_id: at.visitId,
    priority: random.chance(0.9) ? 'normal' : random.pick(['high', 'low', 'emergency']),
    expiration_date: time + 30 * day,
    prescribed_at: time,
    filled_at: filledAt,
    status,
    items: prescriptionItems(medications, status, filledAt, filledBy),
    notes: random.chance(0.3) ? 'Take with food.' : '',
    metadata: providerMetadata(at.provider),
    is_deleted: false,
    created_at: time,
    updated_at: time,
    deleted_at: null,
  });
}
