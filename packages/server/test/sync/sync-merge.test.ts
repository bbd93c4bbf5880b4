import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asPushed, clinicalRow, makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, pull, push, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';

let server: TestServer;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  alice = await server.addUser('provider', allPermissions);
  bob = await server.addUser('provider', allPermissions);
});
afterAll(() => server.close());

/** A device's sync: pull from its cursor, then push its changes based on that pull. */
async function syncDevice(auth: string, cursor: number, changes: Record<string, unknown>) {
  const pulled = await pull(server.app, { auth }, cursor);
  const pushed = await push(server.app, { auth }, pulled.timestamp, changes);
  expect(pushed.status).toBe(200);
  return { pulled, timestamp: pulled.timestamp };
}

async function conflictsFor(rowId: string) {
  return server.database.db.query<Record<string, unknown>>(
    'SELECT * FROM conflicts WHERE row_id = $1 ORDER BY id',
    [rowId],
  );
}

describe('per-column merge', () => {
  test('edits of different columns on two devices both survive', async () => {
    const patient = clinicalRow('patients', server.clinicId, {
      given_name: 'Ana',
      surname: 'Lima',
      phone: '1',
    });
    const a0 = (
      await syncDevice(alice.basic, 0, { patients: { created: [asPushed(patient, 'created')] } })
    ).timestamp;
    const b0 = (await pull(server.app, { auth: bob.basic }, 0)).timestamp;

    await syncDevice(alice.basic, a0, {
      patients: { updated: [asPushed({ ...patient, phone: '2' }, 'updated', ['phone'])] },
    });
    // Bob's push is based on an old pull and carries the old phone: it must not win that column.
    await push(server.app, { auth: bob.basic }, b0, {
      patients: {
        updated: [asPushed({ ...patient, surname: 'Lima-Souza' }, 'updated', ['surname'])],
      },
    });

    const fresh = await pull(server.app, { auth: server.admin.basic }, 0);
    const row = fresh.changes.patients!.created.find((r) => r.id === patient.id)!;
    expect(row.phone).toBe('2');
    expect(row.surname).toBe('Lima-Souza');
    expect(await conflictsFor(patient.id)).toEqual([]);
  });

  test('one column edited on two devices: the last push wins and the replaced value is logged', async () => {
    const patient = clinicalRow('patients', server.clinicId, { given_name: 'Bea', hometown: 'A' });
    const a0 = (
      await syncDevice(alice.basic, 0, { patients: { created: [asPushed(patient, 'created')] } })
    ).timestamp;
    const b0 = (await pull(server.app, { auth: bob.basic }, 0)).timestamp;

    await syncDevice(alice.basic, a0, {
      patients: {
        updated: [asPushed({ ...patient, hometown: 'Alice town' }, 'updated', ['hometown'])],
      },
    });
    // Bob pulls Alice's change, keeps his own local edit (WatermelonDB: local wins), then pushes it.
    const b1 = await pull(server.app, { auth: bob.basic }, b0);
    expect(b1.changes.patients!.updated.map((r) => r.id)).toContain(patient.id);
    await push(server.app, { auth: bob.basic }, b1.timestamp, {
      patients: {
        updated: [asPushed({ ...patient, hometown: 'Bob town' }, 'updated', ['hometown'])],
      },
    });

    const conflicts = await conflictsFor(patient.id);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      table_name: 'patients',
      column_name: 'hometown',
      kind: 'column',
      applied_value: 'Bob town',
      replaced_value: 'Alice town',
      applied_by: bob.id,
      replaced_by: alice.id,
    });
    const fresh = await pull(server.app, { auth: alice.basic }, 0);
    expect(fresh.changes.patients!.created.find((r) => r.id === patient.id)!.hometown).toBe(
      'Bob town',
    );
  });

  test('replaying a push changes nothing and logs no conflict', async () => {
    const patient = clinicalRow('patients', server.clinicId, { given_name: 'Caro' });
    const { timestamp } = await syncDevice(alice.basic, 0, {
      patients: { created: [asPushed(patient, 'created')] },
    });
    const edit = {
      patients: { updated: [asPushed({ ...patient, phone: '99' }, 'updated', ['phone'])] },
    };
    await push(server.app, { auth: alice.basic }, timestamp, edit);
    const [before] = await server.database.db.query<{ value: number }>(
      'SELECT value FROM sync_counter',
    );
    const replay = await push(server.app, { auth: alice.basic }, timestamp, edit);
    expect(replay.body).toEqual({ ok: true });
    const [after] = await server.database.db.query<{ value: number }>(
      'SELECT value FROM sync_counter',
    );
    expect(after!.value).toBe(before!.value);
    expect(await conflictsFor(patient.id)).toEqual([]);
  });

  test('created with an existing id is an update; updated with an unknown id is a create; unknown deletes are ignored', async () => {
    const patient = clinicalRow('patients', server.clinicId, { given_name: 'Dora' });
    const stranger = clinicalRow('patients', server.clinicId, { given_name: 'Eli' });
    const { timestamp } = await syncDevice(alice.basic, 0, {
      patients: { created: [asPushed(patient, 'created')] },
    });
    const result = await push(server.app, { auth: alice.basic }, timestamp, {
      patients: {
        created: [asPushed({ ...patient, given_name: 'Dorothea' }, 'created')],
        updated: [asPushed(stranger, 'updated', ['given_name'])],
        deleted: ['never-existed'],
      },
    });
    expect(result.body).toEqual({ ok: true });
    const all = (await pull(server.app, { auth: bob.basic }, 0)).changes.patients!.created;
    expect(all.find((r) => r.id === patient.id)!.given_name).toBe('Dorothea');
    expect(all.find((r) => r.id === stranger.id)).toEqual(stranger);
  });
});

