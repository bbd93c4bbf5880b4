import type { SqlDriver, SqlStatement } from '../driver/sql-driver.js';
import { departedTable, departuresKept, followedTable } from './local-schema.js';

/**
 * A patient a pull removed from this device: they left the user's scope
 * (not registered at or seen in the user's clinics any more, or no longer
 * followed), or were deleted on the server; the wire does not tell the two
 * apart. The name is the last one the device held.
 */
export interface PatientDeparture {
  readonly id: string;
  readonly givenName: string | null;
  readonly surname: string | null;
  /** When the pull removed them (epoch ms, this device's clock). */
  readonly leftAt: number;
}

interface DepartureRow {
  id: string;
  given_name: string | null;
  surname: string | null;
  left_at: number;
}

const toDeparture = (row: DepartureRow): PatientDeparture => ({
  id: row.id,
  givenName: row.given_name,
  surname: row.surname,
  leftAt: row.left_at,
});

/**
 * Statements that record `patients` as departed at `at` and keep only the
 * newest departures; they commit in the batch that removes the patients.
 * A follow made here of a patient who left has ended (on this device or
 * another of the user's), so it is forgotten too.
 */
export function recordDepartures(
  patients: readonly { id: string; given_name: string | null; surname: string | null }[],
  at: number,
): SqlStatement[] {
  if (patients.length === 0) return [];
  return [
    {
      sql: `INSERT OR REPLACE INTO ${departedTable} (id, given_name, surname, left_at) VALUES (?, ?, ?, ?)`,
      rows: patients.map((p) => [p.id, p.given_name, p.surname, at]),
    },
    {
      sql: `DELETE FROM ${departedTable} WHERE id NOT IN (SELECT id FROM ${departedTable} ORDER BY left_at DESC, id LIMIT ${departuresKept})`,
    },
    {
      sql: `DELETE FROM ${followedTable} WHERE id IN (SELECT value FROM json_each(?))`,
      params: [JSON.stringify(patients.map((p) => p.id))],
    },
  ];
}

/** A statement that forgets the departures of patients a pull brought back. */
export function forgetDepartures(ids: readonly string[]): SqlStatement[] {
  if (ids.length === 0) return [];
  return [
    {
      sql: `DELETE FROM ${departedTable} WHERE id IN (SELECT value FROM json_each(?))`,
      params: [JSON.stringify(ids)],
    },
  ];
}

export async function readDeparture(
  driver: SqlDriver,
  id: string,
): Promise<PatientDeparture | null> {
  const [row] = await driver.query<DepartureRow>(
    `SELECT id, given_name, surname, left_at FROM ${departedTable} WHERE id = ?`,
    [id],
  );
  return row ? toDeparture(row) : null;
}

export async function readDepartures(
  driver: SqlDriver,
  limit: number,
): Promise<PatientDeparture[]> {
  const rows = await driver.query<DepartureRow>(
    `SELECT id, given_name, surname, left_at FROM ${departedTable} ORDER BY left_at DESC, id LIMIT ?`,
    [limit],
  );
  return rows.map(toDeparture);
}
