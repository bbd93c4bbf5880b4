import { ClinicSyncError } from '../errors.js';
import { requestJson } from './http-client.js';

export interface SignedInUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly clinic_id: string;
}

export interface SignInResult {
  /** Use as `{ type: 'bearer', token }` in the sync engine's `auth`. */
  readonly token: string;
  readonly user: SignedInUser;
  /** When the token stops working (ISO 8601). */
  readonly expires_at: string;
}

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
  options: { readonly fetch?: typeof fetch; readonly timeoutMs?: number } = {},
): Promise<SignInResult> {
  const answer = await requestJson<Partial<SignInResult>>(
    {
      serverUrl,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      auth: null,
      deviceId: null,
      timeoutMs: options.timeoutMs ?? 30_000,
    },
    { method: 'POST', path: '/api/auth/sign-in', body: JSON.stringify({ email, password }) },
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
  if (
    typeof answer.token !== 'string' ||
    typeof answer.user !== 'object' ||
    typeof answer.expires_at !== 'string'
  ) {
    throw new ClinicSyncError(
      'bad_response',
      `${serverUrl} did not answer the sign-in like a ClinicSync server.`,
    );
  }
  return { token: answer.token, user: answer.user, expires_at: answer.expires_at };
}