describe('deletes', () => {
  test('deleting a patient tombstones its visits, events and other children', async () => {
    const patient = clinicalRow('patients', server.clinicId);
    const visit = clinicalRow('visits', server.clinicId, { patient_id: patient.id });
    const event = makeRow('events', { patient_id: patient.id, visit_id: visit.id });
    const vitals = makeRow('patient_vitals', { patient_id: patient.id, visit_id: visit.id });
    const { timestamp } = await syncDevice(alice.basic, 0, {
      patients: { created: [asPushed(patient, 'created')] },
      visits: { created: [asPushed(visit, 'created')] },
      events: { created: [asPushed(event, 'created')] },
      patient_vitals: { created: [asPushed(vitals, 'created')] },
    });
    const bobCursor = (await pull(server.app, { auth: bob.basic }, 0)).timestamp;
    await push(server.app, { auth: alice.basic }, timestamp, {
      patients: { deleted: [patient.id] },
    });

    const after = await pull(server.app, { auth: bob.basic }, bobCursor);
    expect(after.changes.patients!.deleted).toEqual([patient.id]);
    expect(after.changes.visits!.deleted).toEqual([visit.id]);
    expect(after.changes.events!.deleted).toEqual([event.id]);
    expect(after.changes.patient_vitals!.deleted).toEqual([vitals.id]);
    // A first sync holds no deleted rows at all.
    const first = await pull(server.app, { auth: bob.basic }, 0);
    for (const changes of Object.values(first.changes)) expect(changes.deleted).toEqual([]);
    expect(first.changes.patients?.created.some((r) => r.id === patient.id) ?? false).toBe(false);
  });

  test('an edit of a deleted row leaves it deleted and goes to the conflict log, once', async () => {
    const patient = clinicalRow('patients', server.clinicId);
    const { timestamp: a0 } = await syncDevice(alice.basic, 0, {
      patients: { created: [asPushed(patient, 'created')] },
    });
    const b0 = (await pull(server.app, { auth: bob.basic }, 0)).timestamp;
    await push(server.app, { auth: alice.basic }, a0, { patients: { deleted: [patient.id] } });
    const edit = {
      patients: { updated: [asPushed({ ...patient, phone: '555' }, 'updated', ['phone'])] },
    };
    expect((await push(server.app, { auth: bob.basic }, b0, edit)).body).toEqual({ ok: true });
    expect((await push(server.app, { auth: bob.basic }, b0, edit)).body).toEqual({ ok: true });
    const conflicts = await conflictsFor(patient.id);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ kind: 'row_deleted', applied_by: bob.id });
    expect((conflicts[0]!['applied_value'] as Record<string, unknown>)['phone']).toBe('555');
    const bob1 = await pull(server.app, { auth: bob.basic }, b0);
    expect(bob1.changes.patients!.deleted).toContain(patient.id);
  });

  test('a child created under a deleted parent stays deleted, and so does its own child', async () => {
    const patient = clinicalRow('patients', server.clinicId);
    const { timestamp: a0 } = await syncDevice(alice.basic, 0, {
      patients: { created: [asPushed(patient, 'created')] },
    });
    const b0 = (await pull(server.app, { auth: bob.basic }, 0)).timestamp;
    await push(server.app, { auth: alice.basic }, a0, { patients: { deleted: [patient.id] } });
    const visit = clinicalRow('visits', server.clinicId, { patient_id: patient.id });
    // The event's deleted parent is the visit created (and kept deleted) in
    // the same push: its patient is another one, live.
    const living = clinicalRow('patients', server.clinicId);
    const event = makeRow('events', { patient_id: living.id, visit_id: visit.id });
    await push(server.app, { auth: bob.basic }, b0, {
      patients: { created: [asPushed(living, 'created')] },
      visits: { created: [asPushed(visit, 'created')] },
      events: { created: [asPushed(event, 'created')] },
    });
    const b1 = await pull(server.app, { auth: bob.basic }, b0);
    expect(b1.changes.visits!.deleted).toContain(visit.id);
    expect(b1.changes.events!.deleted).toContain(event.id);
    expect((await conflictsFor(visit.id))[0]).toMatchObject({ kind: 'row_deleted' });
    expect((await conflictsFor(event.id))[0]).toMatchObject({ kind: 'row_deleted' });
  });
});

