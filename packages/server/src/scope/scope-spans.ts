import type { AnyWireRow, TableName } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import { authorColumns } from './scope-keys.js';

/**
 * The tables whose live rows tie a patient to a clinic, and the column naming
 * that clinic (PROTOCOL.md, "Scope": primary clinic, visits, appointments,
 * prescriptions by pickup clinic, dispensing).
 */
export const patientClinicColumns: ReadonlyMap<TableName, string> = new Map<TableName, string>([
  ['patients', 'primary_clinic_id'],
  ['visits', 'clinic_id'],
  ['appointments', 'clinic_id'],
  ['prescriptions', 'pickup_clinic_id'],
  ['dispensing_records', 'clinic_id'],
]);

/** The tables whose rows make a user a member of a clinic. */
const membershipTables: ReadonlySet<TableName> = new Set<TableName>([
  'users',
  'user_clinic_permissions',
]);

/** Rows a write touched, per table: what scope spans may need refreshing. */
export type TouchedRows = ReadonlyMap<TableName, Iterable<AnyWireRow>>;

/** The patients and users whose spans a write may have changed. */
export function touchedOwners(touched: TouchedRows): { patients: string[]; users: string[] } {
  const patients = new Set<string>();
  const users = new Set<string>();
  for (const [table, rows] of touched) {
    const linking = patientClinicColumns.has(table);
    const member = membershipTables.has(table);
    if (!linking && !member) continue;
    for (const row of rows) {
      if (linking) {
        const id = table === 'patients' ? row.id : row.patient_id;
        if (typeof id === 'string') patients.add(id);
      } else {
        const id = table === 'users' ? row.id : row.user_id;
        if (typeof id === 'string') users.add(id);
      }
    }
  }
  return { patients: [...patients], users: [...users] };
}

const desiredPatientClinicsSql = [...patientClinicColumns]
  .map(
    ([table, column]) =>
      `SELECT ${table === 'patients' ? 'id' : 'patient_id'} AS owner, "${column}" AS clinic_id
         FROM "${table}" WHERE ${table === 'patients' ? 'id' : 'patient_id'} = ANY($1::text[]) AND NOT _deleted`,
  )
  .join(' UNION ');

const desiredMembershipsSql = `
  SELECT id AS owner, CASE WHEN role = 'super_admin' THEN '*' ELSE clinic_id END AS clinic_id
    FROM users WHERE id = ANY($1::text[]) AND NOT _deleted
  UNION
  SELECT p.user_id, p.clinic_id FROM user_clinic_permissions p JOIN users u ON u.id = p.user_id
   WHERE p.user_id = ANY($1::text[]) AND NOT p._deleted AND NOT u._deleted AND u.role <> 'super_admin'`;

/**
 * Brings the open spans of `owners` in line with the rows: spans no longer
 * backed by a live row end at `version`, new ones begin at it. Two
 * statements, whatever the number of owners.
 */
async function refreshSpans(
  tx: Queryable,
  spans: 'patient_clinics' | 'clinic_memberships',
  ownerColumn: 'patient_id' | 'user_id',
  desiredSql: string,
  owners: readonly string[],
  version: number,
): Promise<void> {
  if (owners.length === 0) return;
  const desired = `SELECT owner, clinic_id FROM (${desiredSql}) d WHERE clinic_id IS NOT NULL AND clinic_id <> ''`;
  await tx.query(
    `UPDATE ${spans} s SET ended = $2
      WHERE s.${ownerColumn} = ANY($1::text[]) AND s.ended IS NULL
        AND NOT EXISTS (SELECT 1 FROM (${desired}) d WHERE d.owner = s.${ownerColumn} AND d.clinic_id = s.clinic_id)`,
    [owners, version],
  );
  await tx.query(
    `INSERT INTO ${spans} (${ownerColumn}, clinic_id, began)
     SELECT d.owner, d.clinic_id, $2 FROM (${desired}) d
      WHERE NOT EXISTS (SELECT 1 FROM ${spans} s
                         WHERE s.${ownerColumn} = d.owner AND s.clinic_id = d.clinic_id AND s.ended IS NULL)`,
    [owners, version],
  );
}

/**
 * Keeps scope data current: after a write at `version`, the clinics of every
 * patient and the memberships of every user it touched. Runs in the write's
 * transaction, so spans commit with their rows and in version order.
 */
export async function refreshScopeSpans(
  tx: Queryable,
  touched: TouchedRows,
  version: number,
): Promise<void> {
  const { patients, users } = touchedOwners(touched);
  await refreshSpans(
    tx,
    'patient_clinics',
    'patient_id',
    desiredPatientClinicsSql,
    patients,
    version,
  );
  await refreshSpans(tx, 'clinic_memberships', 'user_id', desiredMembershipsSql, users, version);
  await recordAuthors(tx, touched, version);
}

const authorColumnsByTable = new Map<string, string[]>();
for (const { table, column } of authorColumns) {
  authorColumnsByTable.set(table, [...(authorColumnsByTable.get(table) ?? []), column]);
}

/** The (patient, author) pairs of the rows a write touched, in one statement. */
async function recordAuthors(tx: Queryable, touched: TouchedRows, version: number): Promise<void> {
  const pairs = new Map<string, { patient_id: string; user_id: string }>();
  for (const [table, rows] of touched) {
    const columns = authorColumnsByTable.get(table);
    if (!columns) continue;
    for (const row of rows) {
      const patient = table === 'patients' ? row.id : row.patient_id;
      if (typeof patient !== 'string') continue;
      for (const column of columns) {
        const author = row[column];
        if (typeof author === 'string' && author !== '') {
          pairs.set(`${patient}\u0000${author}`, { patient_id: patient, user_id: author });
        }
      }
    }
  }
  if (pairs.size === 0) return;
  await tx.query(
    `INSERT INTO patient_authors (patient_id, user_id, first_version)
     SELECT x.patient_id, x.user_id, $2 FROM json_to_recordset($1::json) AS x(patient_id text, user_id text)
     ON CONFLICT (patient_id, user_id) DO NOTHING`,
    [JSON.stringify([...pairs.values()]), version],
  );
}
