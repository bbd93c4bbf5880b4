import { syncedTables, validatePush } from '@clinicsync/schema';
import type { AnyWireRow, PullResponse, TableName } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase } from '@clinicsync/testing/server';
import type { TestDatabase } from '@clinicsync/testing/server';
import { buildApp } from '../../src/app.js';
import type { Queryable } from '../../src/db/database.js';
import { seedEmail, seedPassword } from '../../src/seed/plan-set-up.js';
import { seedDatabase } from '../../src/seed/seed-database.js';
import type { SeedSummary } from '../../src/seed/seed-database.js';
import { ident, wireRowSql } from '../../src/storage/sql-names.js';

interface StoredRow {
  row: AnyWireRow;
  _version: number;
  _created_version: number;
  _deleted: boolean;
}

/** Every synced row of every table, as wire rows, ordered by id. */
async function dump(db: Queryable): Promise<Record<string, StoredRow[]>> {
  const tables: Record<string, StoredRow[]> = {};
  for (const table of syncedTables) {
    tables[table.name] = await db.query<StoredRow>(
      `SELECT row_to_json(${wireRowSql(table, 't')}) AS row, t._version, t._created_version, t._deleted
         FROM ${ident(table.name)} t ORDER BY t.id`,
    );
  }
  return tables;
}

/** Columns tying a patient to a clinic: primary clinic, visits, appointments, pickups, dispensing. */
const clinicLinkColumns: readonly (readonly [string, string])[] = [
  ['patients', 'primary_clinic_id'],
  ['visits', 'clinic_id'],
  ['appointments', 'clinic_id'],
  ['prescriptions', 'pickup_clinic_id'],
  ['dispensing_records', 'clinic_id'],
];

/** The patients of `clinic` in a dump, from the rows themselves. */
function patientsOfClinic(dumped: Record<string, StoredRow[]>, clinic: string): Set<string> {
  const patients = new Set<string>();
  for (const [table, column] of clinicLinkColumns) {
    for (const { row } of dumped[table] ?? []) {
      if (row[column] !== clinic) continue;
      patients.add((table === 'patients' ? row.id : row['patient_id']) as string);
    }
  }
  return patients;
}

const options = { seed: 7, clinics: 2, patients: 40 };
let first: TestDatabase;
let summary: SeedSummary;
let rows: Record<string, StoredRow[]>;

beforeAll(async () => {
  first = await createTestDatabase();
  // Small batches: several transactions, and a last partial one.
  summary = await seedDatabase(first.db, { ...options, batchSize: 15 });
  rows = await dump(first.db);
});
afterAll(() => first.drop());

