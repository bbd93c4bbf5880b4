import { isDeepStrictEqual } from 'node:util';
import { compareContents } from './compare-contents.js';
import { expectedScope } from './expected-scope.js';
import type { Organisation } from './expected-scope.js';
import type { SoakUser } from './prepare-clinic.js';
import type { ScopeModel } from './scope-changes.js';
import type { ServerScopes } from './read-server-records.js';

type Row = Record<string, unknown>;
type Contents = Record<string, Row[]>;

/** A device at the end of the run. */
export interface EndDevice {
  readonly name: string;
  readonly kind: string;
  readonly user: SoakUser;
  readonly contents: Contents;
  /** It still had changes to push after the final rounds. */
  readonly pending: boolean;
  /** `table\0id` of the records this device created, edited or deleted. */
  readonly written: ReadonlySet<string>;
}

export interface ScopeCheckInput {
  /** The super administrator's pull: every live row. */
  readonly rows: Contents;
  readonly server: ServerScopes;
  readonly model: ScopeModel;
  /** A fresh device of each user, synced once at the end. */
  readonly fresh: ReadonlyMap<string, Contents>;
  readonly devices: readonly EndDevice[];
  /** `table\0id` of the records the server refused and kept in its conflict log. */
  readonly refused: ReadonlySet<string>;
}

export interface ScopeCheck {
  readonly failures: string[];
  /** Records compared, device by device (fresh devices included). */
  readonly compared: number;
  /** Records held outside the user's scope. Must be 0. */
  readonly leaked: number;
  /** Records a device wrote that the server refused, pending there with the device's values. */
  readonly refusedKeptPending: number;
  /** The patients in each user's scope at the end. */
  readonly patientsOf: ReadonlyMap<string, ReadonlySet<string>>;
}

const sorted = (set: ReadonlySet<string> | undefined) => [...(set ?? [])].sort();

/**
 * Checks, once every device synced twice after the last change, that each
 * holds exactly its user's scope (PROTOCOL.md, "Scope"), worked out from
 * the server's tables by expectedScope, not by the server's scope code:
 *
 * - the memberships and follows the soak made are those the server holds;
 * - a fresh device of each user holds exactly that scope, and its own
 *   permission rows (ids from the server's table);
 * - every device holds exactly what the fresh device of its user holds
 *   (every column equal), except records it wrote that the server refused
 *   (out of scope, or an edit of another clinic's visit of one of its
 *   patients: no flags there): both clients keep those pending with their
 *   own values, which are in the conflict log; a device still has changes
 *   to push only when it keeps such records.
 *
 * Anything held outside the scope counts as leaked.
 */
export function checkScopes(input: ScopeCheckInput): ScopeCheck {
  const failures: string[] = [];
  let compared = 0;
  let leaked = 0;
  let refusedKeptPending = 0;
  for (const user of input.model.users) {
    const held = sorted(input.server.clinicsOf.get(user.id));
    const made = input.model.clinicsOf(user.id);
    if (!isDeepStrictEqual(held, made)) {
      failures.push(`${user.email}: the server holds clinics ${held}, the soak made ${made}`);
    }
    const follows = sorted(input.server.followsOf.get(user.id));
    const followed = sorted(input.model.follows.get(user.id));
    if (!isDeepStrictEqual(follows, followed)) {
      failures.push(
        `${user.email}: the server holds follows ${follows}, the soak made ${followed}`,
      );
    }
  }
  const organisation: Organisation = {
    rows: input.rows,
    clinicsOf: input.server.clinicsOf,
    followsOf: input.model.follows,
  };
  const scopes = new Map<string, Contents>();
  const patientsOf = new Map<string, Set<string>>();
  for (const user of input.model.users) {
    const expected = expectedScope(organisation, user.id);
    patientsOf.set(user.id, new Set((expected['patients'] ?? []).map((p) => String(p['id']))));
    const fresh = input.fresh.get(user.id) ?? {};
    const result = compareContents(fresh, expected);
    compared += result.compared;
    leaked += result.extra;
    for (const d of result.differences) failures.push(`a fresh device of ${user.email}: ${d}`);
    const permissions = (fresh['user_clinic_permissions'] ?? []).map((r) => String(r['id']));
    const own = sorted(input.server.permissionIds.get(user.id));
    if (!isDeepStrictEqual(permissions.sort(), own)) {
      failures.push(
        `a fresh device of ${user.email} holds permission rows ${permissions}, theirs are ${own}`,
      );
    }
    scopes.set(user.id, {
      ...expected,
      user_clinic_permissions: fresh['user_clinic_permissions'] ?? [],
    });
  }
  for (const device of input.devices) {
    const ownRefused = (table: string, id: string) => {
      const key = `${table}\u0000${id}`;
      return device.written.has(key) && input.refused.has(key);
    };
    const result = compareContents(device.contents, scopes.get(device.user.id)!, ownRefused);
    compared += result.compared;
    leaked += result.extra;
    refusedKeptPending += result.pendingRefused.length;
    for (const d of result.differences) failures.push(`${device.name} (${device.kind}): ${d}`);
    if (device.pending && result.pendingRefused.length === 0) {
      failures.push(`${device.name}: still has unsynced changes after the final rounds`);
    }
  }
  return { failures, compared, leaked, refusedKeptPending, patientsOf };
}
