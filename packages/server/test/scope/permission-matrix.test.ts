import { randomUUID } from 'node:crypto';
import type { AnyWireRow, Permissions } from '@clinicsync/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asPushed, makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, pull, push } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import {
  call,
  databaseFingerprint,
  follow,
  makeChart,
  signIn,
  startScopeServer,
  writeCharts,
} from './support/scope-world.js';
import type { Chart } from './support/scope-world.js';

// Every role against every kind of patient and every administration call, on
// a server with two clinics, A and B: what PROTOCOL.md ("Scope",
// "Administration") implies for each, one case per row.

type Actor =
  'super_admin' | 'admin of A' | 'provider of A' | 'bare provider of A' | 'registrar of A';
/** A patient of A; one of B; one of B that the provider of A follows. */
type Place = 'of A' | 'of B' | 'of B, followed by the provider';
type Pulled = 'held' | 'absent';
type Written = 'applied' | 'forbidden' | 'out_of_scope';
type LookedUp = 'in scope' | 'not in scope' | 403;
type Followed = 'followed' | 403;

const ok = 'applied';
const oos = 'out_of_scope';
const no = 'forbidden';

// prettier-ignore
const patientMatrix: readonly (readonly [Actor, Place, Pulled, Written, Written, Written, Written, Written, LookedUp, Followed])[] = [
  // actor                 patient                             pull      create a    edit   edit sent   delete  register a    lookup          follow
  //                                                                     visit+event        as created          patient there
  ['super_admin',          'of A',                             'held',   ok,         ok,    ok,         ok,     ok,           'in scope',     'followed'],
  ['super_admin',          'of B',                             'held',   ok,         ok,    ok,         ok,     ok,           'in scope',     'followed'],
  ['super_admin',          'of B, followed by the provider',   'held',   ok,         ok,    ok,         ok,     ok,           'in scope',     'followed'],
  ['admin of A',           'of A',                             'held',   ok,         ok,    ok,         ok,     ok,           'in scope',     'followed'],
  ['admin of A',           'of B',                             'absent', oos,        oos,   oos,        oos,    oos,          'not in scope', 'followed'],
  ['admin of A',           'of B, followed by the provider',   'absent', oos,        oos,   oos,        oos,    oos,          'not in scope', 'followed'],
  ['provider of A',        'of A',                             'held',   ok,         ok,    ok,         ok,     ok,           'in scope',     'followed'],
  ['provider of A',        'of B',                             'absent', oos,        oos,   oos,        oos,    oos,          'not in scope', 'followed'],
  ['provider of A',        'of B, followed by the provider',   'held',   ok,         no,    no,         no,     oos,          'in scope',     'followed'],
  ['bare provider of A',   'of A',                             'held',   no,         no,    no,         no,     no,           403,            403],
  ['bare provider of A',   'of B',                             'absent', oos,        oos,   oos,        oos,    oos,          403,            403],
  ['bare provider of A',   'of B, followed by the provider',   'absent', oos,        oos,   oos,        oos,    oos,          403,            403],
  ['registrar of A',       'of A',                             'held',   no,         no,    no,         no,     ok,           403,            403],
  ['registrar of A',       'of B',                             'absent', oos,        oos,   oos,        oos,    oos,          403,            403],
  ['registrar of A',       'of B, followed by the provider',   'absent', oos,        oos,   oos,        oos,    oos,          403,            403],
];

type PatientAction =
  | 'pull'
  | 'create a visit and event'
  | 'edit'
  | 'edit sent as created'
  | 'delete'
  | 'register a patient there'
  | 'lookup'
  | 'follow';

const patientActions: readonly PatientAction[] = [
  'pull',
  'create a visit and event',
  'edit',
  'edit sent as created',
  'delete',
  'register a patient there',
  'lookup',
  'follow',
];

interface PatientCase {
  readonly actor: Actor;
  readonly place: Place;
  readonly action: PatientAction;
  readonly expected: Pulled | Written | LookedUp | Followed;
}

