import { signInAnswer } from '@clinicsync/schema';
import type { SignInAnswer, UserAnswer } from '@clinicsync/schema';
import { ClinicSyncError } from '../errors.js';
import { requestJson } from './http-client.js';

/** The signed-in user: `{id, email, name, role, clinic_id}`. */
export type SignedInUser = UserAnswer;

/**
 * `{token, user, expires_at}`: use the token as `{ type: 'bearer', token }`
 * in the sync engine's `auth`; it stops working at `expires_at` (ISO 8601).
 */
export type SignInResult = SignInAnswer;

/**
 * Signs in with `POST /api/auth/sign-in` and returns the token for syncing.
 * Errors (ClinicSyncError): `unauthorized` (wrong email or password, or a
 * disabled account), `too_many_requests` (too many attempts: wait),
 * `network`, `server`, `bad_response`. Not retried: a person is waiting.
 *
 * @example
 * const { token, user } = await signIn('https://sync.example.org', email, password);
 * const engine = createSyncEngine(store, { serverUrl, auth: { type: 'bearer', token } });
 */
export async function signIn(
  serverUrl: string,
  email: string,
  password: string,
  options: { readonly fetch?: typeof fetch | undefined; readonly timeoutMs?: number } = {},
): Promise<SignInResult> {
  return requestJson(
    {
      serverUrl,
      fetch: options.fetch,
      auth: null,
      deviceId: null,
      timeoutMs: options.timeoutMs ?? 30_000,
    },
    { method: 'POST', path: '/api/auth/sign-in', body: JSON.stringify({ email, password }) },
    signInAnswer,
  ).catch((error: unknown) => {
    if (error instanceof ClinicSyncError && error.code === 'unauthorized') {
      throw new ClinicSyncError(
        'unauthorized',
        'The email or password is wrong, or the account is disabled.',
        {
          status: 401,
        },
      );
    }
    throw error;
  });
}
