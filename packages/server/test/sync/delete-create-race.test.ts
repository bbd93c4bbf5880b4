import { getTable } from '@clinicsync/schema';
import type { AnyWireRow, PushedTableChanges, TableName } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeRow } from '@clinicsync/testing/fixtures';
import { createTestDatabase, testEngine } from '@clinicsync/testing/server';
import type { TestDatabase } from '@clinicsync/testing/server';
import { serverActor } from '../../src/sync/write/actor.js';
import { writeChanges } from '../../src/sync/write/write-changes.js';

// A push creating a visit and another deleting its patient, in two
// transactions at once (two devices, or two server processes): whichever
// commits second must see the first, so the visit never stays live under a
// deleted patient (found by the soak: the devices' later edits of such a
// visit went to the conflict log while the row never changed, and they
// diverged from the server). PostgreSQL only: PGlite runs one transaction
// at a time.
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

const changes = (
  table: TableName,
  lists: { created?: AnyWireRow[]; updated?: AnyWireRow[]; deleted?: string[] },
): PushedTableChanges => ({
  table: getTable(table),
  created: (lists.created ?? []).map((row) => ({ row, changed: null })),
  updated: (lists.updated ?? []).map((row) => ({ row, changed: null })),
  deleted: lists.deleted ?? [],
});

async function visitState(id: string): Promise<string> {
  const rows = await database.db.query<{ _deleted: boolean }>(
    'SELECT _deleted FROM visits WHERE id = $1',
    [id],
  );
  return rows[0] === undefined ? 'absent' : rows[0]._deleted ? 'deleted' : 'live';
}

/**
 * Runs `first` in a transaction held open, starts `second` meanwhile, gives
 * it time to run as far as it can, then commits `first` and waits for both.
 */
async function overlap(first: PushedTableChanges[], second: PushedTableChanges[]) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let firstWritten!: () => void;
  const written = new Promise<void>((resolve) => (firstWritten = resolve));
  const one = database.db.transaction(async (tx) => {
    await writeChanges(tx, first, serverActor(null));
    firstWritten();
    await held;
  });
  await written;
  const two = database.db.transaction((tx) => writeChanges(tx, second, serverActor(null)));
  await new Promise((resolve) => setTimeout(resolve, 300));
  release();
  await Promise.all([one, two]);
}

describe.runIf(testEngine === 'postgres')('a child created while its parent is deleted', () => {
  test('the delete first: the visit written second is stored deleted', async () => {
    const patient = makeRow('patients');
    await database.db.transaction((tx) =>
      writeChanges(tx, [changes('patients', { created: [patient] })], serverActor(null)),
    );
    const visit = makeRow('visits', { patient_id: patient.id });
    await overlap(
      [changes('patients', { deleted: [patient.id] })],
      [changes('visits', { created: [visit] })],
    );
    expect(await visitState(visit.id)).toBe('deleted');
  });

  test('the visit first: the delete written second cascades to it', async () => {
    const patient = makeRow('patients');
    await database.db.transaction((tx) =>
      writeChanges(tx, [changes('patients', { created: [patient] })], serverActor(null)),
    );
    const visit = makeRow('visits', { patient_id: patient.id });
    await overlap(
      [changes('visits', { created: [visit] })],
      [changes('patients', { deleted: [patient.id] })],
    );
    expect(await visitState(visit.id)).toBe('deleted');
  });
});

describe('a live row found under a deleted parent', () => {
  test('is deleted by the next write to it, which goes to the conflict log', async () => {
    const patient = makeRow('patients');
    const visit = makeRow('visits', { patient_id: patient.id });
    await database.db.transaction((tx) =>
      writeChanges(
        tx,
        [changes('patients', { created: [patient] }), changes('visits', { created: [visit] })],
        serverActor(null),
      ),
    );
    // The state the race left before the fix: the patient deleted, the visit not.
    await database.db.query('UPDATE patients SET _deleted = true WHERE id = $1', [patient.id]);
    const edit = { ...visit, provider_name: 'Edited' };
    await database.db.transaction((tx) =>
      writeChanges(tx, [changes('visits', { updated: [edit] })], serverActor(null)),
    );
    expect(await visitState(visit.id)).toBe('deleted');
    const logged = await database.db.query<{ kind: string }>(
      'SELECT kind FROM conflicts WHERE row_id = $1',
      [visit.id],
    );
    expect(logged).toEqual([{ kind: 'row_deleted' }]);
    const history = await database.db.query<{ op: string }>(
      'SELECT op FROM change_history WHERE row_id = $1 ORDER BY id',
      [visit.id],
    );
    expect(history.map((h) => h.op)).toEqual(['create', 'delete']);
  });
});
