import { errorBody } from '@clinicsync/schema';
import type { z } from 'zod';
import { ClinicSyncError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import type { SyncAuth } from './sync-types.js';

export interface HttpClient {
  readonly serverUrl: string;
  /** The fetch a caller gave; undefined for the platform's, which a browser's page reader worker uses too. */
  readonly fetch: typeof fetch | undefined;
  readonly auth: SyncAuth | (() => SyncAuth | Promise<SyncAuth>) | null;
  readonly deviceId: string | null;
  readonly timeoutMs: number;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path and query, e.g. `/api/v2/sync?last_pulled_at=0`. */
  readonly path: string;
  readonly body?: string;
  readonly signal?: AbortSignal | undefined;
  /** Told the size of the answer's body in bytes, once it is read. */
  readonly onReceived?: (bytes: number) => void;
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

/**
 * How a request without an answer ended: `dropped` when the connection was
 * open and then reset or broken (Node names it; a browser's fetch names
 * nothing, so there it is `unknown`), `unreachable` when none was made.
 */
export type NetworkFailure = 'dropped' | 'unreachable' | 'timeout' | 'unknown';

const droppedCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);

function networkFailure(error: unknown, timedOut: boolean): NetworkFailure {
  if (timedOut) return 'timeout';
  const codes: string[] = [];
  for (let e: unknown = error; e instanceof Error && codes.length < 8; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  if (codes.some((code) => droppedCodes.has(code))) return 'dropped';
  return codes.length > 0 ? 'unreachable' : 'unknown';
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

/** The error body of an answer, or undefined when a proxy or load balancer answered instead. */
function readErrorBody(text: string): z.output<typeof errorBody>['error'] | undefined {
  try {
    const parsed = errorBody.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error : undefined;
  } catch {
    return undefined;
  }
}

function errorFor(status: number, text: string, headers: Headers): ClinicSyncError {
  const error = readErrorBody(text);
  const serverCode = error?.code;
  const code: ErrorCode =
    status >= 500
      ? 'server'
      : serverCode === 'invalid_push'
        ? 'invalid_push'
        : (statusCodes[status] ?? 'bad_request');
  const serverMessage = error?.message ?? `HTTP ${status}`;
  const lead = code === 'server' ? 'The server had a problem' : 'The server refused the request';
  const message = [`${lead} (${serverMessage}).`, advice[code]].filter(Boolean).join(' ');
  const details = {
    serverCode,
    serverDetails: error?.details ?? null,
    retryAfterMs: retryAfterMs(headers.get('retry-after')),
  };
  return new ClinicSyncError(code, message, { status, details });
}

/** What a JSON answer is parsed with, and what its errors name. */
export interface AnswerContext {
  readonly serverUrl: string;
  readonly method: HttpRequest['method'];
  readonly path: string;
  readonly status: number;
  readonly contentType: string | null;
}

/**
 * The body of a successful answer, parsed with the protocol's schema for it
 * (a 204 answer has no body: `null` is parsed). Throws a ClinicSyncError:
 * `network` for JSON cut on the way, `bad_response` for an answer that is
 * not that message (`details.problems` says why). Pure: the database worker
 * parses pulled pages with it too.
 */
export function parseAnswer<S extends z.ZodType>(
  text: string,
  answer: S,
  context: AnswerContext,
): z.output<S> {
  let json: unknown = null;
  try {
    if (context.status !== 204) json = JSON.parse(text);
  } catch (error) {
    if (context.contentType?.includes('json')) {
      // A JSON answer that does not parse was cut on the way.
      throw new ClinicSyncError('network', 'The answer from the server was cut off. Sync again.', {
        cause: error,
      });
    }
    throw new ClinicSyncError(
      'bad_response',
      `${context.serverUrl} did not answer like a ClinicSync server (a Wi-Fi sign-in page?). Check the server address and the network.`,
      { status: context.status, cause: error },
    );
  }
  const parsed = answer.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || 'answer'}: ${i.message}`,
    );
    throw new ClinicSyncError(
      'bad_response',
      `The server's answer to ${context.method} ${context.path.split('?')[0]} is not valid (${problems.slice(0, 3).join('; ')}); nothing of it was stored. Tell your administrator.`,
      { status: context.status, details: { problems } },
    );
  }
  return parsed.data;
}

