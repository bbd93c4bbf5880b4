import { randomBytes } from 'node:crypto';
import { permissionFlags } from '@clinicsync/schema';
import type { AnyWireRow, Permissions, Role } from '@clinicsync/schema';
import { clinicRow, createUser } from '../admin/create-user.js';
import { writeServerRows } from '../admin/write-server-rows.js';
import { resetPassword } from '../auth/reset-password.js';
import type { AuthUser } from '../auth/users.js';
import { findUserByEmail } from '../auth/users.js';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import { formRows } from './forms.js';
import type { SeedClinic } from './seed-context.js';
import { buildNamePools } from './name-pools.js';
import { writePatients } from './write-patients.js';

const demoClinicId = 'demo-clinic';
const idPrefix = 'demo';

/** What a demo clinic is made of; the command line decides the names (`serve --demo`). */
export interface DemoClinicPlan {
  readonly clinicName: string;
  readonly adminEmail: string;
  readonly providerEmail: string;
  readonly patients: number;
}

export interface DemoAccount {
  readonly email: string;
  readonly password: string;
}

export interface DemoClinic {
  readonly admin: DemoAccount;
  readonly provider: DemoAccount;
  readonly patients: number;
  readonly rows: number;
}

const everything: Permissions = Object.fromEntries(permissionFlags.map((flag) => [flag, true]));

/** A random password: 16 characters of base64url. */
function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}

/** Creates the user, or, when a half-finished earlier demo left it, gives it this new password. */
async function ensureUser(
  db: Database,
  email: string,
  password: string,
  name: string,
  role: Role,
): Promise<AuthUser> {
  try {
    return await createUser(
      db,
      { email, password, name, role, clinicId: demoClinicId, permissions: everything },
      null,
    );
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'email_taken') throw error;
    return resetPassword(db, email, password);
  }
}

/** The demo clinic, its departments and the forms, with fixed ids (a retry rewrites the same rows). */
async function writeClinic(db: Database, name: string, now: number): Promise<void> {
  const clinic = clinicRow(demoClinicId, name, now);
  const departments = ['General Medicine', 'Pharmacy', 'Maternal Health'].map(
    (name, i): AnyWireRow => ({
      id: `${demoClinicId}-dep${i + 1}`,
      clinic_id: demoClinicId,
      name,
      code: null,
      description: null,
      status: 'active',
      can_dispense_medications: name === 'Pharmacy',
      can_perform_labs: false,
      can_perform_imaging: false,
      additional_capabilities: '[]',
      metadata: '{}',
      is_deleted: false,
      created_at: now,
      updated_at: now,
      last_modified: now,
      server_created_at: now,
      deleted_at: null,
    }),
  );
  const forms = formRows(idPrefix, [demoClinicId], now);
  await db.transaction((tx) =>
    writeServerRows(
      tx,
      [
        { table: 'clinics', created: [clinic] },
        { table: 'clinic_departments', created: departments },
        { table: 'event_forms', created: forms.eventForms },
        { table: 'registration_forms', created: forms.registrationForms },
      ],
      null,
    ),
  );
}

/**
 * The `--demo` data: a clinic named `plan.clinicName` with forms and
 * `plan.patients` patients with their records, a provider who recorded them,
 * and an administrator of the clinic; both with random passwords, returned
 * once and never stored in clear. The administrator is created last, so an
 * interrupted first start is completed by the next one (which resets the
 * passwords of accounts it finds).
 *
 * @example
 * const demo = await createDemoClinic(db, {
 *   clinicName: 'Demo Clinic',
 *   adminEmail: 'admin@demo.local',
 *   providerEmail: 'provider@demo.local',
 *   patients: 200,
 * });
 * console.log(demo.admin.password); // shown once
 * @throws AppError when a user cannot be created for another reason than an existing email.
 */
export async function createDemoClinic(
  db: Database,
  plan: DemoClinicPlan,
  now = Date.now(),
): Promise<DemoClinic> {
  await writeClinic(db, plan.clinicName, now);
  const provider = { email: plan.providerEmail, password: randomPassword() };
  const providerUser = await ensureUser(
    db,
    provider.email,
    provider.password,
    'Dr. Demo Provider',
    'provider',
  );
  const staff = { id: providerUser.id, name: providerUser.name };
  const clinic: SeedClinic = {
    index: 0,
    id: demoClinicId,
    code: 'DEMO',
    providers: [staff],
    registrars: [staff],
    departments: ['General Medicine', 'Pharmacy', 'Maternal Health'].map((name, i) => ({
      id: `${demoClinicId}-dep${i + 1}`,
      name,
    })),
  };
  const written = await writePatients(
    db,
    { seed: 0, idPrefix, referenceTime: now, pools: await buildNamePools(0) },
    [{ clinic, count: plan.patients }],
    { batchSize: plan.patients },
  );
  const admin = { email: plan.adminEmail, password: randomPassword() };
  await ensureUser(db, admin.email, admin.password, 'Demo Administrator', 'admin');
  return { admin, provider, patients: written.patients, rows: written.rows };
}

/** Whether this database holds the demo of `plan` (its administrator exists). */
export async function hasDemoClinic(db: Database, plan: DemoClinicPlan): Promise<boolean> {
  return (await findUserByEmail(db, plan.adminEmail)) !== undefined;
}
