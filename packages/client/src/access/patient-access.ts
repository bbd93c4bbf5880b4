import { followAnswer, idPattern, patientLookupAnswer } from '@clinicsync/schema';
import type { LookedUpPatient } from '@clinicsync/schema';
import { ClinicSyncError } from '../errors.js';
import { forgetFollow, recordFollow } from '../store/followed-patients.js';
import type { StoreInternals } from '../store/store-internals.js';
import { requestJson } from '../sync/http-client.js';
import type { HttpClient, HttpRequest } from '../sync/http-client.js';
import { bearerAuth } from './bearer-auth.js';

export interface LookupOptions {
  /** Most patients answered (default 20; the server allows up to 100). */
  readonly limit?: number;
  readonly signal?: AbortSignal;
}

/**
 * The online calls around the user's scope. Each needs a connection and is
 * not retried (a person is waiting); each is written to the server's
 * access log. Errors (ClinicSyncError): `network` (offline or no answer),
 * `unauthorized`, `forbidden` (the user lacks `can_view_history` in every
 * clinic), `too_many_requests`, `server`, `bad_response`, `aborted`.
 */
export interface PatientAccess {
  /**
   * Patients of the whole organisation whose name, phone or id matches
   * `query`, in the user's scope or not, with only what identifies them and
   * `in_scope` (already on the user's devices). Empty text asks nothing.
   *
   * @example
   * const found = await engine.lookupPatients('amina haddad', { limit: 20 });
   * const away = found.filter((p) => !p.in_scope);
   */
  lookupPatients(query: string, options?: LookupOptions): Promise<LookedUpPatient[]>;
  /**
   * Adds the patient to the user's scope: the whole chart arrives with the
   * next sync. Following twice changes nothing. Also errors: `invalid_id`,
   * `not_found` (no such patient on the server).
   *
   * @example
   * await engine.followPatient(id);
   * await engine.sync(); // the chart is on the device now
   */
  followPatient(id: string, options?: { readonly signal?: AbortSignal }): Promise<void>;
  /**
   * Ends a follow: unless the patient is in the user's scope otherwise, the
   * chart leaves the device one sync after the next (so unsynced edits are
   * pushed first), and the report lists the patient in `departedPatients`.
   * Errors as `followPatient`.
   *
   * @example
   * await engine.unfollowPatient(id);
   * await engine.sync();
   */
  unfollowPatient(id: string, options?: { readonly signal?: AbortSignal }): Promise<void>;
}

// A person is waiting for each of these: no retries, a short wait.
const timeoutMs = 30_000;

function checkedId(id: string): string {
  if (!idPattern.test(id)) {
    throw new ClinicSyncError('invalid_id', `"${id}" is not a patient id.`, { details: { id } });
  }
  return id;
}

/** The call's errors, worded for the action a person took (not for a sync). */
function reworded(error: unknown, action: string, patientId?: string): unknown {
  if (!(error instanceof ClinicSyncError)) return error;
  if (error.code === 'network') {
    return new ClinicSyncError(
      'network',
      `${action} needs a connection to the server; try again when online.`,
      {
        cause: error,
      },
    );
  }
  if (error.code === 'bad_request' && error.status === 404 && patientId !== undefined) {
    return new ClinicSyncError('not_found', `The server did not find patient ${patientId}.`, {
      status: 404,
      details: error.details,
      cause: error,
    });
  }
  return error;
}

/**
 * The patient lookup and follow calls of PROTOCOL.md ("Scope"), on the sync
 * engine's server and credentials (with an email and password, signed in
 * once for a token: these calls take no Basic credentials). A follow is kept on the device too
 * (`store.followedPatients()`), and store watchers of `patients` hear it,
 * so a screen can offer to remove the patient again; the chart itself
 * arrives (or leaves) with the next sync.
 */
export function createPatientAccess(
  store: StoreInternals,
  client: () => HttpClient,
  now: () => number = Date.now,
): PatientAccess {
  const credentials = bearerAuth(client);
  const call = async <S extends Parameters<typeof requestJson>[2]>(
    request: HttpRequest,
    answer: S,
  ) => {
    const send = async () =>
      requestJson(
        {
          ...client(),
          auth: await credentials.auth(),
          timeoutMs: Math.min(client().timeoutMs, timeoutMs),
        },
        request,
        answer,
      );
    try {
      return await send();
    } catch (error) {
      // A token signed in for earlier may have expired: sign in once more.
      if (!(error instanceof ClinicSyncError && error.code === 'unauthorized')) throw error;
      if (!credentials.signedIn) throw error;
      credentials.forget();
      return send();
    }
  };

  const remember = async (id: string, following: boolean): Promise<void> =>
    store.lock.run(async () => {
      store.assertOpen();
      await store.driver.batch([following ? recordFollow(id, now()) : forgetFollow(id)]);
      store.notifier.emit(new Set(['patients']));
    });

  return {
    async lookupPatients(query, options = {}) {
      const q = query.trim();
      if (q === '') return [];
      const params = new URLSearchParams({ q, limit: String(options.limit ?? 20) });
      try {
        const answer = await call(
          { method: 'GET', path: `/api/patients/lookup?${params}`, signal: options.signal },
          patientLookupAnswer,
        );
        return answer.patients;
      } catch (error) {
        throw reworded(error, 'Searching the whole organisation');
      }
    },
    async followPatient(id, options = {}) {
      const path = `/api/patients/${encodeURIComponent(checkedId(id))}/follow`;
      try {
        await call({ method: 'POST', path, signal: options.signal }, followAnswer);
      } catch (error) {
        throw reworded(error, 'Adding a patient to this device', id);
      }
      await remember(id, true);
    },
    async unfollowPatient(id, options = {}) {
      const path = `/api/patients/${encodeURIComponent(checkedId(id))}/follow`;
      try {
        await call({ method: 'DELETE', path, signal: options.signal }, followAnswer);
      } catch (error) {
        throw reworded(error, 'Removing a patient from this device', id);
      }
      await remember(id, false);
    },
  };
}
