import type { AnyWireRow } from '@clinicsync/schema';
import { permissionRow } from '../admin/create-user.js';
import type { Permissions } from '@clinicsync/schema';
import type { ServerRowChanges } from '../admin/write-server-rows.js';
import type { Role } from '@clinicsync/schema';
import { formRows } from './forms.js';
import type { NamePools } from './name-pools.js';
import type { SeedClinic, SeedStaff } from './seed-context.js';
import { SeededRandom } from './seeded-random.js';

/** A seeded user, as the seed command lists them. */
export interface SeededUser {
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly clinic: string;
}

const clinicNames = [
  'Hope Community Clinic',
  'Riverside Health Post',
  'Al Amal Medical Centre',
  'San Rafael Primary Care',
  'Northern Valley Clinic',
  'Camp 4 Health Point',
  'Bridgeway Family Clinic',
  'La Esperanza Health Centre',
];

const departmentSpecs = [
  { name: 'General Medicine', code: 'GEN', dispense: false, labs: false },
  { name: 'Pharmacy', code: 'PHA', dispense: true, labs: false },
  { name: 'Maternal Health', code: 'MAT', dispense: false, labs: true },
] as const;

const providerPermissions: Permissions = {
  can_register_patients: true,
  can_view_history: true,
  can_edit_records: true,
  can_delete_records: false,
  can_prescribe_medications: true,
  can_dispense_medications: true,
  can_download_patient_reports: true,
  can_delete_patient_visits: true,
};

const registrarPermissions: Permissions = {
  can_register_patients: true,
  can_view_history: true,
  can_edit_records: false,
};

const staffSpecs = [
  { key: 'provider1', role: 'provider', title: 'Dr.', permissions: providerPermissions },
  { key: 'provider2', role: 'provider', title: 'Nurse', permissions: providerPermissions },
  { key: 'registrar1', role: 'registrar', title: '', permissions: registrarPermissions },
] as const;

/** The password of every user of the data set of `seed`. */
export function seedPassword(seed: number): string {
  return `clinicsync-seed-${seed}`;
}

/** The email of a seeded user, e.g. `c1.provider1@seed42.clinicsync.local`. */
export function seedEmail(seed: number, clinicIndex: number, key: string): string {
  return `c${clinicIndex + 1}.${key}@seed${seed}.clinicsync.local`;
}

export interface SetUp {
  readonly clinics: SeedClinic[];
  readonly users: SeededUser[];
  readonly changes: readonly ServerRowChanges[];
  readonly userIds: string[];
}

/** Clinics, their departments and staff, and the forms: the rows patients refer to. */
export function planSetUp(
  seed: number,
  idPrefix: string,
  count: number,
  pools: NamePools,
  time: number,
): SetUp {
  const random = new SeededRandom(seed, 0xc11c);
  const clinics: SeedClinic[] = [];
  const users: SeededUser[] = [];
  const rows = {
    clinics: [] as AnyWireRow[],
    clinic_departments: [] as AnyWireRow[],
    users: [] as AnyWireRow[],
    user_clinic_permissions: [] as AnyWireRow[],
  };
  for (let index = 0; index < count; index++) {
    const id = `${idPrefix}-c${index + 1}`;
    const base = clinicNames[index % clinicNames.length]!;
    const name =
      index < clinicNames.length ? base : `${base} ${Math.floor(index / clinicNames.length) + 1}`;
    rows.clinics.push({
      id,
      name,
      updated_at: time,
      created_at: time,
      is_deleted: false,
      deleted_at: null,
      is_archived: false,
    });
    const departments = departmentSpecs.map((d, i) => ({ id: `${id}-dep${i + 1}`, spec: d }));
    for (const { id: departmentId, spec } of departments) {
      rows.clinic_departments.push({
        id: departmentId,
        clinic_id: id,
        name: spec.name,
        code: spec.code,
        description: null,
        status: 'active',
        can_dispense_medications: spec.dispense,
        can_perform_labs: spec.labs,
        can_perform_imaging: false,
        additional_capabilities: '[]',
        metadata: '{}',
        is_deleted: false,
        created_at: time,
        updated_at: time,
        last_modified: time,
        server_created_at: time,
        deleted_at: null,
      });
    }
    const providers: SeedStaff[] = [];
    const registrars: SeedStaff[] = [];
    for (const staff of staffSpecs) {
      const population = pools.populations[random.weighted(pools.weights)]!;
      const given = random.pick(random.chance(0.5) ? population.femaleNames : population.maleNames);
      const fullName = `${staff.title ? staff.title + ' ' : ''}${given} ${random.pick(population.surnames)}`;
      const userId = `${id}-${staff.key}`;
      const email = seedEmail(seed, index, staff.key);
      rows.users.push({
        id: userId,
        clinic_id: id,
        name: fullName,
        role: staff.role,
        email,
        created_at: time,
        updated_at: time,
        is_deleted: false,
        deleted_at: null,
      });
      rows.user_clinic_permissions.push(permissionRow(userId, id, staff.permissions, null, time));
      users.push({ email, name: fullName, role: staff.role, clinic: name });
      (staff.role === 'provider' ? providers : registrars).push({ id: userId, name: fullName });
    }
    clinics.push({
      index,
      id,
      code: `C${index + 1}`,
      providers,
      registrars,
      departments: departments.map((d) => ({ id: d.id, name: d.spec.name })),
    });
  }
  const forms = formRows(
    idPrefix,
    clinics.map((c) => c.id),
    time,
  );
  return {
    clinics,
    users,
    userIds: rows.users.map((u) => u.id),
    changes: [
      { table: 'clinics', created: rows.clinics },
      { table: 'clinic_departments', created: rows.clinic_departments },
      { table: 'users', created: rows.users },
      { table: 'user_clinic_permissions', created: rows.user_clinic_permissions },
      { table: 'event_forms', created: forms.eventForms },
      { table: 'registration_forms', created: forms.registrationForms },
    ],
  };
}
