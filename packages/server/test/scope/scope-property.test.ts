import fc from 'fast-check';
import type { PullResponse } from '@clinicsync/schema';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeRow } from '@clinicsync/testing/fixtures';
import { allPermissions, pull, pullAllPages } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import {
  applyPull,
  call,
  follow,
  heldIds,
  signIn,
  startScopeServer,
  unfollow,
  writeRows,
} from './support/scope-world.js';
import type { HeldRows } from './support/scope-world.js';

// For random clinics, memberships, patients, visits and follows, and random
// changes of them between syncs, a device that applies every pull holds
// (docs/scope.md, "Re-scoping by sync"), after each sync answered at T whose
// previous pull was answered at S:
//   scope(T) ⊆ held ⊆ scope(T) ∪ scope(S),
// and exactly scope(T) once it has synced twice since the last change. The
// scope is computed here from the test's own model of who belongs where,
// never from the server's span tables.

/** Indices are taken modulo the current sizes when a change runs, so any draw is valid. */
type Change =
  | { readonly kind: 'join' | 'leave'; readonly user: number; readonly clinic: number }
  | { readonly kind: 'follow' | 'unfollow'; readonly user: number; readonly patient: number }
  | {
      readonly kind: 'visit';
      readonly patient: number;
      readonly clinic: number;
      readonly event: boolean;
    }
  | { readonly kind: 'delete visit'; readonly visit: number }
  | { readonly kind: 'move patient'; readonly patient: number; readonly clinic: number };

interface Step {
  readonly changes: readonly Change[];
  /** How many times each user's device syncs after the changes. */
  readonly syncs: readonly number[];
}

interface Scenario {
  readonly clinics: number;
  readonly users: readonly { readonly home: number; readonly extra: readonly number[] }[];
  readonly patients: readonly number[];
  readonly visits: readonly { patient: number; clinic: number; event: boolean }[];
  readonly follows: readonly { user: number; patient: number }[];
  readonly steps: readonly Step[];
  /** Rows per page of each user's pulls; 0 for unpaged. */
  readonly pageSizes: readonly number[];
}

const maxUsers = 2;
const index = fc.nat({ max: 7 });
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constantFrom('join', 'leave'), user: index, clinic: index }),
  fc.record({ kind: fc.constantFrom('follow', 'unfollow'), user: index, patient: index }),
  fc.record({ kind: fc.constant('visit'), patient: index, clinic: index, event: fc.boolean() }),
  fc.record({ kind: fc.constant('delete visit'), visit: index }),
  fc.record({ kind: fc.constant('move patient'), patient: index, clinic: index }),
);