const patientCases: PatientCase[] = patientMatrix.flatMap(([actor, place, ...cells]) =>
  patientActions.map((action, i) => ({ actor, place, action, expected: cells[i]! })),
);

// prettier-ignore
const adminMatrix: readonly (readonly [string, number, number, number, number, number])[] = [
  // call                                        super_admin  admin of A  provider  bare provider  registrar
  ['create a provider in A',                     201,         201,        403,      403,           403],
  ['create a provider in B',                     201,         403,        403,      403,           403],
  ['create an admin in A',                       201,         201,        403,      403,           403],
  ['create a super_admin',                       201,         403,        403,      403,           403],
  ['change the role of a user of A',             200,         200,        403,      403,           403],
  ['make a user of A super_admin',               200,         403,        403,      403,           403],
  ['change the role of a user of B',             200,         403,        403,      403,           403],
  ['change the password of a user of B',         200,         403,        403,      403,           403],
  ['disable a user of B',                        200,         403,        403,      403,           403],
  ['change the role of a super_admin',           200,         403,        403,      403,           403],
  ['change the password of a super_admin',       200,         403,        403,      403,           403],
  ['disable a super_admin',                      200,         403,        403,      403,           403],
  ['put a user of A in A with new flags',        200,         200,        403,      403,           403],
  ['put a user of A in B',                       200,         403,        403,      403,           403],
  ['put a user of B in A',                       200,         403,        403,      403,           403],
  ['remove a user of A from B',                  204,         403,        403,      403,           403],
  ['remove a user of B from A',                  204,         403,        403,      403,           403],
  ['read a user of A',                           200,         200,        403,      403,           403],
  ['read a user of B',                           200,         403,        403,      403,           403],
  ['read a super_admin',                         200,         403,        403,      403,           403],
  ['read the conflict log',                      200,         200,        403,      403,           403],
  ['read the sync log',                          200,         200,        403,      403,           403],
  ['read the access log',                        200,         200,        403,      403,           403],
];

const actors: readonly Actor[] = [
  'super_admin',
  'admin of A',
  'provider of A',
  'bare provider of A',
  'registrar of A',
];

interface AdminCase {
  readonly actor: Actor;
  readonly call: string;
  readonly status: number;
}

const adminCases: AdminCase[] = adminMatrix.flatMap(([name, ...statuses]) =>
  actors.map((actor, i) => ({ actor, call: name, status: statuses[i]! })),
);

const noFlags: Permissions = {};
const registerOnly: Permissions = { can_register_patients: true };

let server: TestServer;
let clinicA: string;
let clinicB: string;
let users: Record<Actor, TestUser>;
let tokens: Record<Actor, string>;

beforeAll(async () => {
  server = await startScopeServer();
  clinicA = server.clinicId;
  clinicB = await server.addClinic('Clinic B');
  users = {
    super_admin: server.admin,
    'admin of A': await server.addUser('admin', allPermissions, clinicA),
    'provider of A': await server.addUser('provider', allPermissions, clinicA),
    'bare provider of A': await server.addUser('provider', noFlags, clinicA),
    'registrar of A': await server.addUser('registrar', registerOnly, clinicA),
  };
  const signedIn: Partial<Record<Actor, string>> = {};
  for (const actor of actors) signedIn[actor] = await signIn(server, users[actor]);
  tokens = signedIn as Record<Actor, string>;
});
afterAll(() => server?.close());

/** Fresh patients for one case, so no case's writes change another's. */
async function makeWorld(): Promise<Record<Place, Chart>> {
  const world: Record<Place, Chart> = {
    'of A': makeChart(clinicA, 'Amal'),
    'of B': makeChart(clinicB, 'Basma'),
    'of B, followed by the provider': makeChart(clinicB, 'Farah'),
  };
  await writeCharts(server, Object.values(world));
  await follow(
    server,
    users['provider of A'].id,
    world['of B, followed by the provider'].patient.id,
  );
  return world;
}

const chartIds = (chart: Chart) => [chart.patient.id, chart.visit.id, chart.event.id];

