import type { AnswerContext } from '../../src/sync/http-client.js';

/** The answer a pulled page came in, as the page readers are told of it. */
export const pageContext: AnswerContext = {
  serverUrl: 'https://sync.example.org',
  method: 'GET',
  path: '/api/v2/sync?last_pulled_at=0',
  status: 200,
  contentType: 'application/json; charset=utf-8',
};
