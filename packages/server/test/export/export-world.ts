import { makeRow } from '@clinicsync/testing/fixtures';
import type { TestServer } from '@clinicsync/testing/server';
import type { AnyWireRow } from '@clinicsync/schema';
import { writeServerRows } from '../../src/admin/write-server-rows.js';
import { erasePatient } from '../../src/patients/erase-patient.js';
import { addPatient, deletePatient } from '../patients/add-patient.js';
import type { World } from '../admin/admin-world.js';

/** The charts every export test reads: clinic A's, clinic B's, and patients no export holds. */
export interface ExportCharts {
  /** Live patients of clinic A, by name. */
  readonly hind: AnyWireRow;
  readonly jose: AnyWireRow;
  /** A patient of clinic B with a visit at clinic A: in both clinics' exports. */
  readonly visitor: AnyWireRow;
  /** Only of clinic B. */
  readonly bashir: AnyWireRow;
  /** Deleted, erased: in no export. */
  readonly deleted: AnyWireRow;
  readonly erased: AnyWireRow;
  /** Clinical records of Hind (clinic A) and of Bashir (clinic B). */
  readonly hindVisit: AnyWireRow;
  readonly bashirVisit: AnyWireRow;
  readonly hindVitals: AnyWireRow;
  readonly bashirVitals: AnyWireRow;
}

async function write(
  server: TestServer,
  table: Parameters<typeof makeRow>[0],
  values: Record<string, unknown>,
) {
  const row = makeRow(table, values);
  await server.database.db.transaction((tx) =>
    writeServerRows(tx, [{ table, created: [row] }], null),
  );
  return row;
}

/** Writes the charts through the server's write path, so scope spans are kept as for pushes. */
export async function writeCharts(server: TestServer, world: World): Promise<ExportCharts> {
  const db = server.database.db;
  const { clinicA, clinicB } = world;
  const hind = await addPatient(db, {
    given_name: 'هند',
    surname: 'الخوري',
    sex: 'female',
    date_of_birth: '1984-03-09',
    phone: '=HYPERLINK("http://evil.test","call")',
    government_id: '+961-1-234',
    citizenship: 'لبنان',
    primary_clinic_id: clinicA,
  });
  const jose = await addPatient(db, {
    given_name: 'José',
    surname: 'Núñez, "Pepe"',
    sex: 'male',
    phone: '+34 600 000 000',
    camp: 'Línea 2\nnorte',
    primary_clinic_id: clinicA,
  });
  const visitor = await addPatient(db, { given_name: 'Visitor', primary_clinic_id: clinicB });
  const bashir = await addPatient(db, { given_name: 'Bashir', primary_clinic_id: clinicB });
  const deleted = await addPatient(db, { given_name: 'Deleted', primary_clinic_id: clinicA });
  await deletePatient(db, deleted.id);
  const erased = await addPatient(db, { given_name: 'Erased', primary_clinic_id: clinicA });
  await erasePatient(db, erased.id, server.admin.id);

  await write(server, 'patient_additional_attributes', {
    patient_id: hind.id,
    attribute_id: 'attr-blood-group',
    attribute: 'Blood group',
    string_value: 'O+',
  });
  await write(server, 'patient_additional_attributes', {
    patient_id: jose.id,
    attribute_id: 'attr-children',
    attribute: 'Children',
    number_value: 3,
  });
  await write(server, 'visits', {
    patient_id: visitor.id,
    clinic_id: clinicA,
    provider_name: 'Dr A',
  });
  const hindVisit = await write(server, 'visits', {
    patient_id: hind.id,
    clinic_id: clinicA,
    provider_name: 'Dr Salma',
    check_in_timestamp: Date.UTC(2026, 5, 1, 9),
  });
  const bashirVisit = await write(server, 'visits', {
    patient_id: bashir.id,
    clinic_id: clinicB,
    provider_name: 'Dr B',
  });
  const vitals = (patient: AnyWireRow, visit: AnyWireRow) =>
    write(server, 'patient_vitals', {
      patient_id: patient.id,
      visit_id: visit.id,
      timestamp: Date.UTC(2026, 5, 1, 9, 5),
      systolic_bp: 128,
      diastolic_bp: 84,
      heart_rate: 72,
      temperature_celsius: 37.2,
      oxygen_saturation: 98,
      weight_kg: 61.5,
      height_cm: 164,
    });
  const hindVitals = await vitals(hind, hindVisit);
  const bashirVitals = await vitals(bashir, bashirVisit);
  for (const [patient, visit] of [
    [hind, hindVisit],
    [bashir, bashirVisit],
  ] as const) {
    await write(server, 'patient_problems', {
      patient_id: patient.id,
      visit_id: visit.id,
      problem_code_system: 'icd10',
      problem_code: 'I10',
      problem_label: 'Essential (primary) hypertension',
      clinical_status: 'active',
      verification_status: 'confirmed',
      onset_date: Date.UTC(2025, 0, 1),
    });
    await write(server, 'prescriptions', {
      patient_id: patient.id,
      visit_id: visit.id,
      provider_id: server.admin.id,
      pickup_clinic_id: patient === hind ? clinicA : clinicB,
      status: 'pending',
      priority: 'normal',
      prescribed_at: Date.UTC(2026, 5, 1, 9, 30),
      expiration_date: Date.UTC(2026, 6, 1),
      items: JSON.stringify([
        {
          id: 'm1',
          name: 'Amlodipine',
          dose: 5,
          doseUnits: 'mg',
          route: 'oral',
          frequency: 1,
          duration: 30,
          durationUnits: 'days',
          quantity: 30,
        },
      ]),
    });
  }
  return {
    hind,
    jose,
    visitor,
    bashir,
    deleted,
    erased,
    hindVisit,
    bashirVisit,
    hindVitals,
    bashirVitals,
  };
}