async function rowOf(table: string, id: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await server.database.db.query(`SELECT * FROM "${table}" WHERE id = $1`, [id]);
  return row;
}

async function refusedEntries(rowId: string) {
  return server.database.db.query<{ reason: string; applied_value: Record<string, unknown> }>(
    "SELECT reason, applied_value FROM conflicts WHERE kind = 'refused' AND row_id = $1",
    [rowId],
  );
}

/** The ids a whole pull from 0 holds of the patient tables. */
async function pulledIds(user: TestUser): Promise<{ ids: Set<string>; timestamp: number }> {
  const response = await pull(server.app, { auth: user.basic }, 0);
  const ids = (['patients', 'visits', 'events'] as const).flatMap(
    (t) => response.changes[t]?.created.map((r) => r.id) ?? [],
  );
  return { ids: new Set(ids), timestamp: response.timestamp };
}

/** A push of one user's device, and what it should do to which rows. */
interface PushPlan {
  readonly body: Record<string, unknown>;
  /** The records pushed, as `rejected` would name them. */
  readonly records: readonly { table: string; id: string }[];
  /** The rows the push would change, read before and after. */
  readonly watched: readonly { table: string; id: string }[];
  /** What the server holds when the push was applied. */
  applied(): Promise<void>;
}

function pushPlan(action: PatientAction, chart: Chart, place: Place): PushPlan {
  const { patient } = chart;
  const edited = { ...patient, phone: `+961 ${randomUUID().slice(0, 8)}` };
  const patientRecord = [{ table: 'patients', id: patient.id }];
  const expectPhone = async () =>
    expect((await rowOf('patients', patient.id))?.['phone']).toBe(edited.phone);
  switch (action) {
    case 'create a visit and event': {
      const visit = makeRow('visits', { patient_id: patient.id, clinic_id: clinicA });
      const event = makeRow('events', { patient_id: patient.id, visit_id: visit.id });
      const records = [
        { table: 'visits', id: visit.id },
        { table: 'events', id: event.id },
      ];
      return {
        body: {
          visits: { created: [asPushed(visit, 'created')], updated: [], deleted: [] },
          events: { created: [asPushed(event, 'created')], updated: [], deleted: [] },
        },
        records,
        watched: records,
        async applied() {
          for (const { table, id } of records) {
            expect((await rowOf(table, id))?.['_deleted'], id).toBe(false);
          }
        },
      };
    }
    case 'edit':
      return {
        body: {
          patients: {
            created: [],
            updated: [asPushed(edited, 'updated', ['phone'])],
            deleted: [],
          },
        },
        records: patientRecord,
        watched: patientRecord,
        applied: expectPhone,
      };
    case 'edit sent as created':
      return {
        body: { patients: { created: [asPushed(edited, 'created')], updated: [], deleted: [] } },
        records: patientRecord,
        watched: patientRecord,
        applied: expectPhone,
      };
    case 'delete':
      return {
        body: { patients: { created: [], updated: [], deleted: [patient.id] } },
        records: patientRecord,
        watched: [
          { table: 'patients', id: patient.id },
          { table: 'visits', id: chart.visit.id },
          { table: 'events', id: chart.event.id },
        ],
        async applied() {
          for (const [table, id] of [
            ['patients', patient.id],
            ['visits', chart.visit.id],
            ['events', chart.event.id],
          ] as const) {
            expect((await rowOf(table, id))?.['_deleted'], id).toBe(true);
          }
        },
      };
    case 'register a patient there': {
      const clinic = place === 'of A' ? clinicA : clinicB;
      const fresh = makeRow('patients', { given_name: 'New', primary_clinic_id: clinic });
      const records = [{ table: 'patients', id: fresh.id }];
      return {
        body: { patients: { created: [asPushed(fresh, 'created')], updated: [], deleted: [] } },
        records,
        watched: records,
        async applied() {
          expect((await rowOf('patients', fresh.id))?.['_deleted']).toBe(false);
        },
      };
    }
    default:
      throw new Error(`not a push: ${action}`);
  }
}

