import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeRow, asPushed } from '@clinicsync/testing/fixtures';
import { pull, push, startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { permissionFlags } from '@clinicsync/schema';
import { permissionRowId } from '../../src/admin/create-user.js';
import { basicAuth, call, expectError, issuePaths, signIn } from './admin-calls.js';

let server: TestServer;
let auth: string;

beforeAll(async () => {
  server = await startTestServer();
  auth = await signIn(server.app, server.admin.email, server.admin.password);
});
afterAll(() => server.close());

let userCount = 0;
function newUser(overrides: Record<string, unknown> = {}) {
  return {
    email: `person${++userCount}@clinic.test`,
    password: 'long enough secret',
    name: `Person ${userCount}`,
    role: 'provider',
    clinic_id: server.clinicId,
    ...overrides,
  };
}

async function createUser(overrides: Record<string, unknown> = {}) {
  const payload = newUser(overrides);
  const response = await call(server.app, 'POST', '/api/admin/users', { auth, payload });
  expect(response.statusCode, response.body).toBe(201);
  return { ...response.json<{ id: string; email: string }>(), password: payload.password };
}

const patch = (id: string, payload: unknown) =>
  call(server.app, 'PATCH', `/api/admin/users/${id}`, { auth, payload });

/** The user's permission row in a clinic, as their own device pulls it (nobody else's does). */
async function permissionRowOf(
  user: { id: string; email: string; password: string },
  clinicId: string,
) {
  const pulled = await pull(server.app, { auth: basicAuth(user.email, user.password) }, 0);
  const rows = pulled.changes.user_clinic_permissions?.created ?? [];
  const mine = rows.filter((r) => r.user_id === user.id && r.clinic_id === clinicId);
  expect(mine.length).toBeLessThanOrEqual(1);
  expect(mine[0]?.id).toBe(permissionRowId(user.id, clinicId));
  return mine[0];
}

describe('POST /api/admin/users', () => {
  test('a bad body is a 400 listing every problem', async () => {
    const response = await call(server.app, 'POST', '/api/admin/users', {
      auth,
      payload: { email: 'not-an-email', password: 'short', role: 'doctor', clinic_id: 7, extra: 1 },
    });
    expect(issuePaths(response).sort()).toEqual([
      '',
      'clinic_id',
      'email',
      'name',
      'password',
      'role',
    ]);
    expect(response.body).not.toContain('short"');
  });

  test('unknown permission flags are refused; known ones land in the synced permission row', async () => {
    const refused = await call(server.app, 'POST', '/api/admin/users', {
      auth,
      payload: newUser({ permissions: { can_register_patients: true, can_fly: true } }),
    });
    expect(issuePaths(refused)).toEqual(['permissions']);

    const user = await createUser({ permissions: { can_register_patients: true } });
    const row = await permissionRowOf(user, server.clinicId);
    expect(row).toMatchObject({
      user_id: user.id,
      clinic_id: server.clinicId,
      can_register_patients: true,
    });
    for (const flag of permissionFlags.filter((f) => f !== 'can_register_patients'))
      expect(row![flag]).toBe(false);
  });

  test('a duplicate email (any case) is 409 email_taken; an unknown clinic is 400', async () => {
    const user = await createUser();
    const again = await call(server.app, 'POST', '/api/admin/users', {
      auth,
      payload: newUser({ email: user.email.toUpperCase() }),
    });
    expectError(again, 409, 'email_taken');
    const noClinic = await call(server.app, 'POST', '/api/admin/users', {
      auth,
      payload: newUser({ clinic_id: 'no-such-clinic' }),
    });
    expectError(noClinic, 400, 'bad_request');
  });

  test('only a super_admin may belong to no clinic', async () => {
    const refused = await call(server.app, 'POST', '/api/admin/users', {
      auth,
      payload: newUser({ clinic_id: '' }),
    });
    expect(issuePaths(refused)).toEqual(['clinic_id']);
    const boss = await createUser({ role: 'super_admin', clinic_id: '' });
    expect(boss).toMatchObject({ role: 'super_admin', clinic_id: '' });
  });

  test('only a super_admin may grant the super_admin role', async () => {
    const plainAdmin = await createUser({ role: 'admin' });
    const adminAuth = await signIn(server.app, plainAdmin.email, plainAdmin.password);
    const created = await call(server.app, 'POST', '/api/admin/users', {
      auth: adminAuth,
      payload: newUser({ role: 'super_admin' }),
    });
    expect(created.statusCode).toBe(403);
    expect(created.json()).toMatchObject({ error: { code: 'forbidden' } });
    const promoted = await call(server.app, 'PATCH', `/api/admin/users/${plainAdmin.id}`, {
      auth: adminAuth,
      payload: { role: 'super_admin' },
    });
    expect(promoted.statusCode).toBe(403);
  });
});

describe('PATCH /api/admin/users/:id', () => {
  test('changes name and role in the synced users row, and devices pull the change', async () => {
    const user = await createUser();
    const before = await pull(server.app, { auth: server.admin.basic }, 0);
    const old = before.changes.users!.created.find((r) => r.id === user.id)!;
    const response = await patch(user.id, { name: 'Dr. Amal', role: 'registrar' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      id: user.id,
      email: user.email,
      name: 'Dr. Amal',
      role: 'registrar',
      clinic_id: server.clinicId,
      disabled: false,
    });
    const after = await pull(server.app, { auth: server.admin.basic }, before.timestamp);
    const row = after.changes.users!.updated.find((r) => r.id === user.id)!;
    expect(row).toMatchObject({ name: 'Dr. Amal', role: 'registrar', email: user.email });
    expect(row.updated_at as number).toBeGreaterThanOrEqual(old.updated_at as number);
    expect(row.created_at).toBe(old.created_at);
  });

  test('permissions: flags given are set, flags left out are kept; the push check follows', async () => {
    const user = await createUser({
      permissions: { can_register_patients: true, can_view_history: true },
    });
    const basic = basicAuth(user.email, user.password);
    const inClinic = { primary_clinic_id: server.clinicId };
    expect(
      (await patch(user.id, { permissions: { can_register_patients: false } })).statusCode,
    ).toBe(200);
    const row = await permissionRowOf(user, server.clinicId);
    expect(row).toMatchObject({ can_register_patients: false, can_view_history: true });

    const t = (await pull(server.app, { auth: basic }, 0)).timestamp;
    const refused = await push(server.app, { auth: basic }, t, {
      patients: { created: [asPushed(makeRow('patients', inClinic), 'created')] },
    });
    expect(refused.body['rejected']).toHaveLength(1);
    await patch(user.id, { permissions: { can_register_patients: true } });
    const accepted = await push(server.app, { auth: basic }, t, {
      patients: { created: [asPushed(makeRow('patients', inClinic), 'created')] },
    });
    expect(accepted.body).toEqual({ ok: true });
  });

  test('moving to another clinic with permissions creates the row for that clinic', async () => {
    const user = await createUser();
    const clinic = await call(server.app, 'POST', '/api/admin/clinics', {
      auth,
      payload: { name: 'South' },
    });
    const clinicId = clinic.json<{ id: string }>().id;
    const moved = await patch(user.id, {
      clinic_id: clinicId,
      permissions: { can_edit_records: true },
    });
    expect(moved.json()).toMatchObject({ clinic_id: clinicId });
    expect(await permissionRowOf(user, clinicId)).toMatchObject({
      clinic_id: clinicId,
      can_edit_records: true,
    });
    expectError(await patch(user.id, { clinic_id: 'nowhere' }), 400, 'bad_request');
    expectError(await patch(user.id, { clinic_id: '' }), 400, 'bad_request');
  });

  test('a PATCH that changes nothing writes nothing devices would pull', async () => {
    const user = await createUser({ permissions: { can_view_history: true } });
    const counter = () =>
      server.database.db.query<{ value: number }>('SELECT value FROM sync_counter');
    const before = await counter();
    const same = await patch(user.id, {
      name: 'Person ' + user.email.match(/\d+/)![0],
      role: 'provider',
      permissions: { can_view_history: true },
    });
    expect(same.statusCode, same.body).toBe(200);
    expect(await counter()).toEqual(before);
  });

  test('unknown user is 404; unknown fields and bad values are 400', async () => {
    expectError(await patch('nobody', { name: 'X' }), 404, 'not_found');
    const user = await createUser();
    expect(
      issuePaths(await patch(user.id, { email: 'new@clinic.test', disabled: 'yes' })).sort(),
    ).toEqual(['', 'disabled']);
    expect(issuePaths(await patch(user.id, { password: 'short' }))).toEqual(['password']);
    expect(issuePaths(await patch(user.id, { permissions: { can_fly: true } }))).toEqual([
      'permissions',
    ]);
  });

  test('the last enabled administrator cannot be disabled or demoted', async () => {
    await createUser({ role: 'admin' });
    const others = await server.database.db.query<{ id: string }>(
      "SELECT id FROM users WHERE role IN ('admin', 'super_admin') AND id <> $1",
      [server.admin.id],
    );
    expect(others.length).toBeGreaterThan(0);
    // While other administrators are left, demoting or disabling one is fine.
    for (const { id } of others) expect((await patch(id, { disabled: true })).statusCode).toBe(200);
    expectError(await patch(server.admin.id, { disabled: true }), 409, 'conflict');
    expectError(await patch(server.admin.id, { role: 'provider' }), 409, 'conflict');
    expect((await call(server.app, 'GET', '/api/auth/me', { auth })).json()).toMatchObject({
      role: 'super_admin',
    });
  });
});
