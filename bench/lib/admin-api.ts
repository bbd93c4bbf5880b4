// The administration calls the scoped scenario makes, over HTTP as an
// administrator's tool would (docs/api.md): sign in for a Bearer token,
// create a user, add them to a clinic and remove them from it.
import type { Permissions } from '@clinicsync/schema';

/** A provider's flags in a clinic, as the seed gives its providers. */
export const providerPermissions: Permissions = {
  can_register_patients: true,
  can_view_history: true,
  can_edit_records: true,
  can_prescribe_medications: true,
  can_dispense_medications: true,
};

async function call(
  method: string,
  url: string,
  token: string | null,
  body: object | undefined,
  expected: number,
): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (body) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (response.status !== expected) {
    throw new Error(
      `${method} ${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 300)}`,
    );
  }
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** A Bearer token for `email` (`POST /api/auth/sign-in`). */
export async function signIn(serverUrl: string, email: string, password: string): Promise<string> {
  const answer = (await call(
    'POST',
    `${serverUrl}/api/auth/sign-in`,
    null,
    { email, password },
    200,
  )) as {
    token: string;
  };
  return answer.token;
}

/** `POST /api/admin/users`: a user of one clinic with `permissions` there; their id. */
export async function createUser(
  serverUrl: string,
  token: string,
  user: {
    email: string;
    password: string;
    name: string;
    role: string;
    clinic_id: string;
    permissions: Permissions;
  },
): Promise<string> {
  const answer = (await call('POST', `${serverUrl}/api/admin/users`, token, user, 201)) as {
    id: string;
  };
  return answer.id;
}

/** `PUT /api/admin/users/:id/clinics/:clinic_id`: adds the user to a clinic. */
export async function addToClinic(
  serverUrl: string,
  token: string,
  userId: string,
  clinicId: string,
  permissions: Permissions,
): Promise<void> {
  await call(
    'PUT',
    `${serverUrl}/api/admin/users/${userId}/clinics/${clinicId}`,
    token,
    { permissions },
    200,
  );
}

/** `DELETE /api/admin/users/:id/clinics/:clinic_id`: removes the user from a clinic. */
export async function removeFromClinic(
  serverUrl: string,
  token: string,
  userId: string,
  clinicId: string,
): Promise<void> {
  await call(
    'DELETE',
    `${serverUrl}/api/admin/users/${userId}/clinics/${clinicId}`,
    token,
    undefined,
    204,
  );
}