async function expectPush(user: TestUser, plan: PushPlan, expected: Written, cursor: number) {
  const before = await Promise.all(plan.watched.map((w) => rowOf(w.table, w.id)));
  const result = await push(server.app, { auth: user.basic }, cursor, plan.body);
  expect(result.status).toBe(200);
  const rejected = (result.body['rejected'] ?? []) as { table: string; id: string }[];
  if (expected === 'applied') {
    expect(rejected).toEqual([]);
    await plan.applied();
    return;
  }
  expect(rejected).toEqual(plan.records.map((r) => ({ ...r, reason: expected })));
  const rejectedIds: Record<string, string[]> = {};
  for (const r of plan.records) (rejectedIds[r.table] ??= []).push(r.id);
  expect(result.body['experimentalRejectedIds']).toEqual(rejectedIds);
  // Refused: the server's rows are as they were, the pushed values in the conflict log.
  expect(await Promise.all(plan.watched.map((w) => rowOf(w.table, w.id)))).toEqual(before);
  for (const record of plan.records) {
    const entries = await refusedEntries(record.id);
    expect(entries.map((e) => e.reason)).toEqual([expected]);
    const pushed = plan.body[record.table] as Record<string, AnyWireRow[] | string[]>;
    const row = [...pushed['created']!, ...pushed['updated']!].find(
      (r): r is AnyWireRow => typeof r !== 'string' && r.id === record.id,
    );
    if (row) {
      const values = Object.entries(row).filter(([column]) => !column.startsWith('_'));
      expect(entries[0]!.applied_value).toMatchObject(Object.fromEntries(values));
    } else expect(entries[0]!.applied_value).toEqual({ id: record.id, deleted: true });
  }
}

async function accessEntries(userId: string): Promise<number> {
  const [row] = await server.database.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM access_log WHERE user_id = $1',
    [userId],
  );
  return row!.n;
}

async function expectLookup(actor: Actor, chart: Chart, expected: LookedUp) {
  const user = users[actor];
  const logged = await accessEntries(user.id);
  const q = encodeURIComponent(chart.patient.id);
  const answer = await call(server, 'GET', `/api/patients/lookup?q=${q}`, tokens[actor]);
  if (expected === 403) {
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: { code: 'forbidden' } });
    expect(await accessEntries(user.id)).toBe(logged);
    return;
  }
  expect(answer.status).toBe(200);
  const { patient } = chart;
  // Only what identifies the patient, nothing of the chart.
  expect(answer.body).toEqual({
    patients: [
      {
        id: patient.id,
        given_name: patient['given_name'],
        surname: patient['surname'],
        date_of_birth: patient['date_of_birth'],
        sex: patient['sex'],
        primary_clinic_id: patient['primary_clinic_id'],
        in_scope: expected === 'in scope',
      },
    ],
  });
  const [entry] = await server.database.db.query<{ action: string; target: string }>(
    'SELECT action, target FROM access_log WHERE user_id = $1 ORDER BY id DESC LIMIT 1',
    [user.id],
  );
  expect(entry).toEqual({ action: 'lookup', target: chart.patient.id });
}

async function followRows(userId: string, patientId: string) {
  return server.database.db.query(
    'SELECT began, ended FROM patient_follows WHERE user_id = $1 AND patient_id = $2 ORDER BY began',
    [userId, patientId],
  );
}

async function expectFollow(actor: Actor, chart: Chart, expected: Followed) {
  const user = users[actor];
  const before = await followRows(user.id, chart.patient.id);
  const logged = await accessEntries(user.id);
  const url = `/api/patients/${encodeURIComponent(chart.patient.id)}/follow`;
  const answer = await call(server, 'POST', url, tokens[actor]);
  if (expected === 403) {
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: { code: 'forbidden' } });
    expect(await followRows(user.id, chart.patient.id)).toEqual(before);
    expect(await accessEntries(user.id)).toBe(logged);
    return;
  }
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({ id: chart.patient.id, following: true });
  expect(await accessEntries(user.id)).toBe(logged + 1);
  const { ids } = await pulledIds(user);
  for (const id of chartIds(chart)) expect(ids.has(id), id).toBe(true);
}

