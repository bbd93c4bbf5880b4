import { z } from 'zod';
import { ClinicSyncError } from '../errors.js';
import { requestJson } from './http-client.js';

/**
 * Signs out with `POST /api/auth/sign-out`: the server stops accepting the
 * token at once. A token the server already refuses (expired, revoked, a
 * disabled account) counts as signed out. Errors (ClinicSyncError):
 * `network` (the token still works until it expires: the caller should say
 * so), `server`, `too_many_requests`. Not retried: a person is waiting.
 *
 * @example
 * await signOut('https://sync.example.org', token);
 */
export async function signOut(
  serverUrl: string,
  token: string,
  options: { readonly fetch?: typeof fetch | undefined; readonly timeoutMs?: number } = {},
): Promise<void> {
  try {
    await requestJson(
      {
        serverUrl,
        fetch: options.fetch,
        auth: { type: 'bearer', token },
        deviceId: null,
        timeoutMs: options.timeoutMs ?? 30_000,
      },
      { method: 'POST', path: '/api/auth/sign-out' },
      z.null(),
    );
  } catch (error) {
    if (error instanceof ClinicSyncError && error.code === 'unauthorized') return;
    throw error;
  }
}
