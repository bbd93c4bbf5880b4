/**
 * Every error the SDK raises, by code. Store errors come from a bad write or
 * read; sync errors from the server or the network. An app switches on
 * `code`; `message` is written for the person holding the device.
 */
export const errorCodes = [
  // The local store.
  'invalid_value',
  'invalid_id',
  'unknown_table',
  'unknown_column',
  'not_found',
  'already_exists',
  'store_closed',
  'schema_mismatch',
  // Sync.
  'unauthorized',
  'forbidden',
  'network',
  'server',
  'too_many_requests',
  'invalid_push',
  'bad_request',
  'payload_too_large',
  'conflict',
  'bad_response',
  'aborted',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** Codes worth trying again later without changing anything. */
const transientCodes: ReadonlySet<ErrorCode> = new Set(['network', 'server', 'too_many_requests']);

/**
 * The one error class of the SDK: a code, a message a user can act on, and
 * details: for an error answer, `{serverCode, serverDetails, retryAfterMs}`
 * (an `invalid_push` lists the server's problems in `serverDetails.problems`);
 * for a refused write or a bad pulled row, the table, id and column.
 */
export class ClinicSyncError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  /** HTTP status of the answer that caused it, when there was one. */
  readonly status: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: unknown; status?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ClinicSyncError';
    this.code = code;
    this.details = options.details;
    this.status = options.status;
  }

  /** True when the same call may succeed later unchanged (network, 5xx, 429). */
  get transient(): boolean {
    return transientCodes.has(this.code);
  }
}

/**
 * Whether `error` is a ClinicSyncError, optionally of one code. Never throws.
 *
 * @example
 * try { await engine.sync(); } catch (error) {
 *   if (isClinicSyncError(error, 'unauthorized')) showSignIn();
 * }
 */
export function isClinicSyncError(error: unknown, code?: ErrorCode): error is ClinicSyncError {
  return error instanceof ClinicSyncError && (code === undefined || error.code === code);
}
