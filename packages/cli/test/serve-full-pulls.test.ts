import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildOnce, freshStorage, killServers, runCli, startServer } from '@clinicsync/testing/cli';
import type { Storage } from '@clinicsync/testing/cli';

// `serve --full-pulls-per-hour` reaches the server: past it a first sync
// (last_pulled_at 0) is 429 with Retry-After, while an incremental pull is not.

let storage: Storage | undefined;
beforeAll(() => buildOnce());
afterAll(async () => {
  killServers();
  await storage?.cleanup();
});

test(
  'serve --full-pulls-per-hour 1: the second first sync of a user is 429',
  { timeout: 240_000 },
  async () => {
    storage = await freshStorage();
    const email = 'root@example.org';
    const password = 'a long enough passphrase';
    const created = await runCli(['admin', 'create', '--email', email, ...storage.args], {
      ...storage.env,
      CLINICSYNC_PASSWORD: password,
    });
    expect(created.code, created.stderr).toBe(0);

    const server = startServer(['--full-pulls-per-hour', '1', ...storage.args], storage.env);
    const [, url] = await server.waitFor(/running at (http:\/\/127\.0\.0\.1:\d+)/);
    const authorization = `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
    const pull = (since: number) =>
      fetch(`${url!}/api/v2/sync?last_pulled_at=${since}`, { headers: { authorization } });

    const first = await pull(0);
    expect(first.status).toBe(200);
    const { timestamp } = (await first.json()) as { timestamp: number };
    const second = await pull(0);
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await second.json()).toMatchObject({ error: { code: 'too_many_requests' } });
    expect((await pull(timestamp)).status).toBe(200);
    expect(await server.stop()).toBe(0);
  },
);
