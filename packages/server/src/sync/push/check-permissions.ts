import type { PushedTableChanges, RejectedRecord, TableName } from '@clinicsync/schema';
import type { AuthUser } from '../../auth/users.js';
import type { Queryable } from '../../db/database.js';

/** The `user_clinic_permissions` flags that decide what a device may push. */
export interface PushPermissions {
  readonly can_register_patients: boolean;
  readonly can_edit_records: boolean;
  readonly can_delete_records: boolean;
  readonly can_delete_patient_visits: boolean;
  readonly can_delete_patient_records: boolean;
  readonly can_prescribe_medications: boolean;
  readonly can_dispense_medications: boolean;
}

const none: PushPermissions = {
  can_register_patients: false,
  can_edit_records: false,
  can_delete_records: false,
  can_delete_patient_visits: false,
  can_delete_patient_records: false,
  can_prescribe_medications: false,
  can_dispense_medications: false,
};

/** The user's flags in their own clinic; administrators may do everything. */
export async function loadPushPermissions(db: Queryable, user: AuthUser): Promise<PushPermissions> {
  if (user.role === 'super_admin' || user.role === 'admin') {
    return Object.fromEntries(
      Object.keys(none).map((k) => [k, true]),
    ) as unknown as PushPermissions;
  }
  const [row] = await db.query<PushPermissions>(
    `SELECT ${Object.keys(none).join(', ')} FROM user_clinic_permissions
      WHERE user_id = $1 AND clinic_id = $2 AND NOT _deleted ORDER BY _version DESC LIMIT 1`,
    [user.id, user.clinicId],
  );
  return row ?? none;
}

type Operation = 'create' | 'update' | 'delete';

/**
 * Which flag allows an operation on a table, or undefined when it is allowed.
 * Registering a patient (and its registration attributes) is its own right;
 * other records need the right to edit; deletes need a right to delete.
 */
function refusalReason(
  table: TableName,
  operation: Operation,
  p: PushPermissions,
): string | undefined {
  if (operation === 'delete') {
    if (p.can_delete_records) return undefined;
    if (table === 'patients' && p.can_delete_patient_records) return undefined;
    if (table === 'visits' && p.can_delete_patient_visits) return undefined;
    return 'no permission to delete records';
  }
  if (operation === 'create') {
    if (
      (table === 'patients' || table === 'patient_additional_attributes') &&
      p.can_register_patients
    ) {
      return undefined;
    }
    if (
      (table === 'prescriptions' || table === 'prescription_items') &&
      p.can_prescribe_medications
    ) {
      return undefined;
    }
    if (table === 'dispensing_records' && p.can_dispense_medications) return undefined;
  }
  if (p.can_edit_records) return undefined;
  return operation === 'create' && table === 'patients'
    ? 'no permission to register patients'
    : 'no permission to edit records';
}

/**
 * Splits a push into what this user may write and per-record refusals:
 * `server_managed` tables are refused to everyone (they change only through
 * administration calls), and clinical tables by permission.
 */
export function filterPermitted(
  tables: readonly PushedTableChanges[],
  permissions: PushPermissions,
): { accepted: PushedTableChanges[]; refusals: RejectedRecord[] } {
  const refusals: RejectedRecord[] = [];
  const accepted: PushedTableChanges[] = [];
  for (const changes of tables) {
    const name = changes.table.name;
    const allowed = (id: string, operation: Operation) => {
      const reason =
        changes.table.sync === 'server_managed'
          ? 'this table is managed on the server; change it through the administration'
          : refusalReason(name, operation, permissions);
      if (reason) refusals.push({ table: name, id, reason });
      return !reason;
    };
    const created = changes.created.filter((r) => allowed(r.row.id, 'create'));
    const updated = changes.updated.filter((r) => allowed(r.row.id, 'update'));
    const deleted = changes.deleted.filter((id) => allowed(id, 'delete'));
    if (created.length + updated.length + deleted.length > 0) {
      accepted.push({ table: changes.table, created, updated, deleted });
    }
  }
  return { accepted, refusals };
}
