import type { Permissions, Role } from '@clinicsync/schema';
import { asPushed, clinicalRow } from '@clinicsync/testing/fixtures';
import { push } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';

export interface ClinicUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
}

/** A bearer token of `user`, signed in through the API. */
export async function tokenOf(
  server: TestServer,
  user: { readonly email: string; readonly password: string },
): Promise<string> {
  const signedIn = await server.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email: user.email, password: user.password },
  });
  return signedIn.json<{ token: string }>().token;
}

/** An API call with `user`'s token; throws unless it answers `expected`. */
export async function callAs(
  server: TestServer,
  token: string,
  method: 'POST' | 'DELETE',
  url: string,
  expected: number,
  payload?: object,
): Promise<unknown> {
  const answer = await server.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload }),
  });
  if (answer.statusCode !== expected) {
    throw new Error(`${method} ${url} answered ${answer.statusCode}: ${answer.body}`);
  }
  return answer.body === '' ? null : answer.json();
}

/** A clinic and a user whose home it is. */
export async function clinicWithUser(
  server: TestServer,
  name: string,
  role: Role,
  permissions: Permissions,
): Promise<{ clinicId: string; user: ClinicUser }> {
  const clinicId = await server.addClinic(name);
  const user = await server.addUser(role, permissions, clinicId);
  return { clinicId, user };
}

/**
 * A patient of `clinicId` with one visit there and a consultation whose
 * chief complaint is `complaint`, pushed by `user` (a user of that clinic).
 */
export async function pushChart(
  server: TestServer,
  user: ClinicUser,
  clinicId: string,
  patient: Record<string, unknown>,
  complaint: string,
): Promise<string> {
  const row = clinicalRow('patients', clinicId, { ...patient, last_modified_by: user.id });
  const visit = clinicalRow('visits', clinicId, { patient_id: row.id, provider_id: user.id });
  const event = clinicalRow('events', clinicId, {
    patient_id: row.id,
    visit_id: visit.id,
    event_type: 'General consultation',
    recorded_by_user_id: user.id,
    form_data: JSON.stringify([
      {
        fieldId: 'complaint',
        fieldType: 'free-text',
        inputType: 'text',
        name: 'Chief complaint',
        value: complaint,
      },
    ]),
  });
  const auth = `Basic ${Buffer.from(`${user.email}:${user.password}`).toString('base64')}`;
  const pushed = await push(server.app, { auth }, null, {
    patients: { created: [asPushed(row, 'created')], updated: [], deleted: [] },
    visits: { created: [asPushed(visit, 'created')], updated: [], deleted: [] },
    events: { created: [asPushed(event, 'created')], updated: [], deleted: [] },
  });
  if (pushed.status !== 200 || pushed.body['rejected']) {
    throw new Error(`pushing the chart answered ${pushed.status}: ${JSON.stringify(pushed.body)}`);
  }
  return row.id;
}