describe('seedDatabase', () => {
  test('writes clinics, staff, forms and about ten records per patient', () => {
    expect(rows['clinics']!.length).toBe(2);
    expect(rows['users']!.length).toBe(6);
    expect(rows['user_clinic_permissions']!.length).toBe(6);
    expect(rows['clinic_departments']!.length).toBe(6);
    expect(rows['event_forms']!.length).toBe(4);
    expect(rows['registration_forms']!.length).toBe(1);
    expect(rows['patients']!.length).toBe(40);
    expect(summary.patients).toBe(40);
    const clinical = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    expect(clinical / 40).toBeGreaterThan(7);
    expect(clinical / 40).toBeLessThan(14);
    for (const [table, count] of Object.entries(summary.counts))
      expect(rows[table]!.length, table).toBe(count);
    expect(summary.rows).toBe(Object.values(rows).reduce((n, r) => n + r.length, 0));
    const perClinic = rows['patients']!.map((r) => r.row['primary_clinic_id']);
    expect(perClinic.filter((c) => c === 's7-c1').length).toBe(20);
  });

  test('forms are shaped like Hikma Health forms and events point at them', () => {
    const forms = new Map(rows['event_forms']!.map((r) => [r.row.id, r.row]));
    for (const form of forms.values()) {
      const fields = JSON.parse(form['form_fields'] as string) as {
        id: string;
        fieldType: string;
        inputType: string;
      }[];
      expect(fields.length).toBeGreaterThan(3);
      for (const f of fields)
        expect(f).toMatchObject({
          id: expect.any(String),
          fieldType: expect.any(String),
          inputType: expect.any(String),
        });
      expect(JSON.parse(form['clinic_ids'] as string)).toEqual(['s7-c1', 's7-c2']);
    }
    const fieldTypes = new Set(
      [...forms.values()].flatMap((f) =>
        (JSON.parse(f['form_fields'] as string) as { fieldType: string }[]).map((x) => x.fieldType),
      ),
    );
    expect([...fieldTypes].sort()).toEqual([
      'binary',
      'date',
      'diagnosis',
      'free-text',
      'medicine',
      'options',
    ]);
    for (const event of rows['events']!)
      expect(forms.has(event.row['form_id'] as string)).toBe(true);
    const registration = JSON.parse(rows['registration_forms']![0]!.row['fields'] as string) as {
      column: string;
    }[];
    expect(registration.map((f) => f.column)).toContain('given_name');
  });

  test('every stored row passes validatePush as a device push body', () => {
    const body = Object.fromEntries(
      Object.entries(rows).map(([table, stored]) => [
        table,
        { created: stored.map((s) => s.row), updated: [], deleted: [] },
      ]),
    );
    const result = validatePush(body);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  test('rows are synced rows: versions, and a change history entry each', async () => {
    const all = Object.values(rows).flat();
    for (const stored of all) {
      expect(stored._version).toBeGreaterThan(0);
      expect(stored._created_version).toBe(stored._version);
      expect(stored._deleted).toBe(false);
    }
    const history = await first.db.query<{
      table_name: string;
      row_id: string;
      after: Record<string, unknown>;
    }>(`SELECT table_name, row_id, after FROM change_history WHERE op = 'create'`);
    expect(history.length).toBe(all.length);
    const patient = rows['patients']![0]!.row;
    const entry = history.find((h) => h.table_name === 'patients' && h.row_id === patient.id)!;
    expect(entry.after).toEqual(patient);
  });

  test('staff sign in with the seed password and pull the data set', async () => {
    const app = await buildApp({ db: first.db, logger: false });
    try {
      const email = seedEmail(7, 0, 'provider1');
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email, password: seedPassword(7) },
      });
      expect(signIn.statusCode).toBe(200);
      const auth = `Basic ${Buffer.from(`${email}:${seedPassword(7)}`).toString('base64')}`;
      const pull = await app.inject({
        method: 'GET',
        url: '/api/v2/sync?last_pulled_at=null',
        headers: { authorization: auth },
      });
      expect(pull.statusCode).toBe(200);
      const changes = pull.json<PullResponse>().changes;
      // A provider of the first clinic receives its patients, whole (PROTOCOL.md, "Scope").
      const patients = patientsOfClinic(rows, 's7-c1');
      expect(patients.size).toBe(20);
      const ids = (table: TableName) => (changes[table]?.created ?? []).map((r) => r.id).sort();
      expect(ids('patients')).toEqual([...patients].sort());
      const events = rows['events']!.filter((e) => patients.has(e.row['patient_id'] as string));
      expect(ids('events')).toEqual(events.map((e) => e.row.id).sort());
      expect(events.length).toBeLessThan(summary.counts.events);
      const pulled = changes.events!.created.find((e) => e.id === events[0]!.row.id);
      expect(pulled).toEqual(events[0]!.row);
    } finally {
      await app.close();
    }
  });

  test('the same seed gives byte-identical rows, whatever the batch size; another seed other rows', async () => {
    const second = await createTestDatabase();
    try {
      await seedDatabase(second.db, { ...options, batchSize: 500 });
      const again = await dump(second.db);
      for (const table of Object.keys(rows)) {
        expect(JSON.stringify(again[table]!.map((r) => r.row)), table).toBe(
          JSON.stringify(rows[table]!.map((r) => r.row)),
        );
      }
      await seedDatabase(second.db, { ...options, seed: 8 });
      const patients = await second.db.query<{
        given_name: string;
        surname: string;
        date_of_birth: string;
      }>(`SELECT given_name, surname, date_of_birth::text FROM patients ORDER BY id`);
      const name = (p: { given_name: string; surname: string; date_of_birth: string }) =>
        `${p.given_name} ${p.surname} ${p.date_of_birth}`;
      expect(patients.slice(0, 40).map(name)).not.toEqual(patients.slice(40).map(name));
    } finally {
      await second.drop();
    }
  });

  test('refuses to write the same data set twice, and out-of-range options', async () => {
    await expect(seedDatabase(first.db, options)).rejects.toThrow(
      /already holds the data set of seed 7/,
    );
    await expect(seedDatabase(first.db, { ...options, seed: -1 })).rejects.toThrow(
      /seed must be an integer/,
    );
    await expect(seedDatabase(first.db, { ...options, clinics: 0 })).rejects.toThrow(/clinics/);
  });
});
