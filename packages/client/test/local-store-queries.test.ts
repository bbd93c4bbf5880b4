import type { TableName } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createNodeDriver, openStore } from '../src/node.js';
import type { LocalStore, NodeDriver } from '../src/node.js';

let driver: NodeDriver;
let store: LocalStore;

const people = [
  ['p1', 'Amina', 'Haddad', '+961 1 111'],
  ['p2', 'Amir', 'Khoury', '+961 3 222'],
  ['p3', 'Omar', 'Haddad', '+963 9 333'],
  ['p4', 'ámbar', 'Núñez', '555 100'],
  ['p5', 'Lina', '100% Real_Name', '555 200'],
] as const;

beforeAll(async () => {
  driver = createNodeDriver();
  store = await openStore(driver);
  await store.transaction(async (tx) => {
    for (const [id, given, surname, phone] of people) {
      await tx.create('patients', { id, given_name: given, surname, phone });
    }
    for (let i = 0; i < 5; i++) {
      await tx.create('visits', {
        id: `v${i}`,
        patient_id: i < 3 ? 'p1' : 'p2',
        check_in_timestamp: 1_700_000_000_000 + i,
        provider_name: i % 2 ? 'Dr. B' : 'Dr. A',
      });
    }
  });
  await store.delete('visits', 'v4');
});
afterAll(async () => {
  await store.close();
});

describe('queries', () => {
  test('filters, ordering, limits and counts', async () => {
    const visits = await store.query('visits', {
      where: { patient_id: 'p1', check_in_timestamp: { gte: 1_700_000_000_001 } },
      orderBy: [{ column: 'check_in_timestamp', direction: 'desc' }],
    });
    expect(visits.map((v) => v.id)).toEqual(['v2', 'v1']);
    expect(await store.count('visits')).toBe(4);
    expect(await store.count('visits', { where: { provider_name: { in: ['Dr. B'] } } })).toBe(2);
    expect(await store.count('visits', { where: { deleted_at: null } })).toBe(4);
    expect(await store.count('visits', { where: { deleted_at: { ne: null } } })).toBe(0);
    expect(await store.count('patients', { where: { camp: null } })).toBe(5);
    const page = await store.query('patients', {
      orderBy: [{ column: 'id' }],
      limit: 2,
      offset: 1,
    });
    expect(page.map((p) => p.id)).toEqual(['p2', 'p3']);
    expect(await store.query('patients', { where: { given_name: { like: 'am%' } } })).toHaveLength(
      2,
    );
  });

  test('patient search by name prefix, phone prefix and id', async () => {
    const ids = async (text: string) => (await store.searchPatients(text)).map((p) => p.id);
    expect(await ids('haddad')).toEqual(['p1', 'p3']);
    expect(await ids('am had')).toEqual(['p1']);
    expect(await ids('+961')).toEqual(['p1', 'p2']);
    expect(await ids('p4')).toEqual(['p4']);
    // "100" is a word of p5's surname, and the last digits of p4's phone.
    expect(await ids('100%')).toEqual(['p5', 'p4']);
    expect(await ids('   ')).toEqual([]);
  });

  test('the queries of sync and search use indexes', async () => {
    const plan = (sql: string, ...params: unknown[]) =>
      (driver.database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((row) => row.detail)
        .join('; ');
    expect(
      plan(`SELECT id FROM patients WHERE _status != 'synced' AND id > '' ORDER BY id`),
    ).toContain('USING INDEX patients__pending');
    expect(
      plan(
        `SELECT id FROM patients WHERE _status != 'synced' AND _status != 'deleted' AND id IN (SELECT value FROM json_each(?))`,
        '[]',
      ),
    ).toMatch(/patients__pending|PRIMARY KEY|sqlite_autoindex/);
    const search = plan(
      `SELECT id FROM patients WHERE _status != 'deleted' AND ("given_name" LIKE ? ESCAPE '\\' OR "surname" LIKE ? ESCAPE '\\' OR "phone" LIKE ? ESCAPE '\\' OR id = ?)`,
      'a%',
      'a%',
      'a%',
      'a',
    );
    expect(search).toContain('patients_given_name');
    expect(search).toContain('patients_surname');
    expect(search).toContain('patients_phone');
    for (const table of [
      'visits',
      'events',
      'prescriptions',
      'patient_vitals',
    ] satisfies TableName[]) {
      expect(plan(`SELECT id FROM ${table} WHERE patient_id = 'p1'`)).toContain(
        `${table}_patient_id`,
      );
    }
  });
});

describe('subscriptions', () => {
  test('a table subscription hears every committed change of its table only', async () => {
    const heard: string[][] = [];
    const stop = store.subscribe('patients', (tables) => heard.push([...tables]));
    await store.update('patients', 'p1', { hometown: 'Sidon' });
    await store.update('visits', 'v0', { provider_name: 'Dr. C' });
    stop();
    await store.update('patients', 'p1', { hometown: 'Tyre' });
    expect(heard).toEqual([['patients']]);
  });

  test('an observed query delivers its rows now and after each change', async () => {
    const deliveries: string[][] = [];
    const stop = store.observe(
      'visits',
      { where: { patient_id: 'p2' }, orderBy: [{ column: 'id' }] },
      (rows) => deliveries.push(rows.map((r) => r.id)),
    );
    await vi.waitFor(() => expect(deliveries).toEqual([['v3']]));
    await store.create('visits', { id: 'v9', patient_id: 'p2' });
    await vi.waitFor(() => expect(deliveries).toEqual([['v3'], ['v3', 'v9']]));
    // A change that leaves the rows as they were delivers nothing.
    await store.create('visits', { id: 'v10', patient_id: 'p3' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(deliveries).toHaveLength(2);
    stop();
  });
});
