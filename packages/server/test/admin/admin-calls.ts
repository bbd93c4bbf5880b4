import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/**
 * Every answer through `call`, so a test can check that none carries a
 * secret. Files share modules within a test worker: a file that checks it
 * empties it first (`answers.length = 0` in its `beforeAll`).
 */
export const answers: { readonly url: string; readonly body: string }[] = [];

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One call through the real app; `auth` is a whole Authorization header. */
export async function call(
  app: FastifyInstance,
  method: Method,
  url: string,
  options: { auth?: string; payload?: unknown } = {},
): Promise<LightMyRequestResponse> {
  const response = await app.inject({
    method,
    url,
    headers: options.auth ? { authorization: options.auth } : {},
    ...(options.payload === undefined
      ? {}
      : { payload: options.payload as Record<string, unknown> }),
  });
  answers.push({ url, body: response.body });
  return response;
}

/** Signs in through `/api/auth/sign-in` and returns `Bearer <token>`. */
export async function signIn(
  app: FastifyInstance,
  email: string,
  password: string,
): Promise<string> {
  const response = await call(app, 'POST', '/api/auth/sign-in', { payload: { email, password } });
  expect(response.statusCode, response.body).toBe(200);
  return `Bearer ${response.json<{ token: string }>().token}`;
}

export function basicAuth(email: string, password: string): string {
  return `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
}

/** Asserts PROTOCOL.md's error shape: exactly `{error: {code, message, details}}`. */
export function expectError(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json<{ error: { code: string; message: string; details: unknown } }>();
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  return body.error;
}

/** The problem paths a 400 answer lists. */
export function issuePaths(response: LightMyRequestResponse): string[] {
  const error = expectError(response, 400, 'bad_request');
  return (error.details as { issues: { path: string }[] }).issues.map((i) => i.path);
}