const scenario: fc.Arbitrary<Scenario> = fc.record({
  clinics: fc.integer({ min: 2, max: 4 }),
  users: fc.array(fc.record({ home: index, extra: fc.array(index, { maxLength: 2 }) }), {
    minLength: 1,
    maxLength: maxUsers,
  }),
  patients: fc.array(index, { minLength: 1, maxLength: 6 }),
  visits: fc.array(fc.record({ patient: index, clinic: index, event: fc.boolean() }), {
    maxLength: 6,
  }),
  follows: fc.array(fc.record({ user: index, patient: index }), { maxLength: 2 }),
  steps: fc.array(
    fc.record({
      changes: fc.array(change, { minLength: 1, maxLength: 2 }),
      syncs: fc.array(fc.integer({ min: 0, max: 2 }), {
        minLength: maxUsers,
        maxLength: maxUsers,
      }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  pageSizes: fc.array(fc.constantFrom(0, 10), { minLength: maxUsers, maxLength: maxUsers }),
});

// --- The model: who belongs where, from first principles.

interface ModelVisit {
  readonly id: string;
  readonly patient: string;
  readonly clinic: string;
  readonly eventId: string | null;
  live: boolean;
}

interface Model {
  readonly clinics: readonly string[];
  /** Per user id, the clinics they belong to (home clinic first). */
  readonly memberships: Map<string, Set<string>>;
  readonly homes: Map<string, string>;
  /** Patient id → primary clinic. */
  readonly primary: Map<string, string>;
  readonly visits: ModelVisit[];
  /** `${userId} ${patientId}` of every live follow. */
  readonly follows: Set<string>;
}

/** What a device of the user should hold: ids per table, and the clinics of its permission rows. */
interface Scope {
  readonly patients: Set<string>;
  readonly visits: Set<string>;
  readonly events: Set<string>;
  readonly permissionClinics: Set<string>;
}

function scopeOf(model: Model, userId: string): Scope {
  const clinics = model.memberships.get(userId)!;
  const patients = new Set<string>();
  for (const [patient, primary] of model.primary) {
    if (clinics.has(primary) || model.follows.has(`${userId} ${patient}`)) patients.add(patient);
  }
  for (const visit of model.visits) {
    if (visit.live && clinics.has(visit.clinic)) patients.add(visit.patient);
  }
  const live = model.visits.filter((v) => v.live && patients.has(v.patient));
  return {
    patients,
    visits: new Set(live.map((v) => v.id)),
    events: new Set(live.flatMap((v) => (v.eventId ? [v.eventId] : []))),
    permissionClinics: new Set(clinics),
  };
}

const scopeTables = ['patients', 'visits', 'events'] as const;

function union(a: Set<string>, b: Set<string>): Set<string> {
  return new Set([...a, ...b]);
}

// --- The server.

let server: TestServer;
let adminToken: string;

beforeAll(async () => {
  server = await startScopeServer();
  adminToken = await signIn(server, server.admin);
});
afterAll(() => server?.close());

async function setMembership(userId: string, clinic: string, member: boolean): Promise<void> {
  const url = `/api/admin/users/${userId}/clinics/${clinic}`;
  const answer = member
    ? await call(server, 'PUT', url, adminToken, { permissions: allPermissions })
    : await call(server, 'DELETE', url, adminToken);
  expect(answer.status, JSON.stringify(answer.body)).toBe(member ? 200 : 204);
}

function newVisit(model: Model, patient: string, clinic: string, event: boolean) {
  const visit = makeRow('visits', { patient_id: patient, clinic_id: clinic });
  const eventRow = event
    ? makeRow('events', { patient_id: patient, visit_id: visit.id, form_data: '{"note":"x"}' })
    : null;
  model.visits.push({
    id: visit.id,
    patient,
    clinic,
    eventId: eventRow?.id ?? null,
    live: true,
  });
  return { visit, event: eventRow };
}

/** Builds the scenario's start on the server and in the model. */
async function setUp(s: Scenario): Promise<{ model: Model; users: TestUser[] }> {
  const clinics: string[] = [];
  for (let i = 0; i < s.clinics; i++) clinics.push(await server.addClinic(`Clinic ${i}`));
  const at = (i: number) => clinics[i % clinics.length]!;
  const model: Model = {
    clinics,
    memberships: new Map(),
    homes: new Map(),
    primary: new Map(),
    visits: [],
    follows: new Set(),
  };
  const users: TestUser[] = [];
  for (const u of s.users) {
    const user = await server.addUser('provider', allPermissions, at(u.home));
    users.push(user);
    model.homes.set(user.id, at(u.home));
    model.memberships.set(user.id, new Set([at(u.home)]));
    for (const extra of u.extra) {
      if (model.memberships.get(user.id)!.has(at(extra))) continue;
      await setMembership(user.id, at(extra), true);
      model.memberships.get(user.id)!.add(at(extra));
    }
  }
  const patients = s.patients.map((p) => makeRow('patients', { primary_clinic_id: at(p) }));
  for (const p of patients) model.primary.set(p.id, p['primary_clinic_id'] as string);
  const made = s.visits.map((v) =>
    newVisit(model, patients[v.patient % patients.length]!.id, at(v.clinic), v.event),
  );
  await writeRows(server, [
    { table: 'patients', created: patients },
    { table: 'visits', created: made.map((m) => m.visit) },
    { table: 'events', created: made.flatMap((m) => (m.event ? [m.event] : [])) },
  ]);
  for (const f of s.follows) {
    const user = users[f.user % users.length]!;
    const patient = patients[f.patient % patients.length]!.id;
    await follow(server, user.id, patient);
    model.follows.add(`${user.id} ${patient}`);
  }
  return { model, users };
}

/** Applies one change to the server and the model; a change that means nothing is skipped. */
async function applyChange(model: Model, users: readonly TestUser[], c: Change): Promise<void> {
  const clinic = (i: number) => model.clinics[i % model.clinics.length]!;
  const patients = [...model.primary.keys()];
  const patient = (i: number) => patients[i % patients.length]!;
  switch (c.kind) {
    case 'join':
    case 'leave': {
      const user = users[c.user % users.length]!;
      const clinics = model.memberships.get(user.id)!;
      const target = clinic(c.clinic);
      const member = c.kind === 'join';
      if (clinics.has(target) === member || target === model.homes.get(user.id)) return;
      await setMembership(user.id, target, member);
      if (member) clinics.add(target);
      else clinics.delete(target);
      return;
    }
    case 'follow':
    case 'unfollow': {
      const user = users[c.user % users.length]!;
      const key = `${user.id} ${patient(c.patient)}`;
      if (c.kind === 'follow') {
        await follow(server, user.id, patient(c.patient));
        model.follows.add(key);
      } else {
        await unfollow(server, user.id, patient(c.patient));
        model.follows.delete(key);
      }
      return;
    }
    case 'visit': {
      const made = newVisit(model, patient(c.patient), clinic(c.clinic), c.event);
      await writeRows(server, [
        { table: 'visits', created: [made.visit] },
        ...(made.event ? [{ table: 'events' as const, created: [made.event] }] : []),
      ]);
      return;
    }
    case 'delete visit': {
      const live = model.visits.filter((v) => v.live);
      if (live.length === 0) return;
      const visit = live[c.visit % live.length]!;
      // Deleting a visit deletes its events too (a tombstone for each).
      await writeRows(server, [{ table: 'visits', deleted: [visit.id] }]);
      visit.live = false;
      return;
    }
    case 'move patient': {
      const id = patient(c.patient);
      await writeRows(server, [
        { table: 'patients', updated: [{ id, primary_clinic_id: clinic(c.clinic) }] },
      ]);
      model.primary.set(id, clinic(c.clinic));
      return;
    }
  }
}

// --- The devices.

interface Device {
  readonly user: TestUser;
  readonly pageSize: number;
  readonly held: HeldRows;
  cursor: number;
  /** The scope the device's previous pull was answered for (empty before its first). */
  previous: Scope;
  /** Syncs since the last change to the model. */
  quiet: number;
}

function heldScope(device: Device): Scope {
  const permissions = [...(device.held.get('user_clinic_permissions')?.values() ?? [])];
  return {
    patients: new Set(heldIds(device.held, 'patients')),
    visits: new Set(heldIds(device.held, 'visits')),
    events: new Set(heldIds(device.held, 'events')),
    permissionClinics: new Set(permissions.map((r) => r['clinic_id'] as string)),
  };
}

const sorted = (set: Set<string>) => [...set].sort();

async function pullOnce(device: Device): Promise<PullResponse[]> {
  const auth = { auth: device.user.basic };
  if (device.pageSize === 0) return [await pull(server.app, auth, device.cursor)];
  return (await pullAllPages(server.app, auth, device.cursor, device.pageSize)).pages;
}

/** One sync (the device pushes nothing), checked against the model's scope now and before. */
async function syncAndCheck(device: Device, model: Model, label: string): Promise<void> {
  const pages = await pullOnce(device);
  for (const page of pages) applyPull(device.held, page);
  device.cursor = pages.at(-1)!.timestamp;
  device.quiet += 1;
  const now = scopeOf(model, device.user.id);
  const held = heldScope(device);
  const permissionOwners = [...(device.held.get('user_clinic_permissions')?.values() ?? [])].map(
    (r) => r['user_id'],
  );
  expect(new Set(permissionOwners), `${label}: permission rows`).toEqual(new Set([device.user.id]));
  for (const key of [...scopeTables, 'permissionClinics'] as const) {
    const where = `${label}, ${key}`;
    const allowed = union(now[key], device.previous[key]);
    expect(
      sorted(held[key]).filter((id) => !allowed.has(id)),
      `${where}: held outside scope(T) ∪ scope(S)`,
    ).toEqual([]);
    expect(
      sorted(now[key]).filter((id) => !held[key].has(id)),
      `${where}: in scope(T), not held`,
    ).toEqual([]);
    if (device.quiet >= 2)
      expect(sorted(held[key]), `${where}: two syncs later`).toEqual(sorted(now[key]));
  }
  device.previous = now;
}

test('a device holds its scope, computed from first principles, through random changes', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async (s) => {
      const { model, users } = await setUp(s);
      const empty: Scope = {
        patients: new Set(),
        visits: new Set(),
        events: new Set(),
        permissionClinics: new Set(),
      };
      const devices: Device[] = users.map((user, i) => ({
        user,
        pageSize: s.pageSizes[i]!,
        held: new Map(),
        cursor: 0,
        previous: empty,
        quiet: 0,
      }));
      for (const device of devices) await syncAndCheck(device, model, 'first sync');
      for (const [n, step] of s.steps.entries()) {
        for (const c of step.changes) await applyChange(model, users, c);
        for (const device of devices) device.quiet = 0;
        for (const [i, device] of devices.entries()) {
          for (let k = 0; k < step.syncs[i]!; k++) {
            await syncAndCheck(device, model, `step ${n + 1}, sync ${k + 1}`);
          }
        }
      }
      for (const device of devices) {
        await syncAndCheck(device, model, 'final sync 1');
        await syncAndCheck(device, model, 'final sync 2');
        // The rows themselves equal a fresh device's: nothing stale survives.
        const fresh: HeldRows = new Map();
        applyPull(fresh, await pull(server.app, { auth: device.user.basic }, 0));
        for (const table of scopeTables) {
          expect([...(device.held.get(table)?.values() ?? [])].sort(byId), table).toEqual(
            [...(fresh.get(table)?.values() ?? [])].sort(byId),
          );
        }
      }
    }),
    { numRuns: 25, seed: 20_240_612 },
  );
}, 600_000);

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