describe('conflict reject mode', () => {
  test('SYNC_CONFLICTS=reject answers 409 and changes nothing', async () => {
    const strict = await startTestServer({ conflictMode: 'reject' });
    try {
      const a = await strict.addUser('provider', allPermissions);
      const b = await strict.addUser('provider', allPermissions);
      const patient = clinicalRow('patients', strict.clinicId);
      const a0 = (await pull(strict.app, { auth: a.basic }, 0)).timestamp;
      await push(strict.app, { auth: a.basic }, a0, {
        patients: { created: [asPushed(patient, 'created')] },
      });
      const b0 = (await pull(strict.app, { auth: b.basic }, 0)).timestamp;
      const a1 = (await pull(strict.app, { auth: a.basic }, a0)).timestamp;
      await push(strict.app, { auth: a.basic }, a1, {
        patients: { updated: [asPushed({ ...patient, sex: 'f' }, 'updated', ['sex'])] },
      });
      const b1 = (await pull(strict.app, { auth: b.basic }, b0)).timestamp;
      const rejected = await push(strict.app, { auth: b.basic }, b1, {
        patients: { updated: [asPushed({ ...patient, sex: 'm' }, 'updated', ['sex'])] },
      });
      expect(rejected.status).toBe(409);
      expect(rejected.body).toMatchObject({ error: { code: 'conflict' } });
      const fresh = await pull(strict.app, { auth: a.basic }, 0);
      expect(fresh.changes.patients!.created[0]!.sex).toBe('f');
    } finally {
      await strict.close();
    }
  });
});
