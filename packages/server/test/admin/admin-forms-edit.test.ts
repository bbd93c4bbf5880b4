import { pull, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, expectError, issuePaths } from './admin-calls.js';
import { buildWorld } from './admin-world.js';
import type { World, WorldUser } from './admin-world.js';

/**
 * `GET`, `PATCH` and `DELETE` of event and registration forms: scoped to
 * the administrator's clinics, and pulled by devices like any change.
 */

let server: TestServer;
let world: World;
let adminOfA: string;
let adminOfB: string;
let providerA: WorldUser;

type Row = Record<string, unknown> & { id: string };

const fields = [{ id: 'f-pulse', name: 'Pulse', fieldType: 'free-text', inputType: 'number' }];

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld(server);
  adminOfA = await world.bearer(
    await world.user('admin', world.clinicA, { also: { [world.clinicA2]: {} } }),
  );
  adminOfB = await world.bearer(await world.user('admin', world.clinicB));
  providerA = await world.user('provider', world.clinicA, { permissions: {} });
});
afterAll(() => server.close());

async function createEventForm(name: string, clinicIds: string[]): Promise<Row> {
  const created = await call(server.app, 'POST', '/api/admin/event-forms', {
    auth: world.superAuth,
    payload: { name, form_fields: fields, clinic_ids: clinicIds },
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<Row>();
}

async function listForms(auth: string, kind: 'event-forms' | 'registration-forms') {
  const response = await call(server.app, 'GET', `/api/admin/${kind}`, { auth });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ forms: Row[] }>().forms;
}

const patch = (auth: string, path: string, payload: unknown) =>
  call(server.app, 'PATCH', `/api/admin/${path}`, { auth, payload });

test("an admin lists their clinics' event forms and those for every clinic; a provider none", async () => {
  const ofA = await createEventForm('List A', [world.clinicA]);
  const ofB = await createEventForm('List B', [world.clinicB]);
  const ofAll = await createEventForm('List all', []);
  const ids = (forms: Row[]) => forms.map((f) => f.id);

  expect(ids(await listForms(adminOfA, 'event-forms'))).toEqual(
    expect.arrayContaining([ofA.id, ofAll.id]),
  );
  expect(ids(await listForms(adminOfA, 'event-forms'))).not.toContain(ofB.id);
  expect(ids(await listForms(adminOfB, 'event-forms'))).toEqual(
    expect.arrayContaining([ofB.id, ofAll.id]),
  );
  expect(ids(await listForms(adminOfB, 'event-forms'))).not.toContain(ofA.id);
  const all = await listForms(world.superAuth, 'event-forms');
  expect(ids(all)).toEqual(expect.arrayContaining([ofA.id, ofB.id, ofAll.id]));
  expect(all.find((f) => f.id === ofA.id)).toEqual(ofA);
  expect(all.map((f) => f['name'])).toEqual([...all.map((f) => f['name'] as string)].sort());

  const provider = await world.bearer(providerA);
  for (const kind of ['event-forms', 'registration-forms'] as const) {
    expectError(
      await call(server.app, 'GET', `/api/admin/${kind}`, { auth: provider }),
      403,
      'forbidden',
    );
  }
});

test('an edit of an event form reaches a device on its next pull, labels and all', async () => {
  const form = await createEventForm('Vitals', [world.clinicA]);
  const device = { auth: providerA.basic, deviceId: 'provider-a-phone' };
  const first = await pull(server.app, device, 0);
  expect(first.changes['event_forms']!.created.map((f) => f.id)).toContain(form.id);

  const labelled = [{ ...fields[0], label: { en: 'Pulse', ar: 'النبض', es: 'Pulso' } }];
  const changed = await patch(adminOfA, `event-forms/${form.id}`, {
    name: 'Vitals (v2)',
    description: 'Taken at triage',
    form_fields: labelled,
    translations: { ar: { name: 'العلامات الحيوية' } },
    clinic_ids: [world.clinicA, world.clinicA2],
  });
  expect(changed.statusCode, changed.body).toBe(200);
  expect(changed.json()).toMatchObject({
    id: form.id,
    name: 'Vitals (v2)',
    description: 'Taken at triage',
    language: 'en',
    form_fields: JSON.stringify(labelled),
    translations: JSON.stringify({ ar: { name: 'العلامات الحيوية' } }),
    clinic_ids: JSON.stringify([world.clinicA, world.clinicA2]),
  });

  const next = await pull(server.app, device, first.timestamp);
  expect(next.changes['event_forms']!.updated).toEqual([changed.json()]);
  expect((await listForms(adminOfA, 'event-forms')).find((f) => f.id === form.id)).toEqual(
    changed.json(),
  );
});

test('an event form: edits outside the admin’s clinics are refused and change nothing', async () => {
  const ofA = await createEventForm('Scope A', [world.clinicA]);
  const ofB = await createEventForm('Scope B', [world.clinicB]);
  const ofAll = await createEventForm('Scope all', []);
  expectError(await patch(adminOfA, `event-forms/${ofB.id}`, { name: 'Mine' }), 403, 'forbidden');
  expectError(await patch(adminOfA, `event-forms/${ofAll.id}`, { name: 'Mine' }), 403, 'forbidden');
  const moved = await patch(adminOfA, `event-forms/${ofA.id}`, { clinic_ids: [world.clinicB] });
  expectError(moved, 403, 'forbidden');
  const widened = await patch(adminOfA, `event-forms/${ofA.id}`, { clinic_ids: [] });
  expectError(widened, 403, 'forbidden');
  expectError(
    await call(server.app, 'DELETE', `/api/admin/event-forms/${ofB.id}`, { auth: adminOfA }),
    403,
    'forbidden',
  );
  expectError(await patch(adminOfA, 'event-forms/no-such-form', { name: 'X' }), 404, 'not_found');
  const unknownClinic = await patch(world.superAuth, `event-forms/${ofA.id}`, {
    clinic_ids: ['no-such-clinic'],
  });
  expectError(unknownClinic, 400, 'bad_request');
  expect(issuePaths(await patch(adminOfA, `event-forms/${ofA.id}`, {}))).toEqual(['']);
  expectError(
    await patch(adminOfA, `event-forms/${ofA.id}`, { colour: 'red' }),
    400,
    'bad_request',
  );
  const all = await listForms(world.superAuth, 'event-forms');
  expect(all.find((f) => f.id === ofA.id)).toEqual(ofA);
  expect(all.find((f) => f.id === ofB.id)).toEqual(ofB);
  // The super_admin may widen it to every clinic.
  const bySuper = await patch(world.superAuth, `event-forms/${ofA.id}`, { clinic_ids: [] });
  expect(bySuper.statusCode, bySuper.body).toBe(200);
});

test('a deleted event form reaches devices as deleted and leaves the lists', async () => {
  const form = await createEventForm('Retired', [world.clinicA]);
  const device = { auth: providerA.basic, deviceId: 'provider-a-tablet' };
  const first = await pull(server.app, device, 0);
  expect(first.changes['event_forms']!.created.map((f) => f.id)).toContain(form.id);

  const deleted = await call(server.app, 'DELETE', `/api/admin/event-forms/${form.id}`, {
    auth: adminOfA,
  });
  expect(deleted.statusCode, deleted.body).toBe(204);
  const next = await pull(server.app, device, first.timestamp);
  expect(next.changes['event_forms']!.deleted).toEqual([form.id]);
  expect((await listForms(world.superAuth, 'event-forms')).map((f) => f.id)).not.toContain(form.id);
  const again = await call(server.app, 'DELETE', `/api/admin/event-forms/${form.id}`, {
    auth: adminOfA,
  });
  expectError(again, 404, 'not_found');
  expectError(await patch(adminOfA, `event-forms/${form.id}`, { name: 'Back' }), 404, 'not_found');
});

test('registration forms: every admin lists them, only a super_admin changes or deletes one', async () => {
  const created = await call(server.app, 'POST', '/api/admin/registration-forms', {
    auth: world.superAuth,
    payload: { name: 'Registration', fields: [{ id: 'r1', column: 'camp', fieldType: 'text' }] },
  });
  expect(created.statusCode, created.body).toBe(201);
  const form = created.json<Row>();
  expect((await listForms(adminOfB, 'registration-forms')).map((f) => f.id)).toContain(form.id);

  const device = { auth: providerA.basic, deviceId: 'provider-a-laptop' };
  const first = await pull(server.app, device, 0);
  const newFields = [
    { id: 'r1', column: 'camp', label: { en: 'Camp', ar: 'المخيم' }, fieldType: 'text' },
  ];
  expectError(
    await patch(adminOfA, `registration-forms/${form.id}`, { fields: newFields }),
    403,
    'forbidden',
  );
  const changed = await patch(world.superAuth, `registration-forms/${form.id}`, {
    fields: newFields,
  });
  expect(changed.statusCode, changed.body).toBe(200);
  expect(changed.json()).toMatchObject({ name: 'Registration', fields: JSON.stringify(newFields) });
  const second = await pull(server.app, device, first.timestamp);
  expect(second.changes['registration_forms']!.updated).toEqual([changed.json()]);

  const remove = (auth: string) =>
    call(server.app, 'DELETE', `/api/admin/registration-forms/${form.id}`, { auth });
  expectError(await remove(adminOfA), 403, 'forbidden');
  expect((await remove(world.superAuth)).statusCode).toBe(204);
  const third = await pull(server.app, device, second.timestamp);
  expect(third.changes['registration_forms']!.deleted).toEqual([form.id]);
  expect((await listForms(adminOfA, 'registration-forms')).map((f) => f.id)).not.toContain(form.id);
});
