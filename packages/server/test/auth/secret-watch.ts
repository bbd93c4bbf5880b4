import { Writable } from 'node:stream';
import type { FastifyServerOptions } from 'fastify';
import { expect } from 'vitest';
import { loggerOptions } from '../../src/app.js';

type PinoOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/** The server's real logger settings (redaction included), writing into `lines`. */
export function memoryLogger(): { logger: PinoOptions; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: { ...(loggerOptions('info') as PinoOptions), stream }, lines };
}

function issuedToken(body: string): string | undefined {
  try {
    const token = (JSON.parse(body) as { token?: unknown }).token;
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Asserts PROTOCOL.md's rule: no answer and no log line holds a password, a
 * password hash (`$argon2…`) or a token, except the sign-in answer that
 * issued that token.
 */
export function expectNoSecrets(
  answers: readonly { url: string; body: string }[],
  logLines: readonly string[],
  secrets: readonly string[],
): void {
  const tokens = answers.map((a) => issuedToken(a.body)).filter((t) => t !== undefined);
  expect(tokens.length).toBeGreaterThan(0);
  for (const answer of answers) {
    const own = issuedToken(answer.body);
    for (const secret of [...secrets, '$argon2', ...tokens.filter((t) => t !== own)]) {
      expect(answer.body, answer.url).not.toContain(secret);
    }
  }
  expect(logLines.length).toBeGreaterThan(answers.length / 2);
  const log = logLines.join('');
  for (const secret of [...secrets, '$argon2', ...tokens]) expect(log).not.toContain(secret);
}
