import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { makeRow } from '@clinicsync/testing/fixtures';
import { createNodeDriver, openStore } from '../src/node.js';
import type { LocalStore, NodeDriver } from '../src/node.js';
import { setMeta } from '../src/store/local-meta.js';
import { storeInternals } from '../src/store/store-internals.js';
import { applyRemoteChanges } from '../src/sync/apply-remote-changes.js';

// The merge rules of merge-remote-row.ts, on a store without a server.
let driver: NodeDriver;
let store: LocalStore;

beforeEach(async () => {
  driver = createNodeDriver();
  store = await openStore(driver);
});
afterEach(async () => {
  await store.close();
});

function raw(id: string) {
  return driver.database.prepare('SELECT * FROM patients WHERE id = ?').get(id) as
    Record<string, unknown> | undefined;
}

const apply = (changes: Record<string, unknown>) =>
  applyRemoteChanges(storeInternals(store), changes, () => [setMeta('last_pulled_at', 7)]);

const serverPatient = (id: string, values: Record<string, unknown> = {}) =>
  makeRow('patients', {
    id,
    given_name: 'Server',
    surname: 'Side',
    phone: '000',
    hometown: 'Beirut',
    ...values,
  });

async function synced(id: string, values: Record<string, unknown> = {}) {
  await apply({ patients: { created: [serverPatient(id, values)], updated: [], deleted: [] } });
}

describe('applying a pulled page', () => {
  test('rows new to the device are inserted as synced, created or updated alike', async () => {
    await apply({
      patients: { created: [serverPatient('a')], updated: [serverPatient('b')], deleted: [] },
    });
    expect(raw('a')).toMatchObject({ _status: 'synced', _changed: '', given_name: 'Server' });
    expect(raw('b')).toMatchObject({ _status: 'synced' });
  });

  test('a synced row takes the server values, even sent as created', async () => {
    await synced('a');
    await apply({
      patients: { created: [serverPatient('a', { phone: '111' })], updated: [], deleted: [] },
    });
    expect(raw('a')).toMatchObject({ _status: 'synced', phone: '111' });
  });

  test('a locally updated row keeps its changed columns and takes the others', async () => {
    await synced('a');
    await store.update('patients', 'a', { phone: 'local phone' });
    const before = raw('a');
    await apply({
      patients: {
        created: [],
        updated: [serverPatient('a', { phone: 'server phone', hometown: 'Tyre', updated_at: 5 })],
        deleted: [],
      },
    });
    expect(raw('a')).toMatchObject({
      _status: 'updated',
      _changed: 'phone,updated_at',
      phone: 'local phone',
      updated_at: before?.['updated_at'],
      hometown: 'Tyre',
    });
  });

  test('a locally created row the server has: unedited it becomes synced, edited columns stay local', async () => {
    await store.create('patients', { id: 'a', given_name: 'Mine' });
    await store.create('patients', { id: 'b', given_name: 'Mine' });
    await store.update('patients', 'b', { phone: 'local phone' });
    await apply({
      patients: { created: [], updated: [serverPatient('a'), serverPatient('b')], deleted: [] },
    });
    expect(raw('a')).toMatchObject({ _status: 'synced', given_name: 'Server' });
    expect(raw('b')).toMatchObject({
      _status: 'created',
      given_name: 'Server',
      phone: 'local phone',
    });
  });

  test('a locally deleted row stays deleted; the delete is pushed next', async () => {
    await synced('a');
    await store.delete('patients', 'a');
    await apply({
      patients: { created: [], updated: [serverPatient('a', { phone: '222' })], deleted: [] },
    });
    expect(raw('a')).toMatchObject({ _status: 'deleted', phone: '000' });
  });

  test('a pulled delete wins over local edits, which are reported', async () => {
    await synced('a');
    await synced('b');
    await store.update('patients', 'a', { phone: 'local' });
    const applied = await apply({
      patients: { created: [], updated: [], deleted: ['a', 'b', 'unknown'] },
    });
    expect(raw('a')).toBeUndefined();
    expect(raw('b')).toBeUndefined();
    expect(applied.discarded).toEqual([{ table: 'patients', id: 'a' }]);
    expect(applied.counts.get('patients')).toEqual({ created: 0, updated: 0, deleted: 3 });
  });

  test('a bad row stops the page: nothing of it, nor its position, is stored', async () => {
    const bad = serverPatient('c', { is_deleted: 'no' });
    const error = await apply({
      patients: { created: [serverPatient('a'), bad], updated: [], deleted: [] },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad_response' });
    expect(raw('a')).toBeUndefined();
    expect(
      driver.database
        .prepare("SELECT value FROM _clinicsync_meta WHERE key = 'last_pulled_at'")
        .get(),
    ).toBeUndefined();
  });

  test('tables this device does not sync are skipped', async () => {
    const applied = await apply({
      future_table: { created: [{ id: 'x' }], updated: [], deleted: [] },
      event_logs: { created: [{ id: 'x' }], updated: [], deleted: [] },
      patients: { created: [serverPatient('a')], updated: [], deleted: [] },
    });
    expect([...applied.counts.keys()]).toEqual(['patients']);
    expect(await store.count('event_logs')).toBe(0);
  });
});
