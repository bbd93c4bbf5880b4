import type { PushedTableChanges, Table, TableName } from '@clinicsync/schema';
import type { Queryable } from '../../db/database.js';
import { reachedWhenDeletedSql } from '../../scope/reached-when-deleted.js';
import { patientsInScope } from '../../scope/user-scope.js';
import type { UserScope } from '../../scope/user-scope.js';
import { ident } from '../../storage/sql-names.js';
import { linkColumns, patientColumn, text } from './record-links.js';

/** A pushed id the server holds (live or a tombstone): the columns judging reads. */
export interface StoredRecord {
  readonly deleted: boolean;
  readonly values: Readonly<Record<string, string | null>>;
}

/** What the server holds that judging a push needs, read before it is judged. */
export interface PushScopeInputs {
  /** Per pushed `device_writable` table, the pushed ids the server holds. */
  readonly stored: ReadonlyMap<TableName, ReadonlyMap<string, StoredRecord>>;
  /**
   * Of the patients the pushed records name (before and after the write),
   * those the user may write under: in scope now, or deleted while in it
   * (so an edit under a deleted patient meets "delete wins", not a refusal,
   * exactly when the pull sends the user its tombstones).
   */
  readonly patientsInReach: ReadonlySet<string>;
  /** The stored primary clinic of each patient the push names. */
  readonly primaryClinics: ReadonlyMap<string, string>;
  /** The stored clinic of each visit the pushed records name. */
  readonly visitClinics: ReadonlyMap<string, string>;
  /** The open memberships of each pushed `provider_id` ('*': every clinic). */
  readonly memberships: ReadonlyMap<string, ReadonlySet<string>>;
}

function pushedIds(changes: PushedTableChanges): string[] {
  return [...changes.created, ...changes.updated].map((r) => r.row.id).concat(changes.deleted);
}

/**
 * The pushed ids of `table` that exist on the server, live or deleted, in one
 * query. They are locked (in id order, as the write locks them) so that what
 * is judged here is still true when the write runs.
 */
async function readStoredRecords(
  tx: Queryable,
  table: Table,
  ids: readonly string[],
): Promise<Map<string, StoredRecord>> {
  const found = new Map<string, StoredRecord>();
  if (ids.length === 0) return found;
  const columns = linkColumns(table);
  const rows = await tx.query<Record<string, string | null> & { id: string; _deleted: boolean }>(
    `SELECT id, _deleted${columns.map((c) => `, ${ident(c)}`).join('')} FROM ${ident(table.name)}
      WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [[...ids].sort()],
  );
  for (const row of rows) {
    const values: Record<string, string | null> = {};
    for (const c of columns) values[c] = row[c] ?? null;
    found.set(row.id, { deleted: row._deleted, values });
  }
  return found;
}

/** Adds a non-empty `value` to `set`. */
function collect(set: Set<string>, value: unknown): void {
  const v = text(value);
  if (v !== '') set.add(v);
}

interface PatientRow {
  id: string;
  primary_clinic_id: string | null;
  deleted_in_scope: boolean;
}

/**
 * The primary clinic of `ids`, and which of them are tombstones the user
 * had in scope when they were deleted (reached-when-deleted.ts: the rule
 * the pull sends their tombstones by).
 */
async function readPatients(
  tx: Queryable,
  scope: UserScope,
  ids: readonly string[],
): Promise<PatientRow[]> {
  if (ids.length === 0) return [];
  return tx.query<PatientRow>(
    `SELECT p.id, p.primary_clinic_id,
            p._deleted AND ${reachedWhenDeletedSql('p.id', 'p._version', '$2')} AS deleted_in_scope
       FROM patients p WHERE p.id = ANY($1::text[])`,
    [ids, scope.userId],
  );
}

/**
 * Reads what judging `tables` needs, a fixed number of queries whatever the
 * push's size: one per pushed table (`readStoredRecords`), then one each for
 * the patients in scope, the patients' clinics, the visits' clinics and the
 * providers' memberships. Run it in the push's transaction.
 *
 * @example
 * const inputs = await readPushScope(tx, scope, push.tables);
 * const judged = judgePush(push.tables, writer, inputs);
 */
export async function readPushScope(
  tx: Queryable,
  scope: UserScope,
  tables: readonly PushedTableChanges[],
): Promise<PushScopeInputs> {
  const stored = new Map<TableName, Map<string, StoredRecord>>();
  const patients = new Set<string>();
  const visits = new Set<string>();
  const providers = new Set<string>();
  for (const changes of tables) {
    const { table } = changes;
    if (table.sync !== 'device_writable') continue;
    const found = await readStoredRecords(tx, table, pushedIds(changes));
    stored.set(table.name, found);
    const patient = patientColumn(table);
    const records = [...changes.created, ...changes.updated];
    for (const values of [
      ...records.map((r) => r.row),
      ...[...found.values()].map((s) => s.values),
    ]) {
      if (patient && patient !== 'id') collect(patients, values[patient]);
      collect(visits, values['visit_id']);
    }
    if (patient === 'id') for (const id of pushedIds(changes)) patients.add(id);
    for (const { row } of records) collect(providers, row['provider_id']);
  }
  const patientIds = [...patients];
  const patientRows = await readPatients(tx, scope, patientIds);
  // A super_admin reaches every patient there is.
  const reach = scope.whole
    ? new Set(patientRows.map((p) => p.id))
    : await patientsInScope(tx, scope, patientIds);
  for (const p of patientRows) if (p.deleted_in_scope) reach.add(p.id);

  const visitRows =
    visits.size === 0
      ? []
      : await tx.query<{ id: string; clinic_id: string | null }>(
          'SELECT id, clinic_id FROM visits WHERE id = ANY($1::text[])',
          [[...visits]],
        );
  const membershipRows =
    providers.size === 0
      ? []
      : await tx.query<{ user_id: string; clinic_id: string }>(
          'SELECT user_id, clinic_id FROM clinic_memberships WHERE user_id = ANY($1::text[]) AND ended IS NULL',
          [[...providers]],
        );
  const memberships = new Map<string, Set<string>>();
  for (const m of membershipRows) {
    let clinics = memberships.get(m.user_id);
    if (!clinics) memberships.set(m.user_id, (clinics = new Set()));
    clinics.add(m.clinic_id);
  }
  return {
    stored,
    patientsInReach: reach,
    primaryClinics: new Map(patientRows.map((p) => [p.id, text(p.primary_clinic_id)])),
    visitClinics: new Map(visitRows.map((v) => [v.id, text(v.clinic_id)])),
    memberships,
  };
}