describe('each role and each patient (PROTOCOL.md, "Scope")', () => {
  test.each(patientCases)(
    '$actor · patient $place · $action → $expected',
    async ({ actor, place, action, expected }) => {
      const world = await makeWorld();
      const chart = world[place];
      const user = users[actor];
      const first = await pulledIds(user);
      switch (action) {
        case 'pull':
          for (const id of chartIds(chart)) expect(first.ids.has(id), id).toBe(expected === 'held');
          return;
        case 'lookup':
          return expectLookup(actor, chart, expected as LookedUp);
        case 'follow':
          return expectFollow(actor, chart, expected as Followed);
        default:
          return expectPush(
            user,
            pushPlan(action, chart, place),
            expected as Written,
            first.timestamp,
          );
      }
    },
  );
});

// --- Administration.

interface AdminRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly payload?: object;
  /** What must hold after the call succeeded. */
  verify(body: unknown, actor: Actor): Promise<void>;
}

/** What the logs hold that only some administrators may read. */
interface LogMarkers {
  /** A refused edit of a patient of A, and one of a patient of B. */
  readonly conflictA: string;
  readonly conflictB: string;
  /** A user of A and a user of B who have synced. */
  readonly syncedA: string;
  readonly syncedB: string;
  /** Lookups that found a patient of A, and one of B. */
  readonly lookupA: string;
  readonly lookupB: string;
}

let markers: LogMarkers;

function newUser(role: string, clinic: string) {
  return {
    email: `new.${randomUUID().slice(0, 8)}@scope.test`,
    password: `pw-${randomUUID()}`,
    name: `New ${role}`,
    role,
    clinic_id: clinic,
    permissions: allPermissions,
  };
}

async function readAsSuperAdmin(userId: string) {
  const answer = await call(server, 'GET', `/api/admin/users/${userId}`, tokens.super_admin);
  expect(answer.status).toBe(200);
  return answer.body as { role: string; disabled: boolean; clinics: { clinic_id: string }[] };
}

async function canSignIn(email: string, password: string): Promise<boolean> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email, password },
  });
  return response.statusCode === 200;
}

/** Every entry of an administration list, following `next` to the end. */
async function readAll<T>(path: string, key: string, token: string): Promise<T[]> {
  const all: T[] = [];
  let before: number | null = null;
  do {
    const answer = await call(
      server,
      'GET',
      `${path}?limit=500${before === null ? '' : `&before=${before}`}`,
      token,
    );
    expect(answer.status).toBe(200);
    const page = answer.body as Record<string, unknown> & { next: number | null };
    all.push(...(page[key] as T[]));
    before = page.next;
  } while (before !== null);
  return all;
}

const membersOf = async (home: string, others: readonly string[]) => {
  const user = await server.addUser('provider', allPermissions, home);
  for (const clinic of others) {
    const put = await call(
      server,
      'PUT',
      `/api/admin/users/${user.id}/clinics/${clinic}`,
      tokens.super_admin,
      { permissions: allPermissions },
    );
    expect(put.status).toBe(200);
  }
  return user;
};

