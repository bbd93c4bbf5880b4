import type { LocalStore } from '../../src/node.js';

/**
 * Creates `patients` patients of clinic `clinicId`, each with a visit there
 * and an event, on a device (to be pushed by its next sync): `patients * 3`
 * rows, all in the scope of that clinic's users.
 */
export async function seedRecords(
  store: LocalStore,
  clinicId: string,
  patients: number,
  prefix = 'seed',
): Promise<void> {
  await store.transaction(async (tx) => {
    for (let i = 0; i < patients; i++) {
      const n = String(i).padStart(6, '0');
      const patient = await tx.create('patients', {
        id: `${prefix}-p${n}`,
        given_name: `Given ${n}`,
        surname: `Surname ${i % 97}`,
        phone: `+961 ${n}`,
        date_of_birth: '1990-01-01',
        sex: i % 2 ? 'female' : 'male',
        additional_data: JSON.stringify({ note: 'x'.repeat(i % 50) }),
        metadata: '{}',
        primary_clinic_id: clinicId,
      });
      const visit = await tx.create('visits', {
        id: `${prefix}-v${n}`,
        patient_id: patient.id,
        clinic_id: clinicId,
        provider_name: 'Dr. Seed',
        check_in_timestamp: 1_700_000_000_000 + i,
        metadata: '{}',
      });
      await tx.create('events', {
        id: `${prefix}-e${n}`,
        patient_id: patient.id,
        visit_id: visit.id,
        event_type: 'vitals',
        form_data: JSON.stringify([{ name: 'weight', value: 60 + (i % 30) }]),
        metadata: '{}',
      });
    }
  });
}
