import {
  accessLogPage,
  adminUserDetail,
  clinicsList,
  conflictEntry,
  conflictsPage,
  devicesList,
  errorBody,
  syncLogPage,
  usersPage,
} from '@clinicsync/schema';
import type {
  AccessLogEntry,
  AdminUserDetail,
  ConflictEntry,
  ClinicFlags,
  ClinicSummary,
  DeviceEntry,
  NewUserBody,
  Permissions,
  Role,
  SyncLogEntry,
  UserChangesBody,
} from '@clinicsync/schema';
import type { Session } from '../lib/session.js';

/**
 * A refused administration call: the server's own message (a password
 * rule, a name taken, a 403's reason), shown as sent.
 */
export class AdminCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AdminCallError';
  }
}

/** What a refused call said: a 400's first listed problem is more useful than its summary. */
export function messageOf(body: unknown, status: number): { code: string; message: string } {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return { code: 'unknown', message: `HTTP ${status}` };
  const { code, message, details } = parsed.data.error;
  const issues = (details as { issues?: { path: string; message: string }[] } | null)?.issues;
  const first = issues?.[0];
  return { code, message: first ? `${first.path}: ${first.message}` : message };
}

/**
 * One call of the administration API with the session's token: its JSON
 * answer (null for a 204), or an AdminCallError carrying the server's message.
 */
export async function adminCall(
  session: Session,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: object,
): Promise<unknown> {
  const response = await fetch(`${session.serverUrl}/api/admin/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${session.token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const answer: unknown = response.status === 204 ? null : await response.json();
  if (!response.ok) {
    const { code, message } = messageOf(answer, response.status);
    throw new AdminCallError(response.status, code, message);
  }
  return answer;
}

/** The clinics the signed-in administrator administers, by name, with their counts. */
export async function listClinics(session: Session): Promise<ClinicSummary[]> {
  return clinicsList.parse(await adminCall(session, 'GET', 'clinics')).clinics;
}

/** Creates a clinic (a `super_admin`'s call). Throws AdminCallError when refused. */
export async function createClinic(session: Session, name: string): Promise<void> {
  await adminCall(session, 'POST', 'clinics', { name });
}

/** Renames a clinic; devices pull the new name. Throws AdminCallError when refused. */
export async function renameClinic(session: Session, id: string, name: string): Promise<void> {
  await adminCall(session, 'PATCH', `clinics/${encodeURIComponent(id)}`, { name });
}

/** One page of users, by email; `next` is the following page's `after`, null on the last. */
export async function listUsers(
  session: Session,
  after: string | null,
): Promise<{ users: AdminUserDetail[]; next: string | null }> {
  const query = new URLSearchParams({ limit: '50', ...(after ? { after } : {}) });
  return usersPage.parse(await adminCall(session, 'GET', `users?${query.toString()}`));
}

export interface NewUser {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  readonly role: Role;
  readonly clinicId: string;
  readonly permissions: Permissions;
}

/** Creates a user; the server's password rules apply (its message is the error's). */
export async function createUser(session: Session, user: NewUser): Promise<void> {
  const body: NewUserBody = {
    email: user.email.trim(),
    password: user.password,
    name: user.name,
    role: user.role,
    clinic_id: user.clinicId,
    permissions: user.permissions,
  };
  await adminCall(session, 'POST', 'users', body);
}

/** One user with every clinic they belong to, home clinic first. */
export async function getUser(session: Session, id: string): Promise<AdminUserDetail> {
  return adminUserDetail.parse(await adminCall(session, 'GET', `users/${encodeURIComponent(id)}`));
}

/**
 * Changes a user: role, home clinic, a new password (the server's rules
 * apply), disabled. Throws AdminCallError with the server's message when refused.
 */
export async function updateUser(
  session: Session,
  id: string,
  changes: UserChangesBody,
): Promise<void> {
  await adminCall(session, 'PATCH', `users/${encodeURIComponent(id)}`, changes);
}

/** Sets a user's whole permission row in one clinic. */
export async function setClinicFlags(
  session: Session,
  id: string,
  clinicId: string,
  flags: ClinicFlags,
): Promise<void> {
  const path = `users/${encodeURIComponent(id)}/clinics/${encodeURIComponent(clinicId)}`;
  await adminCall(session, 'PUT', path, { permissions: flags });
}

/**
 * Removes a user from a clinic (not their home clinic: 409); the clinic's
 * patients leave their devices one sync later. Throws AdminCallError when refused.
 */
export async function removeFromClinic(
  session: Session,
  id: string,
  clinicId: string,
): Promise<void> {
  const path = `users/${encodeURIComponent(id)}/clinics/${encodeURIComponent(clinicId)}`;
  await adminCall(session, 'DELETE', path);
}

/** A user's devices (every user's without `userId`) as the sync log knows them: last pull and push, schema version, refusals. */
export async function listDevices(session: Session, userId?: string): Promise<DeviceEntry[]> {
  const query = new URLSearchParams(userId ? { user_id: userId } : {});
  return devicesList.parse(await adminCall(session, 'GET', `devices?${query.toString()}`)).devices;
}

/** One page of a log, newest first; `next` is the following page's `before`, null on the last. */
export interface LogPage<T> {
  readonly entries: T[];
  readonly next: number | null;
}

function pageQuery(before: number | null, filters: Record<string, string> = {}): string {
  const query = new URLSearchParams({ limit: '50', ...filters });
  if (before !== null) query.set('before', String(before));
  return query.toString();
}

/** The open conflicts, newest first. */
export async function listOpenConflicts(
  session: Session,
  before: number | null,
): Promise<LogPage<ConflictEntry>> {
  const page = conflictsPage.parse(
    await adminCall(session, 'GET', `conflicts?${pageQuery(before, { open: 'true' })}`),
  );
  return { entries: page.conflicts, next: page.next };
}

/**
 * Keeps the applied value, or restores the replaced one as a new change that
 * every device pulls. Throws AdminCallError 409 when the row changed since.
 */
export async function resolveConflict(
  session: Session,
  id: number,
  action: 'keep' | 'restore',
): Promise<ConflictEntry> {
  return conflictEntry.parse(
    await adminCall(session, 'POST', `conflicts/${id}/resolve`, { action }),
  );
}

/** The sync log's pulls and pushes, newest first, narrowed to a user and a kind when given. */
export async function listSyncLog(
  session: Session,
  before: number | null,
  filters: { readonly userId?: string; readonly kind?: 'pull' | 'push' },
): Promise<LogPage<SyncLogEntry>> {
  const narrowed = {
    ...(filters.userId ? { user_id: filters.userId } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
  };
  return syncLogPage.parse(
    await adminCall(session, 'GET', `sync-log?${pageQuery(before, narrowed)}`),
  );
}

/** The access log (lookups, follows, exports), newest first. */
export async function listAccessLog(
  session: Session,
  before: number | null,
): Promise<LogPage<AccessLogEntry>> {
  return accessLogPage.parse(await adminCall(session, 'GET', `access-log?${pageQuery(before)}`));
}