/** The request of each call, with fresh targets, and what its success must have done. */
async function adminRequest(name: string): Promise<AdminRequest> {
  const patch = async (target: TestUser, payload: object, verify: AdminRequest['verify']) => ({
    method: 'PATCH' as const,
    url: `/api/admin/users/${target.id}`,
    payload,
    verify,
  });
  const create = (role: string, clinic: string): AdminRequest => {
    const body = newUser(role, clinic);
    return {
      method: 'POST',
      url: '/api/admin/users',
      payload: body,
      async verify(answer) {
        expect(answer).toMatchObject({ email: body.email, role, clinic_id: clinic });
        expect(await canSignIn(body.email, body.password)).toBe(true);
      },
    };
  };
  const roleChange = async (target: TestUser, role: string) =>
    patch(target, { role }, async () => {
      expect((await readAsSuperAdmin(target.id)).role).toBe(role);
    });
  const passwordChange = async (target: TestUser) => {
    const password = `pw-${randomUUID()}`;
    return patch(target, { password }, async () => {
      expect(await canSignIn(target.email, password)).toBe(true);
      expect(await canSignIn(target.email, target.password)).toBe(false);
    });
  };
  const disable = async (target: TestUser) =>
    patch(target, { disabled: true }, async () => {
      expect((await readAsSuperAdmin(target.id)).disabled).toBe(true);
      expect(await canSignIn(target.email, target.password)).toBe(false);
    });
  const put = (target: TestUser, clinic: string): AdminRequest => ({
    method: 'PUT',
    url: `/api/admin/users/${target.id}/clinics/${clinic}`,
    payload: { permissions: { can_view_history: true } },
    async verify(answer) {
      const clinics = (answer as { clinics: { clinic_id: string; permissions: Permissions }[] })
        .clinics;
      expect(clinics.find((c) => c.clinic_id === clinic)?.permissions).toMatchObject({
        can_view_history: true,
        can_edit_records: false,
      });
    },
  });
  const remove = (target: TestUser, clinic: string): AdminRequest => ({
    method: 'DELETE',
    url: `/api/admin/users/${target.id}/clinics/${clinic}`,
    async verify() {
      const clinics = (await readAsSuperAdmin(target.id)).clinics.map((c) => c.clinic_id);
      expect(clinics).not.toContain(clinic);
    },
  });
  const read = (target: TestUser): AdminRequest => ({
    method: 'GET',
    url: `/api/admin/users/${target.id}`,
    async verify(answer) {
      expect(answer).toMatchObject({
        id: target.id,
        email: target.email,
        role: target.role,
        clinic_id: target.clinicId,
        disabled: false,
        clinics: [{ clinic_id: target.clinicId, permissions: allPermissions }],
      });
      expect(JSON.stringify(answer)).not.toMatch(/password|hash/i);
    },
  });
  const log = (
    path: string,
    key: string,
    check: (entries: Record<string, unknown>[], actor: Actor) => void,
  ): AdminRequest => ({
    method: 'GET',
    url: `${path}?limit=500`,
    async verify(_answer, actor) {
      check(await readAll<Record<string, unknown>>(path, key, tokens[actor]), actor);
    },
  });
  const seesB = (actor: Actor) => actor === 'super_admin';

  switch (name) {
    case 'create a provider in A':
      return create('provider', clinicA);
    case 'create a provider in B':
      return create('provider', clinicB);
    case 'create an admin in A':
      return create('admin', clinicA);
    case 'create a super_admin':
      return create('super_admin', clinicA);
    case 'change the role of a user of A':
      return roleChange(await server.addUser('provider', allPermissions, clinicA), 'registrar');
    case 'make a user of A super_admin':
      return roleChange(await server.addUser('provider', allPermissions, clinicA), 'super_admin');
    case 'change the role of a user of B':
      return roleChange(await server.addUser('provider', allPermissions, clinicB), 'registrar');
    case 'change the password of a user of B':
      return passwordChange(await server.addUser('provider', allPermissions, clinicB));
    case 'disable a user of B':
      return disable(await server.addUser('provider', allPermissions, clinicB));
    case 'change the role of a super_admin':
      return roleChange(await server.addUser('super_admin', allPermissions, clinicA), 'admin');
    case 'change the password of a super_admin':
      return passwordChange(await server.addUser('super_admin', allPermissions, clinicA));
    case 'disable a super_admin':
      return disable(await server.addUser('super_admin', allPermissions, clinicA));
    case 'put a user of A in A with new flags':
      return put(await membersOf(clinicA, []), clinicA);
    case 'put a user of A in B':
      return put(await membersOf(clinicA, []), clinicB);
    case 'put a user of B in A':
      return put(await server.addUser('provider', allPermissions, clinicB), clinicA);
    case 'remove a user of A from B':
      return remove(await membersOf(clinicA, [clinicB]), clinicB);
    case 'remove a user of B from A':
      return remove(await membersOf(clinicB, [clinicA]), clinicA);
    case 'read a user of A':
      return read(await server.addUser('provider', allPermissions, clinicA));
    case 'read a user of B':
      return read(await server.addUser('provider', allPermissions, clinicB));
    case 'read a super_admin':
      return read(await server.addUser('super_admin', allPermissions, clinicA));
    case 'read the conflict log':
      return log('/api/admin/conflicts', 'conflicts', (entries, actor) => {
        const rows = entries.map((e) => e['row_id']);
        expect(rows).toContain(markers.conflictA);
        expect(rows.includes(markers.conflictB)).toBe(seesB(actor));
        if (!seesB(actor))
          expect(new Set(entries.map((e) => e['clinic_id']))).toEqual(new Set([clinicA]));
      });
    case 'read the sync log':
      return log('/api/admin/sync-log', 'entries', (entries, actor) => {
        const who = entries.map((e) => e['user']);
        expect(who).toContain(markers.syncedA);
        expect(who.includes(markers.syncedB)).toBe(seesB(actor));
      });
    case 'read the access log':
      return log('/api/admin/access-log', 'entries', (entries, actor) => {
        const targets = entries.map((e) => e['target']);
        expect(targets).toContain(markers.lookupA);
        expect(targets.includes(markers.lookupB)).toBe(seesB(actor));
      });
    default:
      throw new Error(`no such call: ${name}`);
  }
}

