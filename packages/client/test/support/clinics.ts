import type { Permissions, Role } from '@clinicsync/schema';
import type { TestServer, TestUser } from '@clinicsync/testing/server';

let made = 0;

/** A call to the administration API as the test server's super administrator. */
async function asAdmin(server: TestServer, url: string, payload: object): Promise<unknown> {
  const signedIn = await server.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email: server.admin.email, password: server.admin.password },
  });
  const { token } = signedIn.json<{ token: string }>();
  const answer = await server.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}` },
    payload,
  });
  if (answer.statusCode !== 201)
    throw new Error(`${url} answered ${answer.statusCode}: ${answer.body}`);
  return answer.json();
}

/** A new clinic, made through `POST /api/admin/clinics`; returns its id. */
export async function addClinic(server: TestServer, name: string): Promise<string> {
  const clinic = (await asAdmin(server, '/api/admin/clinics', { name })) as { id: string };
  return clinic.id;
}

/** A user whose home clinic is `clinicId`, made through `POST /api/admin/users`. */
export async function addUserAt(
  server: TestServer,
  clinicId: string,
  role: Role,
  permissions: Permissions,
): Promise<TestUser> {
  const n = ++made;
  const email = `scope${n}.${role}.${clinicId.slice(0, 8)}@clinic.test`;
  const password = `pw-scope-${n}-secret`;
  const user = (await asAdmin(server, '/api/admin/users', {
    email,
    password,
    name: `${role} ${n}`,
    role,
    clinic_id: clinicId,
    permissions,
  })) as { id: string; name: string };
  return {
    id: user.id,
    email,
    name: user.name,
    role,
    clinicId,
    password,
    basic: `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`,
  };
}
