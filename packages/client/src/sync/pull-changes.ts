import { schemaVersion } from '@clinicsync/schema';
import { prepareRequest, requestBytes } from './http-client.js';
import type { HttpClient, HttpRequest } from './http-client.js';
import { readPulledPage } from './pulled-page.js';
import type { PageStager, PulledPage } from './pulled-page.js';

export interface PullRequest {
  readonly lastPulledAt: number;
  readonly limit: number;
  readonly next: string | null;
  readonly signal?: AbortSignal | undefined;
}

/**
 * `GET /api/v2/sync` for one page, read with readPulledPage: here, or
 * fetched and read by `stager` (a browser's page reader worker) when the
 * client uses the platform's fetch. Errors: those of requestBytes and readPulledPage,
 * among them `bad_response` for an answer without changes, a positive
 * integer timestamp, or a `next` when `has_more` is true, or with a bad row.
 */
export async function pullChanges(
  client: HttpClient,
  request: PullRequest,
  stager: PageStager | null,
): Promise<PulledPage> {
  const query = new URLSearchParams({
    last_pulled_at: String(request.lastPulledAt),
    schema_version: String(schemaVersion),
    limit: String(request.limit),
  });
  if (request.next !== null) query.set('next', request.next);
  const http: HttpRequest = {
    method: 'GET',
    path: `/api/v2/sync?${query}`,
    signal: request.signal,
  };
  if (stager && client.fetch === undefined) {
    return stager.pullPage(await prepareRequest(client, http), request.signal);
  }
  const { body, context } = await requestBytes(client, http);
  return readPulledPage(body, context);
}
