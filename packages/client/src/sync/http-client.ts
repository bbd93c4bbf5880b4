import { ClinicSyncError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import type { SyncAuth } from './sync-types.js';

export interface HttpClient {
  readonly serverUrl: string;
  readonly fetch: typeof fetch;
  readonly auth: SyncAuth | (() => SyncAuth | Promise<SyncAuth>) | null;
  readonly deviceId: string | null;
  readonly timeoutMs: number;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query, e.g. `/api/v2/sync?last_pulled_at=0`. */
  readonly path: string;
  readonly body?: string;
  readonly signal?: AbortSignal | undefined;
}

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function authorization(client: HttpClient): Promise<string | undefined> {
  if (!client.auth) return undefined;
  const auth = typeof client.auth === 'function' ? await client.auth() : client.auth;
  return auth.type === 'bearer'
    ? `Bearer ${auth.token}`
    : `Basic ${base64(`${auth.email}:${auth.password}`)}`;
}

/** Seconds or an HTTP date, as `Retry-After` allows; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

const statusCodes: Record<number, ErrorCode> = {
  // The server gave up waiting for a slow upload (REQUEST_TIMEOUT_S): a bad link, worth a retry.
  408: 'network',
  401: 'unauthorized',
  403: 'forbidden',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'too_many_requests',
};

const advice: Partial<Record<ErrorCode, string>> = {
  unauthorized: 'Sign in again.',
  forbidden: 'Ask an administrator for access.',
  too_many_requests: 'Wait a moment and sync again.',
  server: 'Try again later; if it persists, tell your administrator.',
};

function errorFor(status: number, text: string, headers: Headers): ClinicSyncError {
  let body: { error?: { code?: unknown; message?: unknown; details?: unknown } } = {};
  try {
    body = (JSON.parse(text) as typeof body | null) ?? {};
  } catch {
    // A proxy or load balancer answered; its page says nothing we can show.
  }
  const serverCode = typeof body.error?.code === 'string' ? body.error.code : undefined;
  const code: ErrorCode =
    status >= 500
      ? 'server'
      : serverCode === 'invalid_push'
        ? 'invalid_push'
        : (statusCodes[status] ?? 'bad_request');
  const serverMessage =
    typeof body.error?.message === 'string' ? body.error.message : `HTTP ${status}`;
  const lead = code === 'server' ? 'The server had a problem' : 'The server refused the request';
  const message = [`${lead} (${serverMessage}).`, advice[code]].filter(Boolean).join(' ');
  const details = {
    serverCode,
    serverDetails: body.error?.details ?? null,
    retryAfterMs: retryAfterMs(headers.get('retry-after')),
  };
  return new ClinicSyncError(code, message, { status, details });
}

/**
 * One request to the server, answered with parsed JSON. Throws a
 * ClinicSyncError: `aborted` (the caller's signal), `network` (no answer, a
 * cut answer or a timeout), or the code of the error status (see errorFor).
 */
export async function requestJson<T>(client: HttpClient, request: HttpRequest): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const auth = await authorization(client);
  if (auth) headers['authorization'] = auth;
  if (client.deviceId) headers['x-device-id'] = client.deviceId;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const timeout = AbortSignal.timeout(client.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const url = `${client.serverUrl.replace(/\/+$/, '')}${request.path}`;
  let response: Response;
  let text: string;
  try {
    response = await client.fetch(url, {
      method: request.method,
      headers,
      signal,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    text = await response.text();
  } catch (error) {
    if (request.signal?.aborted)
      throw new ClinicSyncError('aborted', 'Sync was stopped.', { cause: error });
    const reason = timeout.aborted ? 'did not answer in time' : 'could not be reached';
    throw new ClinicSyncError(
      'network',
      `The server ${reason}. Check the connection and sync again.`,
      { cause: error },
    );
  }
  if (!response.ok) throw errorFor(response.status, text, response.headers);
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    if (response.headers.get('content-type')?.includes('json')) {
      // A JSON answer that does not parse was cut on the way.
      throw new ClinicSyncError('network', 'The answer from the server was cut off. Sync again.', {
        cause: error,
      });
    }
    throw new ClinicSyncError(
      'bad_response',
      `${client.serverUrl} did not answer like a ClinicSync server (a Wi-Fi sign-in page?). Check the server address and the network.`,
      { status: response.status, cause: error },
    );
  }
}