describe('each role and each administration call (PROTOCOL.md, "Administration")', () => {
  beforeAll(async () => {
    const markerA = makeChart(clinicA, 'Logged');
    const markerB = makeChart(clinicB, 'Logged');
    await writeCharts(server, [markerA, markerB]);
    const userB = await server.addUser('provider', allPermissions, clinicB);
    const providerA = users['provider of A'];
    // A refused edit of each clinic's patient: by someone without the flag, by someone out of scope.
    const cursorA = (await pull(server.app, { auth: users['bare provider of A'].basic }, 0))
      .timestamp;
    const edit = (chart: Chart) => ({
      patients: {
        created: [],
        updated: [asPushed({ ...chart.patient, phone: '+1 555' }, 'updated', ['phone'])],
        deleted: [],
      },
    });
    await push(server.app, { auth: users['bare provider of A'].basic }, cursorA, edit(markerA));
    const cursorP = (await pull(server.app, { auth: providerA.basic }, 0)).timestamp;
    await push(server.app, { auth: providerA.basic }, cursorP, edit(markerB));
    await pull(server.app, { auth: userB.basic }, 0);
    const lookup = async (token: string, q: string) =>
      expect((await call(server, 'GET', `/api/patients/lookup?q=${q}`, token)).status).toBe(200);
    await lookup(tokens['provider of A'], markerA.patient.id);
    await lookup(await signIn(server, userB), markerB.patient.id);
    markers = {
      conflictA: markerA.patient.id,
      conflictB: markerB.patient.id,
      syncedA: providerA.id,
      syncedB: userB.id,
      lookupA: markerA.patient.id,
      lookupB: markerB.patient.id,
    };
    const logged = await server.database.db.query<{ row_id: string; clinic_id: string }>(
      "SELECT row_id, clinic_id FROM conflicts WHERE kind = 'refused' AND row_id = ANY($1::text[])",
      [[markerA.patient.id, markerB.patient.id]],
    );
    expect(Object.fromEntries(logged.map((r) => [r.row_id, r.clinic_id]))).toEqual({
      [markerA.patient.id]: clinicA,
      [markerB.patient.id]: clinicB,
    });
  });

  test.each(adminCases)('$actor · $call → $status', async ({ actor, call: name, status }) => {
    const request = await adminRequest(name);
    const before = status === 403 ? await databaseFingerprint(server) : '';
    const answer = await call(server, request.method, request.url, tokens[actor], request.payload);
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    if (status === 403) {
      expect(answer.body).toMatchObject({ error: { code: 'forbidden' } });
      // Refused: nothing changed anywhere.
      expect(await databaseFingerprint(server)).toBe(before);
      return;
    }
    await request.verify(answer.body, actor);
  });
});
