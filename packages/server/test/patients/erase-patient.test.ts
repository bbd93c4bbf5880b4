import { makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, pull, push, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import type { AnyWireRow } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { erasePatient } from '../../src/patients/erase-patient.js';

// Erasure is only as good as the place a value was forgotten: every table of
// the database is searched for the patient's marker, before and after.

let server: TestServer;
let nurse: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  nurse = await server.addUser('provider', allPermissions);
});
afterAll(() => server.close());

/** Every table of the database (the server's own and the synced ones) whose rows mention `marker`. */
async function tablesMentioning(marker: string): Promise<string[]> {
  const tables = await server.database.db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const [hit] = await server.database.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${name}" t WHERE t::text LIKE $1`,
      [`%${marker}%`],
    );
    if (hit!.n > 0) found.push(name);
  }
  return found;
}

/** A patient with a visit and an event, every text value carrying `marker`, pushed by `device`. */
function chart(marker: string) {
  const patient = makeRow('patients', {
    given_name: `${marker} Hind`,
    surname: `${marker} Khoury`,
    phone: `${marker} +961 1 234 567`,
    primary_clinic_id: server.clinicId,
  });
  const visit = makeRow('visits', {
    patient_id: patient.id,
    clinic_id: server.clinicId,
    provider_id: nurse.id,
    provider_name: `${marker} nurse`,
    metadata: JSON.stringify({ note: marker }),
  });
  const event = makeRow('events', {
    patient_id: patient.id,
    visit_id: visit.id,
    form_data: JSON.stringify([{ label: 'HIV status', value: `${marker} positive` }]),
  });
  return { patient, visit, event };
}

const created = (rows: Record<string, AnyWireRow[]>) =>
  Object.fromEntries(
    Object.entries(rows).map(([table, list]) => [
      table,
      { created: list, updated: [], deleted: [] },
    ]),
  );

describe('erasePatient', () => {
  test('blanks the patient everywhere on the server, devices drop it, and an offline edit pushed later leaves nothing either', async () => {
    const erased = chart('ERASE-ME-7f3a');
    const kept = chart('KEEP-ME-91c2');
    const tablet = { auth: nurse.basic, deviceId: 'tablet' };
    const offline = { auth: nurse.basic, deviceId: 'offline-tablet' };
    const first = await push(
      server.app,
      tablet,
      null,
      created({
        patients: [erased.patient, kept.patient],
        visits: [erased.visit, kept.visit],
        events: [erased.event, kept.event],
      }),
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const tabletPull = await pull(server.app, tablet, 0);
    const offlinePull = await pull(server.app, offline, 0);
    // Two devices edit the same column: the replaced value goes to the conflict log.
    const edit = (phone: string) => ({
      patients: { created: [], updated: [{ ...erased.patient, phone }], deleted: [] },
    });
    await push(server.app, tablet, tabletPull.timestamp, edit('ERASE-ME-7f3a tablet phone'));
    await push(server.app, offline, offlinePull.timestamp, edit('ERASE-ME-7f3a other phone'));
    expect(await tablesMentioning('ERASE-ME-7f3a')).toEqual(
      expect.arrayContaining(['change_history', 'conflicts', 'events', 'patients', 'visits']),
    );
    const before = await pull(server.app, tablet, tabletPull.timestamp);

    const erasure = await erasePatient(server.database.db, erased.patient.id, server.admin.id);
    expect(erasure).toMatchObject({ patientId: erased.patient.id, wasLive: true, records: 3 });
    expect(erasure.conflicts).toBeGreaterThan(0);
    expect(await tablesMentioning('ERASE-ME-7f3a')).toEqual([]);
    expect(await tablesMentioning('KEEP-ME-91c2')).toEqual(
      expect.arrayContaining(['change_history', 'events', 'patients', 'visits']),
    );

    // The device that held the chart is told to drop all of it.
    const after = await pull(server.app, tablet, before.timestamp);
    expect(after.changes.patients?.deleted).toEqual([erased.patient.id]);
    expect(after.changes.visits?.deleted).toEqual([erased.visit.id]);
    expect(after.changes.events?.deleted).toEqual([erased.event.id]);
    expect(JSON.stringify(after)).not.toContain('ERASE-ME');

    // A device offline through it all pushes an edit and a new visit of the patient.
    const late = makeRow('visits', {
      patient_id: erased.patient.id,
      clinic_id: server.clinicId,
      provider_id: nurse.id,
      provider_name: 'ERASE-ME-7f3a late visit',
    });
    const stale = await push(server.app, offline, offlinePull.timestamp, {
      patients: {
        created: [],
        updated: [{ ...erased.patient, camp: 'ERASE-ME-7f3a camp' }],
        deleted: [],
      },
      visits: { created: [late], updated: [], deleted: [] },
    });
    expect(stale.status, JSON.stringify(stale.body)).toBe(200);
    expect(await tablesMentioning('ERASE-ME-7f3a')).toEqual([]);

    const audit = await server.database.db.query(
      `SELECT user_id, action, target, clinic_ids FROM access_log WHERE action = 'erase'`,
    );
    expect(audit).toEqual([
      {
        user_id: server.admin.id,
        action: 'erase',
        target: erased.patient.id,
        clinic_ids: [server.clinicId],
      },
    ]);
    // Erasing again blanks again and audits nothing new.
    const again = await erasePatient(server.database.db, erased.patient.id, server.admin.id);
    expect(again).toMatchObject({ wasLive: false, records: 4 });
    expect(
      await server.database.db.query(`SELECT 1 FROM access_log WHERE action = 'erase'`),
    ).toHaveLength(1);
  });

  test('an unknown patient is not_found, and only an active administrator may erase', async () => {
    await expect(
      erasePatient(server.database.db, 'no-such-patient', server.admin.id),
    ).rejects.toMatchObject({ code: 'not_found' });
    const { patient } = chart('NOT-ERASED-2b');
    await push(server.app, { auth: nurse.basic }, null, created({ patients: [patient] }));
    await expect(erasePatient(server.database.db, patient.id, nurse.id)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await tablesMentioning('NOT-ERASED-2b')).toEqual(
      expect.arrayContaining(['patients', 'change_history']),
    );
  });
});
