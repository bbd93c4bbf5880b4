import { pullAnswer, schemaVersion } from '@clinicsync/schema';
import type { PullAnswer } from '@clinicsync/schema';
import { requestJson } from './http-client.js';
import type { HttpClient } from './http-client.js';

/** One page of a pull, its envelope checked (rows are checked as they are applied). */
export interface PulledPage {
  readonly changes: PullAnswer['changes'];
  readonly timestamp: number;
  /** The token of the next page, or null when this page is the last. */
  readonly next: string | null;
  /** What the whole pull holds, as a first page may say (PROTOCOL.md, "Paged pull"). */
  readonly estimate: { readonly records: number; readonly bytes: number } | null;
  /** The page's size as received, in bytes. */
  readonly bytes: number;
}

export interface PullRequest {
  readonly lastPulledAt: number;
  readonly limit: number;
  readonly next: string | null;
  readonly signal?: AbortSignal | undefined;
}

/**
 * `GET /api/v2/sync` for one page, parsed with the protocol's `pullAnswer`.
 * Errors: those of requestJson, among them `bad_response` for an answer
 * without changes, a positive integer timestamp, or a `next` when
 * `has_more` is true.
 */
export async function pullChanges(client: HttpClient, request: PullRequest): Promise<PulledPage> {
  const query = new URLSearchParams({
    last_pulled_at: String(request.lastPulledAt),
    schema_version: String(schemaVersion),
    limit: String(request.limit),
  });
  if (request.next !== null) query.set('next', request.next);
  let bytes = 0;
  const answer = await requestJson(
    client,
    {
      method: 'GET',
      path: `/api/v2/sync?${query}`,
      signal: request.signal,
      onReceived: (size) => (bytes = size),
    },
    pullAnswer,
  );
  // A server without paging ignores `limit` and answers everything at once.
  return {
    changes: answer.changes,
    timestamp: answer.timestamp,
    next: answer.has_more === true ? (answer.next ?? null) : null,
    estimate: answer.estimate ?? null,
    bytes,
  };
}
