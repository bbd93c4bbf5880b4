import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asPushed, makeRow } from '@clinicsync/testing/fixtures';
import {
  allPermissions,
  pull,
  pullAllPages,
  push,
  startTestServer,
} from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import type { AnyWireRow, PullResponse } from '@clinicsync/schema';
import { createClinic, createUser } from '../../src/admin/create-user.js';
import { permissionChanges } from '../../src/admin/permission-changes.js';
import { writeServerRows } from '../../src/admin/write-server-rows.js';
import { followPatient, unfollowPatient } from '../../src/scope/follows.js';

let server: TestServer;
let provider: TestUser;
let colleague: TestUser;
let clinicB: string;
let chartA: AnyWireRow[];
let chartB: AnyWireRow[];

/** A patient with a visit and an event, at `clinic`. */
function chart(clinic: string, name: string): AnyWireRow[] {
  const patient = makeRow('patients', { given_name: name, primary_clinic_id: clinic });
  const visit = makeRow('visits', { patient_id: patient.id, clinic_id: clinic });
  const event = makeRow('events', {
    patient_id: patient.id,
    visit_id: visit.id,
    form_data: '{"hiv":"positive"}',
  });
  return [patient, visit, event];
}

function ids(response: PullResponse, kind: 'created' | 'updated' | 'deleted'): string[] {
  return Object.values(response.changes)
    .flatMap((t) => (kind === 'deleted' ? t.deleted : t[kind].map((r) => r.id)))
    .sort();
}

const idsOf = (rows: AnyWireRow[]) => rows.map((r) => r.id).sort();

/** Writes rows on the server's authority, as administration and seeding do. */
function write(changes: Parameters<typeof writeServerRows>[1]) {
  return server.database.db.transaction((tx) => writeServerRows(tx, changes, server.admin.id));
}

async function setMembership(clinicId: string, member: boolean): Promise<void> {
  await server.database.db.transaction(async (tx) => {
    const [live] = await tx.query<{ id: string }>(
      'SELECT id FROM user_clinic_permissions WHERE user_id = $1 AND clinic_id = $2 AND NOT _deleted',
      [provider.id, clinicId],
    );
    if (member) {
      const changes = await permissionChanges(
        tx,
        provider.id,
        clinicId,
        allPermissions,
        server.admin.id,
        Date.now(),
      );
      if (changes) await writeServerRows(tx, [changes], server.admin.id);
    } else {
      await writeServerRows(
        tx,
        [{ table: 'user_clinic_permissions', deleted: [live!.id] }],
        server.admin.id,
      );
    }
  });
}

beforeAll(async () => {
  server = await startTestServer();
  provider = await server.addUser('provider', allPermissions);
  colleague = await server.addUser('registrar');
  clinicB = (await createClinic(server.database.db, 'Clinic B', null)).id;
  chartA = chart(server.clinicId, 'Amal');
  chartB = chart(clinicB, 'Basma');
  const [pa, va, ea] = chartA;
  const [pb, vb, eb] = chartB;
  await write([
    { table: 'patients', created: [pa!, pb!] },
    { table: 'visits', created: [va!, vb!] },
    { table: 'events', created: [ea!, eb!] },
  ]);
});

afterAll(() => server.close());

