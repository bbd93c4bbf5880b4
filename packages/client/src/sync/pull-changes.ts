import { schemaVersion } from '@clinicsync/schema';
import { ClinicSyncError } from '../errors.js';
import { requestJson } from './http-client.js';
import type { HttpClient } from './http-client.js';

/** One page of a pull, checked for shape (rows are checked as they are applied). */
export interface PulledPage {
  readonly changes: Record<string, unknown>;
  readonly timestamp: number;
  /** The token of the next page, or null when this page is the last. */
  readonly next: string | null;
}

export interface PullRequest {
  readonly lastPulledAt: number;
  readonly limit: number;
  readonly next: string | null;
  readonly signal?: AbortSignal | undefined;
}

function badResponse(problem: string): ClinicSyncError {
  return new ClinicSyncError(
    'bad_response',
    `The server's answer to a pull is not valid (${problem}); nothing of it was stored. Tell your administrator.`,
  );
}

/**
 * `GET /api/v2/sync` for one page. Errors: those of requestJson, and
 * `bad_response` for an answer without changes, a positive integer
 * timestamp, or a `next` when `has_more` is true.
 */
export async function pullChanges(client: HttpClient, request: PullRequest): Promise<PulledPage> {
  const query = new URLSearchParams({
    last_pulled_at: String(request.lastPulledAt),
    schema_version: String(schemaVersion),
    limit: String(request.limit),
  });
  if (request.next !== null) query.set('next', request.next);
  const body = await requestJson<Record<string, unknown>>(client, {
    method: 'GET',
    path: `/api/v2/sync?${query}`,
    signal: request.signal,
  });
  const { changes, timestamp, has_more: hasMore, next } = body;
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw badResponse('changes is not an object');
  }
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp <= 0) {
    throw badResponse('timestamp is not a positive integer');
  }
  if (hasMore === true && (typeof next !== 'string' || next === '')) {
    throw badResponse('has_more without next');
  }
  // A server without paging ignores `limit` and answers everything at once.
  return {
    changes: changes as Record<string, unknown>,
    timestamp,
    next: hasMore === true ? (next as string) : null,
  };
}
