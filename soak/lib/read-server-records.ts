import { withCliDatabase } from '@clinicsync/cli';
import type { StorageFlags } from '@clinicsync/cli';
import type { ConflictEntry, HistoryEntry, ServerRecords } from './account-writes.js';
import { soakTables } from './soak-values.js';

type Row = Record<string, unknown>;

const add = (map: Map<string, Set<string>>, key: string, value: string) => {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
};

/** The server's records of the soak's tables, read from its database once it has stopped. */
export async function readServerRecords(
  flags: StorageFlags,
  live: Record<string, Row[]>,
): Promise<ServerRecords> {
  return withCliDatabase(flags, async (db) => {
    const deleted = new Map<string, Set<string>>();
    for (const table of soakTables) {
      const rows = await db.query<{ id: string }>(`SELECT id FROM "${table}" WHERE _deleted`);
      deleted.set(table, new Set(rows.map((r) => r.id)));
    }
    const history = await db.query<HistoryEntry>(
      `SELECT id::int AS id, table_name, row_id, op, after,
              (extract(epoch FROM at) * 1000)::float8 AS "atMs" FROM change_history
        WHERE table_name = ANY($1) ORDER BY version, id`,
      [soakTables],
    );
    const conflicts = await db.query<ConflictEntry>(
      `SELECT table_name, row_id, column_name, kind, applied_value, replaced_value FROM conflicts
        WHERE table_name = ANY($1)`,
      [soakTables],
    );
    return {
      live: new Map(
        soakTables.map((t) => [t, new Map((live[t] ?? []).map((r) => [r.id as string, r]))]),
      ),
      deleted,
      history,
      conflicts,
    };
  });
}

/** Who belongs where, as the server's tables say once it has stopped. */
export interface ServerScopes {
  /** Each user's clinics: their home clinic and those of their live permission rows. */
  readonly clinicsOf: ReadonlyMap<string, ReadonlySet<string>>;
  /** Each user's open follows. */
  readonly followsOf: ReadonlyMap<string, ReadonlySet<string>>;
  /** The ids of each user's live permission rows. */
  readonly permissionIds: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Reads memberships from the rows themselves (users and their live
 * `user_clinic_permissions`, PROTOCOL.md "Scope"), not from the server's
 * scope spans; follows from the follow spans still open. A super
 * administrator belongs to the whole organisation ('*', docs/scope.md), not
 * to their home clinic: they share no clinic with anyone.
 */
export async function readServerScopes(flags: StorageFlags): Promise<ServerScopes> {
  return withCliDatabase(flags, async (db) => {
    const clinicsOf = new Map<string, Set<string>>();
    const permissionIds = new Map<string, Set<string>>();
    const followsOf = new Map<string, Set<string>>();
    const whole = new Set<string>();
    for (const user of await db.query<{ id: string; clinic_id: string; role: string }>(
      'SELECT id, clinic_id, role FROM users WHERE NOT _deleted',
    )) {
      if (user.role === 'super_admin') whole.add(user.id);
      add(clinicsOf, user.id, whole.has(user.id) ? '*' : user.clinic_id);
      permissionIds.set(user.id, new Set());
      followsOf.set(user.id, new Set());
    }
    for (const row of await db.query<{ id: string; user_id: string; clinic_id: string }>(
      'SELECT id, user_id, clinic_id FROM user_clinic_permissions WHERE NOT _deleted',
    )) {
      if (!whole.has(row.user_id)) add(clinicsOf, row.user_id, row.clinic_id);
      add(permissionIds, row.user_id, row.id);
    }
    for (const row of await db.query<{ user_id: string; patient_id: string }>(
      'SELECT user_id, patient_id FROM patient_follows WHERE ended IS NULL',
    )) {
      add(followsOf, row.user_id, row.patient_id);
    }
    return { clinicsOf, followsOf, permissionIds };
  });
}