describe('a device follows its user scope by sync', () => {
  test('first sync holds only the own clinic, without other users emails', async () => {
    const first = await pull(server.app, { auth: provider.basic }, 0);
    const clinical = (['patients', 'visits', 'events'] as const).flatMap(
      (t) => first.changes[t]?.created.map((r) => r.id) ?? [],
    );
    expect(clinical.sort()).toEqual(idsOf(chartA));
    const paged = await pullAllPages(server.app, { auth: provider.basic }, 0, 1);
    const pagedClinical = paged.pages.flatMap((p) =>
      (['patients', 'visits', 'events'] as const).flatMap(
        (t) => p.changes[t]?.created.map((r) => r.id) ?? [],
      ),
    );
    expect(pagedClinical.sort()).toEqual(idsOf(chartA));
    const users = first.changes['users']!.created;
    expect(users.map((u) => u.id)).toContain(provider.id);
    expect(users.every((u) => u['email'] === (u.id === provider.id ? provider.email : ''))).toBe(
      true,
    );
    expect(users.map((u) => u.id)).toContain(colleague.id);
    expect(first.changes['user_clinic_permissions']!.created.map((r) => r['user_id'])).toEqual([
      provider.id,
    ]);
  });

  test('joining a clinic brings its charts whole; leaving removes them one sync later', async () => {
    const t1 = (await pull(server.app, { auth: provider.basic }, 0)).timestamp;
    await setMembership(clinicB, true);
    const joined = await pull(server.app, { auth: provider.basic }, t1);
    expect(ids(joined, 'created').filter((id) => idsOf(chartB).includes(id))).toEqual(
      idsOf(chartB),
    );
    const t3 = (await pull(server.app, { auth: provider.basic }, joined.timestamp)).timestamp;
    await setMembership(clinicB, false);
    const afterLeave = await pull(server.app, { auth: provider.basic }, t3);
    expect(ids(afterLeave, 'deleted')).not.toContain(chartB[0]!.id);
    const oneLater = await pull(server.app, { auth: provider.basic }, afterLeave.timestamp);
    expect(ids(oneLater, 'deleted').filter((id) => idsOf(chartB).includes(id))).toEqual(
      idsOf(chartB),
    );
    expect(ids(oneLater, 'deleted')).not.toContain(chartA[0]!.id);
    const quiet = await pull(server.app, { auth: provider.basic }, oneLater.timestamp);
    expect(Object.keys(quiet.changes)).toEqual([]);
  });

  test('follow and unfollow', async () => {
    const t1 = (await pull(server.app, { auth: provider.basic }, 0)).timestamp;
    await server.database.db.transaction((tx) => followPatient(tx, provider.id, chartB[0]!.id));
    const followed = await pull(server.app, { auth: provider.basic }, t1);
    expect(ids(followed, 'created')).toEqual(idsOf(chartB));
    await server.database.db.transaction((tx) => unfollowPatient(tx, provider.id, chartB[0]!.id));
    const next = await pull(server.app, { auth: provider.basic }, followed.timestamp);
    expect(ids(next, 'deleted')).toEqual([]);
    const later = await pull(server.app, { auth: provider.basic }, next.timestamp);
    expect(ids(later, 'deleted')).toEqual(idsOf(chartB));
  });

  test('a visit at the user clinic brings the patient', async () => {
    const t1 = (await pull(server.app, { auth: provider.basic }, 0)).timestamp;
    const visit = makeRow('visits', { patient_id: chartB[0]!.id, clinic_id: server.clinicId });
    await write([{ table: 'visits', created: [visit] }]);
    const after = await pull(server.app, { auth: provider.basic }, t1);
    expect(ids(after, 'created')).toEqual([...idsOf(chartB), visit.id].sort());
  });

  test('the author of a row in scope arrives with it, without email', async () => {
    const t1 = (await pull(server.app, { auth: provider.basic }, 0)).timestamp;
    const outsider = await createUser(
      server.database.db,
      {
        email: 'outsider@b.test',
        password: 'outsider-password-1',
        name: 'Dr Outsider',
        role: 'provider',
        clinicId: clinicB,
      },
      null,
    );
    const quiet = await pull(server.app, { auth: provider.basic }, t1);
    expect(quiet.changes['users']?.created.map((u) => u.id) ?? []).not.toContain(outsider.id);
    const visit = makeRow('visits', {
      patient_id: chartA[0]!.id,
      clinic_id: server.clinicId,
      provider_id: outsider.id,
    });
    await write([{ table: 'visits', created: [visit] }]);
    const after = await pull(server.app, { auth: provider.basic }, quiet.timestamp);
    const users = [
      ...(after.changes['users']?.created ?? []),
      ...(after.changes['users']?.updated ?? []),
    ];
    expect(users.map((u) => [u.id, u['email']])).toEqual([[outsider.id, '']]);
  });

  test('a patient the device created itself leaves it when deleted or out of scope', async () => {
    const s1 = (await pull(server.app, { auth: provider.basic }, 0)).timestamp;
    const mine = makeRow('patients', { given_name: 'Own', primary_clinic_id: server.clinicId });
    const pushed = await push(server.app, { auth: provider.basic }, s1, {
      patients: { created: [asPushed(mine, 'created')] },
    });
    expect(pushed.body).toEqual({ ok: true });
    await write([{ table: 'patients', deleted: [mine.id] }]);
    const next = await pull(server.app, { auth: provider.basic }, s1);
    expect(next.changes['patients']?.deleted).toEqual([mine.id]);

    await setMembership(clinicB, true);
    const t2 = (await pull(server.app, { auth: provider.basic }, next.timestamp)).timestamp;
    const atB = makeRow('patients', { given_name: 'OwnB', primary_clinic_id: clinicB });
    expect(
      (
        await push(server.app, { auth: provider.basic }, t2, {
          patients: { created: [asPushed(atB, 'created')] },
        })
      ).body,
    ).toEqual({ ok: true });
    await setMembership(clinicB, false);
    const t3 = await pull(server.app, { auth: provider.basic }, t2);
    const t4 = await pull(server.app, { auth: provider.basic }, t3.timestamp);
    expect(ids(t4, 'deleted')).toContain(atB.id);
  });

  test('a record pushed under a patient deleted syncs ago is kept as a tombstone, and the device that pushed it is told', async () => {
    const [patient, visit] = chart(server.clinicId, 'Dalia');
    await write([
      { table: 'patients', created: [patient!] },
      { table: 'visits', created: [visit!] },
    ]);
    const device = { auth: provider.basic, deviceId: 'offline-for-a-while' };
    const held = await pull(server.app, device, 0);
    expect(ids(held, 'created')).toContain(visit!.id);
    // Recorded offline under the visit; meanwhile the patient is deleted, and
    // the device's pulls go through while its pushes keep failing.
    const event = makeRow('events', { patient_id: patient!.id, visit_id: visit!.id });
    await write([{ table: 'patients', deleted: [patient!.id] }]);
    let cursor = held.timestamp;
    for (let i = 0; i < 3; i++) cursor = (await pull(server.app, device, cursor)).timestamp;
    const pushed = await push(server.app, device, cursor, {
      events: { created: [asPushed(event, 'created')] },
    });
    expect(pushed.body).toEqual({ ok: true });
    const told = await pull(server.app, device, cursor);
    expect(told.changes['events']?.deleted).toEqual([event.id]);
    // Its user's other devices, and users who never held the patient, get nothing.
    const other = await server.addUser('provider', allPermissions, clinicB);
    const otherFirst = await pull(server.app, { auth: other.basic }, 0);
    const otherNext = await pull(server.app, { auth: other.basic }, otherFirst.timestamp);
    expect(JSON.stringify(otherNext.changes)).not.toContain(event.id);
  });

  test('a record pushed under a patient deleted out of the user scope is refused, even once they joined its clinic', async () => {
    // In scope by a visit at the user's clinic only; its primary clinic is B.
    const [patient, visitB] = chart(clinicB, 'Hiba');
    const visitA = makeRow('visits', { patient_id: patient!.id, clinic_id: server.clinicId });
    await write([
      { table: 'patients', created: [patient!] },
      { table: 'visits', created: [visitB!, visitA] },
    ]);
    const device = { auth: provider.basic, deviceId: 'offline-while-it-left' };
    const held = await pull(server.app, device, 0);
    expect(ids(held, 'created')).toContain(visitA.id);
    // The visit at A goes (the patient leaves the scope), then the patient
    // is deleted; then the user joins clinic B. A stock device recorded an
    // event offline under the visit it still holds.
    await write([{ table: 'visits', deleted: [visitA.id] }]);
    await write([{ table: 'patients', deleted: [patient!.id] }]);
    await setMembership(clinicB, true);
    try {
      const leaving = await pull(server.app, device, held.timestamp);
      expect(ids(leaving, 'deleted')).toEqual(expect.arrayContaining([patient!.id, visitA.id]));
      const event = makeRow('events', { patient_id: patient!.id, visit_id: visitA.id });
      const pushed = await push(server.app, device, leaving.timestamp, {
        events: { created: [asPushed(event, 'created')] },
      });
      // Kept as a tombstone, it would never be told: the user did not hold
      // the patient by clinic B when it was deleted. So it is refused, its
      // values in the conflict log, as the device keeps it.
      expect(pushed.body).toEqual({
        ok: true,
        experimentalRejectedIds: { events: [event.id] },
        rejected: [{ table: 'events', id: event.id, reason: 'out_of_scope' }],
      });
      const logged = await server.database.db.query<{ kind: string; reason: string }>(
        'SELECT kind, reason FROM conflicts WHERE row_id = $1',
        [event.id],
      );
      expect(logged).toEqual([{ kind: 'refused', reason: 'out_of_scope' }]);
      let cursor = leaving.timestamp;
      for (let i = 0; i < 2; i++) {
        const next = await pull(server.app, device, cursor);
        expect(JSON.stringify(next.changes)).not.toContain(event.id);
        cursor = next.timestamp;
      }
    } finally {
      await setMembership(clinicB, false);
    }
  });

  test('a colleague joining the clinic arrives on the next pull', async () => {
    const t1 = (await pull(server.app, { auth: provider.basic }, 0)).timestamp;
    const colleagueOfB = await createUser(
      server.database.db,
      {
        email: 'joiner@b.test',
        password: 'joiner-password-1',
        name: 'Joiner',
        role: 'provider',
        clinicId: clinicB,
      },
      null,
    );
    await server.database.db.transaction(async (tx) => {
      const changes = await permissionChanges(
        tx,
        colleagueOfB.id,
        server.clinicId,
        {},
        server.admin.id,
        Date.now(),
      );
      if (changes) await writeServerRows(tx, [changes], server.admin.id);
    });
    const after = await pull(server.app, { auth: provider.basic }, t1);
    expect(after.changes['users']?.created.map((u) => u.id)).toEqual([colleagueOfB.id]);

    // Leaving again: their row leaves one sync later, though nothing changed since.
    await server.database.db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string }>(
        'SELECT id FROM user_clinic_permissions WHERE user_id = $1 AND clinic_id = $2 AND NOT _deleted',
        [colleagueOfB.id, server.clinicId],
      );
      await writeServerRows(
        tx,
        [{ table: 'user_clinic_permissions', deleted: [row!.id] }],
        server.admin.id,
      );
    });
    const leaving = await pull(server.app, { auth: provider.basic }, after.timestamp);
    expect(leaving.changes['users']?.deleted ?? []).toEqual([]);
    const gone = await pull(server.app, { auth: provider.basic }, leaving.timestamp);
    expect(gone.changes['users']?.deleted).toEqual([colleagueOfB.id]);
  });

  test('a record whose delete was refused goes out again, as created, to the device that pushed it, one sync later', async () => {
    const editor = await server.addUser('provider', { can_edit_records: true });
    const s1 = (await pull(server.app, { auth: editor.basic }, 0)).timestamp;
    const visit = chartA[1]!;
    const refused = await push(server.app, { auth: editor.basic }, s1, {
      visits: { deleted: [visit.id] },
    });
    expect(refused.body['rejected']).toEqual([
      { table: 'visits', id: visit.id, reason: 'forbidden' },
    ]);
    // A stock client drops the record anyway. The pull after its next one
    // brings it back (had the answer been lost, the device would have pushed
    // the delete again after that next pull, and it would wait once more).
    // Changed meanwhile: still neither created nor updated in the next pull.
    await write([{ table: 'visits', updated: [{ id: visit.id, provider_name: 'Dr Edited' }] }]);
    const next = await pull(server.app, { auth: editor.basic }, s1);
    expect(next.changes['visits']).toBeUndefined();
    const back = await pull(server.app, { auth: editor.basic }, next.timestamp);
    expect(back.changes['visits']?.created.map((r) => r.id)).toEqual([visit.id]);
    const after = await pull(server.app, { auth: editor.basic }, back.timestamp);
    expect(after.changes['visits']).toBeUndefined();

    // The answer lost: the device pushes the delete again after its next pull.
    const t1 = (await pull(server.app, { auth: editor.basic }, after.timestamp)).timestamp;
    await push(server.app, { auth: editor.basic }, t1, { visits: { deleted: [visit.id] } });
    const t2 = (await pull(server.app, { auth: editor.basic }, t1)).timestamp;
    await push(server.app, { auth: editor.basic }, t2, { visits: { deleted: [visit.id] } });
    const waits = await pull(server.app, { auth: editor.basic }, t2);
    expect(waits.changes['visits']).toBeUndefined();
    const resent = await pull(server.app, { auth: editor.basic }, waits.timestamp);
    expect(resent.changes['visits']?.created.map((r) => r.id)).toEqual([visit.id]);
  });
});
