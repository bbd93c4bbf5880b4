import type {
  AnyWireRow,
  PushedRecord,
  PushedTableChanges,
  RejectedRecord,
  TableName,
} from '@clinicsync/schema';
import type { UserScope } from '../../scope/user-scope.js';
import type { PushScopeInputs } from './read-push-scope.js';
import { authorColumns, text } from './record-links.js';
import { storedValues, viewOf } from './record-view.js';
import type { RecordView } from './record-view.js';
import { ScopeLookup } from './scope-lookup.js';
import { deleteRefusal, writeRefusal } from './write-refusal.js';

type Reason = RejectedRecord['reason'];

/** Who pushes: their scope now, and the home clinic that a followed patient's records fall back to. */
export interface Writer {
  readonly scope: UserScope;
  readonly homeClinicId: string;
}

/** A pushed record the server will not write, with the values it pushed. */
export interface RefusedRecord {
  readonly table: TableName;
  readonly id: string;
  readonly reason: Reason;
  /** The clinic the record belongs to, when known. */
  readonly clinicId: string | null;
  /** The pushed row, or `{id, deleted: true}` for a delete. */
  readonly values: Readonly<Record<string, unknown>>;
}

/** Per table, the clinic each accepted record belongs to. */
export type RecordClinics = ReadonlyMap<TableName, ReadonlyMap<string, string>>;

export interface JudgedPush {
  /** What may be written, tables in the pushed order, authors set to the writer. */
  readonly accepted: PushedTableChanges[];
  /** Refused records, in the pushed order. */
  readonly refused: RefusedRecord[];
  readonly clinics: RecordClinics;
}

/** Judging order: patients, then visits, then the rest, so children see their parents' fate. */
function judgingOrder(tables: readonly PushedTableChanges[]): PushedTableChanges[] {
  const rank = (t: PushedTableChanges) =>
    t.table.name === 'patients' ? 0 : t.table.name === 'visits' ? 1 : 2;
  return [...tables].sort((a, b) => rank(a) - rank(b));
}

/** The row with authors naming someone else (non-empty, and written) set to `userId`. */
function withWriterAsAuthor(row: AnyWireRow, view: RecordView, userId: string): AnyWireRow {
  const others = authorColumns.filter((c) => {
    const value = text(row[c]);
    return view.changes(c) && value !== '' && value !== userId;
  });
  if (others.length === 0) return row;
  const rewritten: AnyWireRow = { ...row };
  for (const c of others) rewritten[c] = userId;
  return rewritten;
}

/**
 * Judges a push against the writer's scope (PROTOCOL.md, "Scope", "Writes"),
 * record by record, without a database:
 *
 * - Create or edit is whether the id exists on the server (live or deleted),
 *   whatever list the device put it in.
 * - `server_managed` tables are refused to everyone.
 * - `out_of_scope` and `forbidden` as write-refusal.ts says, against the
 *   flags of the record's clinic (scope-lookup.ts) and the rule of
 *   check-permissions.ts.
 * - Accepted records that set `last_modified_by` or `recorded_by_user_id` to
 *   someone else (non-empty) name the writer instead.
 * - Deletes of unknown or deleted ids pass (they change nothing).
 *
 * A super_admin's scope is whole: only the tables, flags and names are judged.
 *
 * @example
 * const inputs = await readPushScope(tx, scope, push.tables);
 * const judged = judgePush(push.tables, { scope, homeClinicId: user.clinicId }, inputs);
 */
export function judgePush(
  tables: readonly PushedTableChanges[],
  writer: Writer,
  inputs: PushScopeInputs,
): JudgedPush {
  const lookup = new ScopeLookup(writer.scope, writer.homeClinicId, inputs);
  const clinics = new Map<TableName, Map<string, string>>();
  const results = new Map<TableName, { accepted: PushedTableChanges; refused: RefusedRecord[] }>();
  for (const changes of judgingOrder(tables)) {
    results.set(changes.table.name, judgeTable(changes, lookup, inputs, clinics));
  }
  const accepted: PushedTableChanges[] = [];
  const refused: RefusedRecord[] = [];
  for (const { table } of tables) {
    const result = results.get(table.name)!;
    const { created, updated, deleted } = result.accepted;
    if (created.length + updated.length + deleted.length > 0) accepted.push(result.accepted);
    refused.push(...result.refused);
  }
  return { accepted, refused, clinics };
}

function judgeTable(
  changes: PushedTableChanges,
  lookup: ScopeLookup,
  inputs: PushScopeInputs,
  clinics: Map<TableName, Map<string, string>>,
): { accepted: PushedTableChanges; refused: RefusedRecord[] } {
  const { table } = changes;
  const refused: RefusedRecord[] = [];
  const refuse = (id: string, reason: Reason, clinic: string | null, values: object) => {
    const clinicId = clinic === '' ? null : clinic;
    refused.push({ table: table.name, id, reason, clinicId, values: { ...values } });
  };
  const remember = (id: string, clinic: string) => {
    if (clinic === '') return;
    let ids = clinics.get(table.name);
    if (!ids) clinics.set(table.name, (ids = new Map()));
    ids.set(id, clinic);
  };
  if (table.sync === 'server_managed') {
    for (const { row } of [...changes.created, ...changes.updated]) {
      refuse(row.id, 'server_managed', null, row);
    }
    for (const id of changes.deleted) refuse(id, 'server_managed', null, { id, deleted: true });
    return { accepted: { table, created: [], updated: [], deleted: [] }, refused };
  }
  const stored = inputs.stored.get(table.name);
  const judgeList = (list: readonly PushedRecord[]): PushedRecord[] =>
    list.flatMap((record) => {
      const { id } = record.row;
      const view = viewOf(record, stored?.get(id));
      const clinic = lookup.clinicOf(table, view.after);
      const reason = writeRefusal(table, view, clinic, lookup);
      if (reason) {
        refuse(id, reason, clinic, record.row);
        return [];
      }
      remember(id, clinic);
      lookup.accepted(table, id, !view.stored, view.after);
      const row = withWriterAsAuthor(record.row, view, lookup.scope.userId);
      return [{ row, changed: record.changed }];
    });
  const created = judgeList(changes.created);
  const updated = judgeList(changes.updated);
  const deleted = changes.deleted.filter((id) => {
    const found = stored?.get(id);
    if (!found || found.deleted) return true;
    const before = storedValues(id, found);
    const clinic = lookup.clinicOf(table, before);
    const reason = deleteRefusal(table, before, clinic, lookup);
    if (reason) refuse(id, reason, clinic, { id, deleted: true });
    else remember(id, clinic);
    return !reason;
  });
  return { accepted: { table, created, updated, deleted }, refused };
}
