import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ClinicSyncError, createNodeDriver, openStore } from '../src/node.js';
import type { LocalStore, NodeDriver } from '../src/node.js';

let driver: NodeDriver;
let store: LocalStore;
let clock = 1_750_000_000_000;

beforeEach(async () => {
  driver = createNodeDriver();
  store = await openStore(driver, { now: () => ++clock });
});
afterEach(async () => {
  await store.close();
});

function raw(table: string, id: string) {
  return driver.database.prepare(`SELECT * FROM "${table}" WHERE id = ?`).get(id) as
    Record<string, unknown> | undefined;
}

async function expectError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClinicSyncError);
  expect((error as ClinicSyncError).code).toBe(code);
  return error as ClinicSyncError;
}

describe('writes and change tracking', () => {
  test('create fills defaults and stamps, and marks the record created', async () => {
    const patient = await store.create('patients', { given_name: 'Amina', is_deleted: false });
    expect(patient).toMatchObject({
      given_name: 'Amina',
      surname: '',
      camp: null,
      is_deleted: false,
    });
    expect(patient.created_at).toBe(patient.updated_at);
    expect(patient.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(raw('patients', patient.id)).toMatchObject({
      _status: 'created',
      _changed: '',
      is_deleted: 0,
    });
    expect(await store.find('patients', patient.id)).toEqual(patient);
  });

  test('a bad value is a clear error and nothing is written', async () => {
    const error = await expectError(
      store.create('patients', { id: 'p-bad', given_name: 'Amina', created_at: 1.5 }),
      'invalid_value',
    );
    expect(error.message).toBe('patients.created_at must be an integer (epoch milliseconds).');
    expect(raw('patients', 'p-bad')).toBeUndefined();
    await expectError(store.create('patients', { id: 'bad id!' }), 'invalid_id');
    await expectError(store.create('patients', { nickname: 'x' } as never), 'unknown_column');
    await expectError(store.update('patients', 'nobody', { phone: '1' }), 'not_found');
  });

  test('updates record the changed columns; setting the same value is no edit', async () => {
    const p = await store.create('patients', { id: 'p-1', given_name: 'Amina' });
    await driver.batch([{ sql: `UPDATE patients SET _status = 'synced' WHERE id = 'p-1'` }]);
    await store.update('patients', p.id, { given_name: 'Amina' });
    expect(raw('patients', p.id)).toMatchObject({ _status: 'synced', _changed: '' });
    const updated = await store.update('patients', p.id, { phone: '+961 1' });
    expect(updated.updated_at).toBeGreaterThan(p.updated_at);
    expect(raw('patients', p.id)).toMatchObject({
      _status: 'updated',
      _changed: 'phone,updated_at',
    });
    await store.update('patients', p.id, { hometown: 'Tyre' });
    expect(raw('patients', p.id)?.['_changed']).toBe('phone,updated_at,hometown');
  });

  test('a deleted record stays as a tombstone until pushed, synced or not', async () => {
    // Never confirmed synced, but a push whose answer was lost may have created it.
    await store.create('patients', { id: 'p-new' });
    await store.delete('patients', 'p-new');
    expect(raw('patients', 'p-new')).toMatchObject({ _status: 'deleted', _changed: '' });
    expect(await store.find('patients', 'p-new')).toBeNull();
    await store.create('patients', { id: 'p-old' });
    await driver.batch([{ sql: `UPDATE patients SET _status = 'synced' WHERE id = 'p-old'` }]);
    await store.delete('patients', 'p-old');
    expect(raw('patients', 'p-old')).toMatchObject({ _status: 'deleted' });
    expect(await store.find('patients', 'p-old')).toBeNull();
    expect(await store.count('patients')).toBe(0);
    await expectError(store.delete('patients', 'p-old'), 'not_found');
    await expectError(store.create('patients', { id: 'p-old' }), 'already_exists');
  });

  test('a transaction commits all its writes or none', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.create('patients', { id: 'p-a' });
        await tx.create('visits', { id: 'v-a', patient_id: 'p-a' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await store.count('patients')).toBe(0);
    const visit = await store.transaction(async (tx) => {
      await tx.create('patients', { id: 'p-b' });
      await tx.update('patients', 'p-b', { given_name: 'Omar' });
      expect(await tx.find('patients', 'p-b')).toMatchObject({ given_name: 'Omar' });
      return tx.create('visits', { id: 'v-b', patient_id: 'p-b' });
    });
    expect(visit.patient_id).toBe('p-b');
    expect(raw('patients', 'p-b')).toMatchObject({ given_name: 'Omar', _status: 'created' });
  });

  test('device_only tables are never marked for sync', async () => {
    await store.create('event_logs', { id: 'log-1', action_type: 'open' });
    await store.update('event_logs', 'log-1', { action_type: 'close' });
    expect(raw('event_logs', 'log-1')).toMatchObject({ _status: 'synced', _changed: '' });
    expect(await store.unsyncedCounts()).toEqual({});
    await store.delete('event_logs', 'log-1');
    expect(raw('event_logs', 'log-1')).toBeUndefined();
  });

  test('a closed store refuses calls', async () => {
    await store.close();
    await expectError(store.find('patients', 'x'), 'store_closed');
    await expectError(store.create('patients', {}), 'store_closed');
  });
});

describe('the database file', () => {
  test('a file made for another schema version is refused', async () => {
    await driver.batch([
      { sql: `UPDATE _clinicsync_meta SET value = '8' WHERE key = 'schema_version'` },
    ]);
    await expectError(openStore(driver), 'schema_mismatch');
  });
});
