import type { AnyWireRow, Permissions, Role, TableName } from '@clinicsync/schema';
import { asPushed, makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, pull, push, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { createClinic, createUser } from '@clinicsync/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { permissionRow } from '../../src/admin/create-user.js';
import { writeServerRows } from '../../src/admin/write-server-rows.js';
import { followPatient } from '../../src/scope/follows.js';

// Scope on push (PROTOCOL.md, "Scope", "Writes") on a server with two
// clinics, A (the test server's) and B, through the real route.

let server: TestServer;
let clinicA: string;
let clinicB: string;
let providerA: TestUser;
let registrarA: TestUser;
let editorA: TestUser;
let providerB: TestUser;
let cursor: number;
let userCount = 0;

async function addUserIn(clinicId: string, role: Role, permissions: Permissions) {
  const email = `scope${++userCount}.${role}@clinic.test`;
  const password = `pw-scope-${userCount}-secret`;
  const user = await createUser(
    server.database.db,
    { email, password, name: `${role} ${userCount}`, role, clinicId, permissions },
    null,
  );
  const basic = `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
  return { ...user, password, basic };
}

/** Rows written with the super administrator's authority (whole scope). */
async function seed(changes: Partial<Record<TableName, AnyWireRow[]>>) {
  const body = Object.fromEntries(
    Object.entries(changes).map(([t, rows]) => [
      t,
      { created: rows.map((r) => asPushed(r, 'created')) },
    ]),
  );
  const result = await push(server.app, { auth: server.admin.basic }, cursor, body);
  expect(result.body).toEqual({ ok: true });
}

const patientIn = (clinic: string, values: Record<string, unknown> = {}) =>
  makeRow('patients', { primary_clinic_id: clinic, given_name: 'Stored', phone: '100', ...values });

async function stored(table: TableName, id: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await server.database.db.query(`SELECT * FROM "${table}" WHERE id = $1`, [id]);
  return row;
}

async function conflictsOf(rowId: string) {
  return server.database.db.query<{
    kind: string;
    reason: string | null;
    clinic_id: string | null;
    applied_value: unknown;
    applied_by: string | null;
    applied_device: string | null;
  }>(
    `SELECT kind, reason, clinic_id, applied_value, applied_by, applied_device
       FROM conflicts WHERE row_id = $1 ORDER BY id`,
    [rowId],
  );
}

beforeAll(async () => {
  server = await startTestServer();
  clinicA = server.clinicId;
  clinicB = (await createClinic(server.database.db, 'Clinic B', null)).id;
  providerA = await server.addUser('provider', allPermissions);
  registrarA = await server.addUser('registrar', { can_register_patients: true });
  editorA = await server.addUser('provider', { can_edit_records: true });
  providerB = await addUserIn(clinicB, 'provider', allPermissions);
  cursor = (await pull(server.app, { auth: server.admin.basic }, 0)).timestamp;
});
afterAll(() => server.close());

describe('own clinic: each write allowed by its flag', () => {
  test('a registrar registers, an editor edits, neither deletes; a provider with every flag does', async () => {
    const patient = patientIn(clinicA);
    const visit = makeRow('visits', { patient_id: patient.id, clinic_id: clinicA });
    await seed({ patients: [patient], visits: [visit] });

    const registered = patientIn(clinicA);
    const byRegistrar = await push(server.app, { auth: registrarA.basic }, cursor, {
      patients: {
        created: [asPushed(registered, 'created')],
        updated: [asPushed({ ...patient, phone: 'registrar' }, 'updated', ['phone'])],
      },
      visits: { deleted: [visit.id] },
    });
    expect(byRegistrar.body['rejected']).toEqual([
      { table: 'patients', id: patient.id, reason: 'forbidden' },
      { table: 'visits', id: visit.id, reason: 'forbidden' },
    ]);
    expect(await stored('patients', registered.id)).toBeDefined();

    const byEditor = await push(server.app, { auth: editorA.basic }, cursor, {
      patients: { updated: [asPushed({ ...patient, phone: 'editor' }, 'updated', ['phone'])] },
      visits: { deleted: [visit.id] },
    });
    expect(byEditor.body['rejected']).toEqual([
      { table: 'visits', id: visit.id, reason: 'forbidden' },
    ]);
    expect((await stored('patients', patient.id))?.['phone']).toBe('editor');
    expect((await stored('visits', visit.id))?.['_deleted']).toBe(false);

    const event = makeRow('events', { patient_id: patient.id, visit_id: visit.id });
    const byProvider = await push(server.app, { auth: providerA.basic }, cursor, {
      events: { created: [asPushed(event, 'created')] },
      visits: { deleted: [visit.id] },
    });
    expect(byProvider.body).toEqual({ ok: true });
    expect((await stored('visits', visit.id))?.['_deleted']).toBe(true);
  });

  test('a registrar pushing an existing patient in `created` is editing it: forbidden, unchanged', async () => {
    const patient = patientIn(clinicA);
    await seed({ patients: [patient] });
    const result = await push(server.app, { auth: registrarA.basic }, cursor, {
      patients: { created: [asPushed({ ...patient, given_name: 'Overwritten' }, 'created')] },
    });
    expect(result.body).toEqual({
      ok: true,
      experimentalRejectedIds: { patients: [patient.id] },
      rejected: [{ table: 'patients', id: patient.id, reason: 'forbidden' }],
    });
    expect((await stored('patients', patient.id))?.['given_name']).toBe('Stored');
    expect(await conflictsOf(patient.id)).toEqual([
      expect.objectContaining({ kind: 'refused', reason: 'forbidden', clinic_id: clinicA }),
    ]);
  });
});

describe('another clinic', () => {
  let patientB: AnyWireRow;
  let visitB: AnyWireRow;
  let refusedPush: Record<string, unknown>;

  beforeAll(async () => {
    patientB = patientIn(clinicB);
    visitB = makeRow('visits', { patient_id: patientB.id, clinic_id: clinicB });
    await seed({ patients: [patientB], visits: [visitB] });
    refusedPush = {
      patients: { updated: [asPushed({ ...patientB, phone: '999' }, 'updated', ['phone'])] },
      visits: { deleted: [visitB.id] },
    };
  });

  test('its patient edited or deleted: out_of_scope, nothing changed, the values logged', async () => {
    const result = await push(
      server.app,
      { auth: providerA.basic, deviceId: 'tablet-a' },
      cursor,
      refusedPush,
    );
    expect(result.body).toEqual({
      ok: true,
      experimentalRejectedIds: { patients: [patientB.id], visits: [visitB.id] },
      rejected: [
        { table: 'patients', id: patientB.id, reason: 'out_of_scope' },
        { table: 'visits', id: visitB.id, reason: 'out_of_scope' },
      ],
    });
    expect((await stored('patients', patientB.id))?.['phone']).toBe('100');
    expect((await stored('visits', visitB.id))?.['_deleted']).toBe(false);
    // A push refused entirely still logs what it pushed.
    expect(await conflictsOf(patientB.id)).toEqual([
      {
        kind: 'refused',
        reason: 'out_of_scope',
        clinic_id: clinicB,
        applied_value: { ...patientB, phone: '999' },
        applied_by: providerA.id,
        applied_device: 'tablet-a',
      },
    ]);
    expect(await conflictsOf(visitB.id)).toEqual([
      expect.objectContaining({
        kind: 'refused',
        reason: 'out_of_scope',
        clinic_id: clinicB,
        applied_value: { id: visitB.id, deleted: true },
      }),
    ]);
  });

  test('a replay of the refused push logs nothing new', async () => {
    const before = await server.database.db.query('SELECT id FROM conflicts');
    const again = await push(
      server.app,
      { auth: providerA.basic, deviceId: 'tablet-a' },
      cursor,
      refusedPush,
    );
    expect(again.body['rejected']).toHaveLength(2);
    expect(await server.database.db.query('SELECT id FROM conflicts')).toEqual(before);
  });

  test('a new patient registered at B, or one moved to B, is out_of_scope', async () => {
    const mine = patientIn(clinicA);
    await seed({ patients: [mine] });
    const newAtB = patientIn(clinicB);
    const result = await push(server.app, { auth: providerA.basic }, cursor, {
      patients: {
        created: [asPushed(newAtB, 'created')],
        updated: [
          asPushed({ ...mine, primary_clinic_id: clinicB }, 'updated', ['primary_clinic_id']),
        ],
      },
    });
    expect(result.body['rejected']).toEqual([
      { table: 'patients', id: newAtB.id, reason: 'out_of_scope' },
      { table: 'patients', id: mine.id, reason: 'out_of_scope' },
    ]);
    expect(await stored('patients', newAtB.id)).toBeUndefined();
    expect((await stored('patients', mine.id))?.['primary_clinic_id']).toBe(clinicA);
  });

  test('a child of its patient, even at my clinic, is out_of_scope', async () => {
    const visit = makeRow('visits', { patient_id: patientB.id, clinic_id: clinicA });
    const event = makeRow('events', { patient_id: patientB.id, visit_id: visitB.id });
    const result = await push(server.app, { auth: providerA.basic }, cursor, {
      visits: { created: [asPushed(visit, 'created')] },
      events: { created: [asPushed(event, 'created')] },
    });
    expect(result.body['rejected']).toEqual([
      { table: 'visits', id: visit.id, reason: 'out_of_scope' },
      { table: 'events', id: event.id, reason: 'out_of_scope' },
    ]);
    expect(await stored('visits', visit.id)).toBeUndefined();
  });

  test('a visit at B for a patient of mine is out_of_scope', async () => {
    const mine = patientIn(clinicA);
    await seed({ patients: [mine] });
    const visit = makeRow('visits', { patient_id: mine.id, clinic_id: clinicB });
    const result = await push(server.app, { auth: providerA.basic }, cursor, {
      visits: { created: [asPushed(visit, 'created')] },
    });
    expect(result.body['rejected']).toEqual([
      { table: 'visits', id: visit.id, reason: 'out_of_scope' },
    ]);
    expect(await conflictsOf(visit.id)).toEqual([
      expect.objectContaining({ kind: 'refused', clinic_id: clinicB }),
    ]);
  });

  test('a followed patient of B: its chart is written with my home clinic flags', async () => {
    const followed = patientIn(clinicB);
    const problem = makeRow('patient_problems', { patient_id: followed.id, problem_label: 'old' });
    await seed({ patients: [followed], patient_problems: [problem] });
    await server.database.db.transaction(async (tx) => {
      await followPatient(tx, providerA.id, followed.id);
      await followPatient(tx, registrarA.id, followed.id);
    });
    const edit = {
      patient_problems: {
        updated: [asPushed({ ...problem, problem_label: 'new' }, 'updated', ['problem_label'])],
      },
    };
    const byRegistrar = await push(server.app, { auth: registrarA.basic }, cursor, edit);
    expect(byRegistrar.body['rejected']).toEqual([
      { table: 'patient_problems', id: problem.id, reason: 'forbidden' },
    ]);
    const byProvider = await push(server.app, { auth: providerA.basic }, cursor, edit);
    expect(byProvider.body).toEqual({ ok: true });
    expect((await stored('patient_problems', problem.id))?.['problem_label']).toBe('new');

    // The patient's own row belongs to B, where I hold no flag.
    const own = await push(server.app, { auth: providerA.basic }, cursor, {
      patients: { updated: [asPushed({ ...followed, phone: '5' }, 'updated', ['phone'])] },
    });
    expect(own.body['rejected']).toEqual([
      { table: 'patients', id: followed.id, reason: 'forbidden' },
    ]);
  });
});

describe('nobody writes in another name', () => {
  test('last_modified_by and recorded_by_user_id naming someone else become the pusher', async () => {
    const patient = patientIn(clinicA, { last_modified_by: providerB.id });
    const named = makeRow('events', { patient_id: patient.id, recorded_by_user_id: providerB.id });
    const empty = makeRow('events', { patient_id: patient.id, recorded_by_user_id: '' });
    const result = await push(server.app, { auth: providerA.basic }, cursor, {
      patients: { created: [asPushed(patient, 'created')] },
      events: { created: [asPushed(named, 'created'), asPushed(empty, 'created')] },
    });
    expect(result.body).toEqual({ ok: true });
    expect((await stored('patients', patient.id))?.['last_modified_by']).toBe(providerA.id);
    expect((await stored('events', named.id))?.['recorded_by_user_id']).toBe(providerA.id);
    expect((await stored('events', empty.id))?.['recorded_by_user_id']).toBe('');

    const edited = await push(server.app, { auth: providerA.basic }, cursor, {
      events: {
        updated: [
          asPushed({ ...empty, recorded_by_user_id: providerB.id }, 'updated', [
            'recorded_by_user_id',
          ]),
        ],
      },
    });
    expect(edited.body).toEqual({ ok: true });
    expect((await stored('events', empty.id))?.['recorded_by_user_id']).toBe(providerA.id);
  });

  test('provider_id must be a member of the record clinic', async () => {
    const patient = patientIn(clinicA);
    await seed({ patients: [patient] });
    const visitBy = (provider: string) =>
      makeRow('visits', { patient_id: patient.id, clinic_id: clinicA, provider_id: provider });
    const [outsider, colleague, superAdmin] = [
      visitBy(providerB.id),
      visitBy(editorA.id),
      visitBy(server.admin.id),
    ];
    const result = await push(server.app, { auth: providerA.basic }, cursor, {
      visits: { created: [outsider, colleague, superAdmin].map((v) => asPushed(v, 'created')) },
    });
    expect(result.body['rejected']).toEqual([
      { table: 'visits', id: outsider.id, reason: 'forbidden' },
    ]);
    expect(await stored('visits', outsider.id)).toBeUndefined();
    expect(await stored('visits', colleague.id)).toBeDefined();
    expect(await stored('visits', superAdmin.id)).toBeDefined();
  });
});

describe('a second clinic', () => {
  test('a permission row in B lets a user of A write there with B flags', async () => {
    const user = await server.addUser('provider', { can_view_history: true });
    await server.database.db.transaction((tx) =>
      writeServerRows(
        tx,
        [
          {
            table: 'user_clinic_permissions',
            created: [
              permissionRow(
                user.id,
                clinicB,
                { can_register_patients: true, can_edit_records: true },
                null,
                Date.now(),
              ),
            ],
          },
        ],
        null,
      ),
    );
    const patientB = patientIn(clinicB);
    const patientA = patientIn(clinicA);
    const result = await push(server.app, { auth: user.basic }, cursor, {
      patients: { created: [asPushed(patientB, 'created'), asPushed(patientA, 'created')] },
    });
    expect(result.body['rejected']).toEqual([
      { table: 'patients', id: patientA.id, reason: 'forbidden' },
    ]);
    const edit = await push(server.app, { auth: user.basic }, cursor, {
      patients: { updated: [asPushed({ ...patientB, phone: '7' }, 'updated', ['phone'])] },
    });
    expect(edit.body).toEqual({ ok: true });
    expect((await stored('patients', patientB.id))?.['phone']).toBe('7');
  });
});

describe('conflicts carry the record clinic', () => {
  test('a column conflict is stamped with it, and delete wins under a deleted patient of mine', async () => {
    const patient = patientIn(clinicB);
    await seed({ patients: [patient] });
    const base = (await pull(server.app, { auth: providerB.basic }, 0)).timestamp;
    const first = await push(server.app, { auth: providerB.basic }, base, {
      patients: { updated: [asPushed({ ...patient, phone: 'one' }, 'updated', ['phone'])] },
    });
    expect(first.body).toEqual({ ok: true });
    const second = await push(server.app, { auth: server.admin.basic }, base, {
      patients: { updated: [asPushed({ ...patient, phone: 'two' }, 'updated', ['phone'])] },
    });
    expect(second.body).toEqual({ ok: true });
    expect(await conflictsOf(patient.id)).toEqual([
      expect.objectContaining({ kind: 'column', clinic_id: clinicB }),
    ]);

    await push(server.app, { auth: providerB.basic }, base, {
      patients: { deleted: [patient.id] },
    });
    const orphan = makeRow('visits', { patient_id: patient.id, clinic_id: clinicB });
    const late = await push(server.app, { auth: providerB.basic }, base, {
      visits: { created: [asPushed(orphan, 'created')] },
    });
    expect(late.body).toEqual({ ok: true });
    expect((await stored('visits', orphan.id))?.['_deleted']).toBe(true);
    expect(await conflictsOf(orphan.id)).toEqual([
      expect.objectContaining({ kind: 'row_deleted', clinic_id: clinicB }),
    ]);
  });
});

describe('in reject mode', () => {
  let strict: TestServer;
  afterAll(() => strict?.close());

  test('refusals are not conflicts: 200 with the refused records, their values logged', async () => {
    strict = await startTestServer({ conflictMode: 'reject' });
    const other = await createClinic(strict.database.db, 'Other', null);
    const user = await strict.addUser('provider', allPermissions);
    const theirs = makeRow('patients', { primary_clinic_id: other.id });
    const at = (await pull(strict.app, { auth: user.basic }, 0)).timestamp;
    const result = await push(strict.app, { auth: user.basic }, at, {
      patients: { created: [asPushed(theirs, 'created')] },
    });
    expect(result.status).toBe(200);
    expect(result.body['rejected']).toEqual([
      { table: 'patients', id: theirs.id, reason: 'out_of_scope' },
    ]);
    const logged = await strict.database.db.query('SELECT kind FROM conflicts WHERE row_id = $1', [
      theirs.id,
    ]);
    expect(logged).toEqual([{ kind: 'refused' }]);
  });
});