/** A successful answer's body as bytes, and what parseAnswer needs to read it. */
export interface RawAnswer {
  readonly body: ArrayBuffer;
  readonly context: AnswerContext;
}

/**
 * A request with its URL and headers made (the credentials among them):
 * what sendRequest needs, and all of it plain data, so a worker can send it.
 */
export interface PreparedRequest {
  readonly url: string;
  readonly method: HttpRequest['method'];
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly serverUrl: string;
  /** As in HttpRequest, for what errors and parseAnswer name. */
  readonly path: string;
}

export async function prepareRequest(
  client: HttpClient,
  request: HttpRequest,
): Promise<PreparedRequest> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    // Node's fetch asks for brotli over HTTPS only; over a clinic's plain
    // HTTP link gzip costs about 30% more bytes (bench/low-bandwidth.ts).
    // A browser ignores the header (it is the browser's to set) and asks
    // for brotli itself.
    'accept-encoding': 'br, gzip, deflate',
  };
  const auth = await authorization(client);
  if (auth) headers['authorization'] = auth;
  if (client.deviceId) headers['x-device-id'] = client.deviceId;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  return {
    url: `${client.serverUrl.replace(/\/+$/, '')}${request.path}`,
    method: request.method,
    headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    timeoutMs: client.timeoutMs,
    serverUrl: client.serverUrl,
    path: request.path,
  };
}

/**
 * Sends a prepared request with `fetchFn`; resolves with the body of a
 * successful answer, unread. Throws a ClinicSyncError: `aborted` (`signal`),
 * `network` (no answer, a cut answer or a timeout; `details.failure` says
 * which when there was no answer at all), or the code of the error status
 * (see errorFor).
 */
export async function sendRequest(
  fetchFn: typeof fetch,
  request: PreparedRequest,
  signal?: AbortSignal,
): Promise<RawAnswer> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signals = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  let body: ArrayBuffer;
  try {
    response = await fetchFn(request.url, {
      method: request.method,
      headers: request.headers,
      signal: signals,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    body = await response.arrayBuffer();
  } catch (error) {
    if (signal?.aborted)
      throw new ClinicSyncError('aborted', 'Sync was stopped.', { cause: error });
    const reason = timeout.aborted ? 'did not answer in time' : 'could not be reached';
    throw new ClinicSyncError(
      'network',
      `The server ${reason}. Check the connection and sync again.`,
      { cause: error, details: { failure: networkFailure(error, timeout.aborted) } },
    );
  }
  if (!response.ok) {
    throw errorFor(response.status, new TextDecoder().decode(body), response.headers);
  }
  return {
    body,
    context: {
      serverUrl: request.serverUrl,
      method: request.method,
      path: request.path,
      status: response.status,
      contentType: response.headers.get('content-type'),
    },
  };
}

/** The platform's fetch, called as a function of its own global (a bare reference loses `this`). */
export const platformFetch: typeof fetch = (input, init) => fetch(input, init);

/** One request to the server: prepareRequest, then sendRequest with the client's fetch. */
export async function requestBytes(client: HttpClient, request: HttpRequest): Promise<RawAnswer> {
  const answer = await sendRequest(
    client.fetch ?? platformFetch,
    await prepareRequest(client, request),
    request.signal,
  );
  request.onReceived?.(answer.body.byteLength);
  return answer;
}

/**
 * One request to the server, its JSON answer parsed with the protocol's
 * schema for it: requestBytes, then parseAnswer, with their errors.
 */
export async function requestJson<S extends z.ZodType>(
  client: HttpClient,
  request: HttpRequest,
  answer: S,
): Promise<z.output<S>> {
  const { body, context } = await requestBytes(client, request);
  return parseAnswer(new TextDecoder().decode(body), answer, context);
}
